/**
 * The real payloads of ../shared/data, read once and handed out as pieces to build test inputs
 * from: twcs rows with their raw CSV text, X archive tweets, Mastodon outbox activities, and the
 * same conversations as Meetlat NDJSON. Tests build their files in temp folders from these; the
 * shared files themselves are only read.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { sharedFile } from './data.ts';

export const TWCS_SAMPLE = sharedFile('twcs-sample', 'twcs_sample.csv');
export const X_TWEETS = sharedFile('formats', 'twitter-archive', 'data', 'tweets.js');
export const MASTODON_OUTBOX = sharedFile('formats', 'activitypub', 'outbox.json');
export const MASTODON_ACTOR = sharedFile('formats', 'activitypub', 'actor.json');

/** The owner of the X archive, as its tweet-headers.js says (which the tests do not copy). */
export const X_OWNER = { userId: '112769581', handle: 'andreruffert' } as const;

export const TWCS_HEADER =
  'tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id';

export interface TwcsRow {
  tweet_id: string;
  author_id: string;
  inbound: string;
  created_at: string;
  text: string;
  response_tweet_id: string;
  in_response_to_tweet_id: string;
  /** The record exactly as in the file, without its final line break (may span lines). */
  raw: string;
}

let twcsCache: TwcsRow[] | undefined;

/** Every row of twcs_sample.csv, in file order. */
export function twcsRows(): TwcsRow[] {
  twcsCache ??= (
    parse(readFileSync(TWCS_SAMPLE), { columns: true, raw: true }) as {
      record: Omit<TwcsRow, 'raw'>;
      raw: string;
    }[]
  ).map(({ record, raw }) => ({ ...record, raw: raw.replace(/\r?\n$/, '') }));
  return twcsCache;
}

/** One twcs CSV record (quoted where needed), without a line break at the end. */
export function twcsLine(row: Omit<TwcsRow, 'raw'> | TwcsRow): string {
  return stringify([
    [
      row.tweet_id,
      row.author_id,
      row.inbound,
      row.created_at,
      row.text,
      row.response_tweet_id,
      row.in_response_to_tweet_id,
    ],
  ]).replace(/\r?\n$/, '');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Tue Oct 31 22:14:37 +0000 2017` → `2017-10-31T22:14:37Z` (the sample is all +0000). */
export function isoFromTwitterDate(value: string): string {
  const m = /^\w{3} (\w{3}) (\d{2}) (\d{2}:\d{2}:\d{2}) \+0000 (\d{4})$/.exec(value);
  if (!m) throw new Error(`not a +0000 Twitter date: ${value}`);
  const month = String(MONTHS.indexOf(m[1] as string) + 1).padStart(2, '0');
  return `${m[4]}-${month}-${m[2]}T${m[3]}Z`;
}

/** A twcs row as a Meetlat NDJSON message object (not yet serialised). */
export function ndjsonFromTwcs(row: TwcsRow): Record<string, unknown> {
  return {
    platform: 'x',
    id: row.tweet_id,
    author: { id: row.author_id, handle: row.author_id },
    created_at: isoFromTwitterDate(row.created_at),
    text: row.text,
    ...(row.in_response_to_tweet_id ? { in_reply_to: { id: row.in_response_to_tweet_id } } : {}),
  };
}

let tweetsCache: { tweet: Record<string, unknown> }[] | undefined;

/** Every element of the X archive's tweets.js (`{ tweet: {...} }`), in file order. */
export function xArchiveItems(): { tweet: Record<string, unknown> }[] {
  if (!tweetsCache) {
    const text = readFileSync(X_TWEETS, 'utf8');
    tweetsCache = JSON.parse(text.slice(text.indexOf('=') + 1));
  }
  return structuredClone(tweetsCache as { tweet: Record<string, unknown> }[]);
}

/** The X archive's tweets.js exactly as it is. */
export function xArchiveText(): string {
  return readFileSync(X_TWEETS, 'utf8');
}

let outboxCache: Record<string, unknown>[] | undefined;

/** Every activity of the Mastodon outbox, in file order. */
export function outboxItems(): Record<string, unknown>[] {
  outboxCache ??= (JSON.parse(readFileSync(MASTODON_OUTBOX, 'utf8')) as { orderedItems: [] }).orderedItems;
  return structuredClone(outboxCache);
}

/** The Mastodon outbox.json exactly as it is (one line). */
export function outboxText(): string {
  return readFileSync(MASTODON_OUTBOX, 'utf8');
}

export type Piece = string | Buffer;

function bytes(piece: Piece): Buffer {
  return typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
}

function lineBreaks(piece: Piece): number {
  const b = bytes(piece);
  let n = 0;
  for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * A file built line by line, that knows on which line (from 1) each added piece starts: the
 * expected `file:line` of a reject comes from here, not from the importer.
 */
export class LineFile {
  private readonly parts: Buffer[] = [];
  private nextLine = 1;

  /** Appends `piece` and a line break; returns the line the piece starts on. */
  add(piece: Piece, options: { newline?: boolean } = {}): number {
    const line = this.nextLine;
    const b = bytes(piece);
    this.parts.push(b);
    this.nextLine += lineBreaks(b);
    if (options.newline !== false) {
      this.parts.push(Buffer.from('\n'));
      this.nextLine++;
    }
    return line;
  }

  get line(): number {
    return this.nextLine;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/**
 * A JSON array inside a wrapper, one element per line: `prefix` on line 1, element i (from 0) on
 * line i + 2. `items` are serialised elements (strings, or bytes for broken UTF-8).
 */
export function jsonArrayFile(prefix: string, items: readonly Piece[], suffix: string): Buffer {
  const parts: Buffer[] = [Buffer.from(`${prefix}\n`)];
  items.forEach((item, i) => {
    parts.push(bytes(item), Buffer.from(i < items.length - 1 ? ',\n' : '\n'));
  });
  parts.push(Buffer.from(suffix));
  return Buffer.concat(parts);
}

export const YTD_PREFIX = 'window.YTD.tweets.part0 = [';

/** An X archive tweets.js with these elements, element i (from 0) on line i + 2. */
export function tweetsJs(items: readonly Piece[]): Buffer {
  return jsonArrayFile(YTD_PREFIX, items, ']\n');
}

/** A Mastodon outbox.json with these activities, activity i (from 0) on line i + 2. */
export function outboxJson(items: readonly Piece[]): Buffer {
  return jsonArrayFile(
    `{"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json","type":"OrderedCollection","totalItems":${items.length},"orderedItems":[`,
    items,
    ']}\n',
  );
}

/** `text` with `marker` replaced by raw bytes (to put broken UTF-8 inside a record). */
export function withBytes(text: string, marker: string, raw: readonly number[]): Buffer {
  const at = text.indexOf(marker);
  if (at === -1) throw new Error(`marker ${marker} not in text`);
  return Buffer.concat([
    Buffer.from(text.slice(0, at)),
    Buffer.from(raw),
    Buffer.from(text.slice(at + marker.length)),
  ]);
}

/** 1-based line of the character at `offset` in `text`. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A temp folder, removed by the returned function. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'meetlat-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
