import type { MessageInput } from '../domain/message.ts';
import type { OrganisationKind } from '../domain/organisation.ts';

/** An organisation as a file or loader describes it. */
export interface OrganisationInput {
  code: string;
  name: string;
  displayName: string | null;
  kind: OrganisationKind;
  provinceCode: string | null;
  safetyRegionCode: string | null;
  /** Inhabitants on 1 January of each year given. */
  inhabitants: { year: number; count: number; source: string }[];
}

/** A channel account as a file or adapter describes it. */
export interface AccountInput {
  platform: string;
  platformUserId: string;
  handle: string;
  displayName: string | null;
  relation: 'owned' | 'watched';
  /** Code of the organisation it belongs to, or null. */
  organisationCode: string | null;
}

/** What the platform reported about an account at a moment. */
export interface SnapshotInput {
  platform: string;
  platformUserId: string;
  takenAt: Date;
  followers: number | null;
  following: number | null;
  posts: number | null;
  source: string;
}

/** Everything an importer, adapter or generator hands to the ingest pipeline. */
export type IngestRecord =
  | { type: 'organisation'; organisation: OrganisationInput }
  | { type: 'account'; account: AccountInput }
  | { type: 'snapshot'; snapshot: SnapshotInput }
  | { type: 'message'; message: MessageInput };

/** Why a record was turned away. Stable codes, for counting and for tests. */
export const REJECT_CODES = [
  'malformed', // not parseable at all: broken JSON, a CSV row with the wrong number of columns
  'encoding', // not valid UTF-8
  'missing_field', // a required field is absent or empty
  'invalid_field', // a field has an impossible value (a date that does not exist, a negative count)
  'too_large', // a record over the size limit
  'reply_cycle', // replying to it would close a loop of replies
  'conflict', // the same id twice in one source with different contents
  'unknown_reference', // it names an organisation or account that does not exist
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

/** One record read from a source, or the reason it could not be read. `location` is `file:line`. */
export type Parsed =
  | {
      ok: true;
      location: string;
      record: IngestRecord;
      /** Made from another record (a brand's account from a support export): not counted as read. */
      derived?: boolean;
    }
  | { ok: false; location: string; code: RejectCode; reason: string };

/** A source of records: a file importer, a demo generator, a sync. */
export interface RecordSource {
  /** Shown in reports and kept in the ingest audit, e.g. `twcs` or `mastodon-outbox`. */
  readonly format: string;
  /** Bytes of input consumed so far and in total, for progress; undefined when unknown. */
  progress?(): { done: number; total: number | undefined };
  records(): AsyncIterable<Parsed>;
}

export class RecordError extends Error {
  constructor(
    readonly code: RejectCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The code and reason of a record that could not be taken. Anything but a RecordError is a fault
 * in Meetlat, not in the record, and is thrown on rather than reported as a reject.
 */
export function rejectOf(error: unknown): { code: RejectCode; reason: string } {
  if (error instanceof RecordError) return { code: error.code, reason: error.message };
  throw error;
}

/**
 * A file that cannot be used at all: missing, not the format it was said to be, the wrong
 * columns, not UTF-8 where that is checked for the whole file. Nothing from it is stored, and
 * the CLI exits with status 2. `file` is how the file is named in the message (`twcs.csv:1`).
 */
export class UnusableFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}
