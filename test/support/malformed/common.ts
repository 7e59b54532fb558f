/**
 * A corpus of malformed inputs for the four file importers, built at test time from the real
 * payloads (corpusSources.ts) and a few hand-made records. Each case builds its file(s) in a
 * temp folder and says what must come of importing them: how many messages are stored, and
 * which records are rejected where (`file:line`, `file:line (item N)` for JSON arrays), with
 * which code and a reason that says what is wrong; or, when the whole file is unusable, the
 * error that must name it.
 *
 * The expected figures are written here from how the files were built, never read back from
 * the importers. A case with `bug` set expects what the documentation (records.ts, README,
 * docs/architecture.md) promises and the code does not do yet.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportOptions } from '../../../src/importers/index.ts';
import { MAX_RECORD_BYTES } from '../../../src/importers/lines.ts';
import type { RejectCode } from '../../../src/ingest/records.ts';
import type { Db } from '../../../src/store/db.ts';
import { type Piece, type TwcsRow, twcsRows } from '../corpusSources.ts';

export type Format = 'twcs' | 'x-archive' | 'mastodon-outbox' | 'ndjson';

export type Family =
  | 'truncated'
  | 'encoding'
  | 'columns'
  | 'dates'
  | 'duplicates'
  | 'cycles'
  | 'size'
  | 'text'
  | 'types'
  | 'structure';

export interface ExpectedReject {
  location: string;
  code: RejectCode;
  reason: RegExp;
}

/** One import of one file, and what it must do. */
export interface ImportStep {
  path: string;
  options?: ImportOptions;
  /** Messages of this file that must be stored by this import. */
  stored: number;
  rejects?: ExpectedReject[];
  /** Records counted as duplicates (repeated in the file or stored before). */
  duplicates?: number;
}

/** An import of a file that cannot be used at all: it must fail with an error naming it. */
export interface UnusableStep {
  path: string;
  options?: ImportOptions;
  error: RegExp;
  /** What the error must name: the file's name by default, or the path of what is missing. */
  names?: string;
}

export interface Built {
  /** Imported in order into one database. */
  imports: (ImportStep | UnusableStep)[];
  /** More checks on the database afterwards. */
  check?: (db: Db) => Promise<void>;
}

export interface MalformedCase {
  name: string;
  format: Format;
  family: Family;
  /** The documented behaviour this case expects and the product does not have (yet). */
  bug?: string;
  build(dir: string): Built;
}

export function isUnusable(step: ImportStep | UnusableStep): step is UnusableStep {
  return 'error' in step;
}

// ---------------------------------------------------------------------------------------------
// shared pieces

/** Text that must be stored as it is: markup, SQL, COPY markers, quotes and backslashes. */
export const HOSTILE_TEXT = [
  `<script>alert("xss")</script><img src=x onerror=alert(1)>`,
  `Robert'); DROP TABLE messages;-- 1' OR '1'='1 $1 \\N`,
  `\\.`,
  `"quoted", 'single' and \\ backslash`,
].join('\n');

/** The same on one line, for HTML sources where line breaks are markup. */
export const HOSTILE_LINE = HOSTILE_TEXT.replaceAll('\n', ' ');

export const OVER_ONE_LINE = MAX_RECORD_BYTES + 64 * 1024; // a line over 1 MiB
export const BIG_TEXT = 900 * 1024; // 900 KB: under the line limit, over the text limit

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Offset in UTF-8 bytes of `marker` in `text`. */
export function byteOffset(text: string, marker: string): number {
  return Buffer.byteLength(text.slice(0, text.indexOf(marker)));
}

async function storedText(db: Db, platformId: string): Promise<string | undefined> {
  const [row] = await db.query<{ text: string }>('SELECT text FROM messages WHERE platform_id = $1', [
    platformId,
  ]);
  return row?.text;
}

export async function assertStoredText(db: Db, platformId: string, expected: string): Promise<void> {
  assert.equal(await storedText(db, platformId), expected, `text of ${platformId}`);
}

export async function assertNotStored(db: Db, platformId: string): Promise<void> {
  assert.equal(await storedText(db, platformId), undefined, `${platformId} must not be stored`);
}

/** What a stored text with NUL and a lone surrogate must look like: each became U+FFFD. */
export const CLEANED = (before: string, after: string) => `${before}\uFFFD${after}`;

export const TWCS_FILE = 'twcs.csv';
export const twcsAt = (line: number) => `${TWCS_FILE}:${line}`;
/** The real rows every twcs and ndjson file starts from, and rows to spoil. */
export const BASE_ROWS = 12;
export const base = (): TwcsRow[] => twcsRows().slice(0, BASE_ROWS);
export const spare = (i: number): TwcsRow => twcsRows()[BASE_ROWS + i] as TwcsRow;

export interface Expect {
  stored: number;
  rejects?: ExpectedReject[];
  duplicates?: number;
}

export function writeFile(dir: string, name: string, content: Piece): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
