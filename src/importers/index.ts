import type { RecordSource } from '../ingest/records.ts';
import { mastodonOutboxSource } from './mastodonOutbox.ts';
import { ndjsonSource } from './ndjson.ts';
import { twcsSource } from './twcs.ts';
import { xArchiveSource } from './xArchive.ts';

/** What a file importer may be told besides the file. */
export interface ImportOptions {
  /** The organisation the export's own account belongs to. */
  organisation?: string;
  /** The export's own account, where the file does not say (X archives without account.js). */
  handle?: string;
  userId?: string;
  /** actor.json of a Mastodon export, when it is not beside outbox.json. */
  actor?: string;
}

export interface Importer {
  format: string;
  description: string;
  open(path: string, options: ImportOptions): Promise<RecordSource> | RecordSource;
}

export const IMPORTERS: readonly Importer[] = [
  {
    format: 'twcs',
    description: 'Customer Support on Twitter CSV (tweet_id, author_id, inbound, created_at, text, …)',
    open: (path) => twcsSource(path),
  },
  {
    format: 'x-archive',
    description: "an X archive's tweets.js (account.js or tweet-headers.js beside it, or --user-id/--handle)",
    open: (path, options) => xArchiveSource(path, options),
  },
  {
    format: 'mastodon-outbox',
    description: "a Mastodon export's outbox.json (actor.json beside it, or --actor)",
    open: (path, options) => mastodonOutboxSource(path, options),
  },
  {
    format: 'ndjson',
    description: "Meetlat's own NDJSON (schemas/meetlat-ndjson.schema.json)",
    open: (path) => ndjsonSource(path),
  },
];

export function findImporter(format: string): Importer | undefined {
  return IMPORTERS.find((i) => i.format === format);
}
