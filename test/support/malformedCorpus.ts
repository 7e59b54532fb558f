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
import type { ImportOptions } from '../../src/importers/index.ts';
import { MAX_RECORD_BYTES } from '../../src/importers/lines.ts';
import type { RejectCode } from '../../src/ingest/records.ts';
import { MAX_TEXT_LENGTH } from '../../src/ingest/steps/normalise.ts';
import type { Db } from '../../src/store/db.ts';
import {
  LineFile,
  lineOfOffset,
  MASTODON_ACTOR,
  ndjsonFromTwcs,
  outboxItems,
  outboxJson,
  outboxText,
  type Piece,
  TWCS_HEADER,
  type TwcsRow,
  twcsLine,
  twcsRows,
  tweetsJs,
  withBytes,
  X_OWNER,
  xArchiveItems,
  xArchiveText,
  YTD_PREFIX,
} from './corpusSources.ts';

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

const OVER_ONE_LINE = MAX_RECORD_BYTES + 64 * 1024; // a line over 1 MiB
const BIG_TEXT = 900 * 1024; // 900 KB: under the line limit, over the text limit

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Offset in UTF-8 bytes of `marker` in `text`. */
function byteOffset(text: string, marker: string): number {
  return Buffer.byteLength(text.slice(0, text.indexOf(marker)));
}

async function storedText(db: Db, platformId: string): Promise<string | undefined> {
  const [row] = await db.query<{ text: string }>('SELECT text FROM messages WHERE platform_id = $1', [
    platformId,
  ]);
  return row?.text;
}

async function assertStoredText(db: Db, platformId: string, expected: string): Promise<void> {
  assert.equal(await storedText(db, platformId), expected, `text of ${platformId}`);
}

async function assertNotStored(db: Db, platformId: string): Promise<void> {
  assert.equal(await storedText(db, platformId), undefined, `${platformId} must not be stored`);
}

/** What a stored text with NUL and a lone surrogate must look like: each became U+FFFD. */
const CLEANED = (before: string, after: string) => `${before}\uFFFD${after}`;

// ---------------------------------------------------------------------------------------------
// twcs

const TWCS_FILE = 'twcs.csv';
const twcsAt = (line: number) => `${TWCS_FILE}:${line}`;
/** The real rows every twcs and ndjson file starts from, and rows to spoil. */
const BASE_ROWS = 12;
const base = (): TwcsRow[] => twcsRows().slice(0, BASE_ROWS);
const spare = (i: number): TwcsRow => twcsRows()[BASE_ROWS + i] as TwcsRow;

interface Expect {
  stored: number;
  rejects?: ExpectedReject[];
  duplicates?: number;
}

function writeFile(dir: string, name: string, content: Piece): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A twcs file: the header, then what `fill` adds (the base rows in two halves around it by default). */
function twcsStep(dir: string, fill: (f: LineFile) => Expect, name = TWCS_FILE): ImportStep {
  const f = new LineFile();
  f.add(TWCS_HEADER);
  const expect = fill(f);
  return { path: writeFile(dir, name, f.toBuffer()), ...expect };
}

/**
 * The base rows with one spoiled row (as given) after the sixth. `reason` may depend on the line
 * the row lands on (CSV rejects caused by one physical line name it: `line 8: …`).
 */
function twcsWithBad(
  dir: string,
  bad: Piece,
  reject: { code: RejectCode; reason: RegExp | ((line: number) => RegExp) },
): Built {
  return {
    imports: [
      twcsStep(dir, (f) => {
        const rows = base();
        for (const r of rows.slice(0, 6)) f.add(r.raw);
        const line = f.add(bad);
        for (const r of rows.slice(6)) f.add(r.raw);
        const reason = typeof reject.reason === 'function' ? reject.reason(line) : reject.reason;
        return { stored: rows.length, rejects: [{ location: twcsAt(line), code: reject.code, reason }] };
      }),
    ],
  };
}

function twcsBadDate(created: string, reason: RegExp): (dir: string) => Built {
  return (dir) =>
    twcsWithBad(dir, twcsLine({ ...spare(0), created_at: created }), { code: 'invalid_field', reason });
}

function twcsBadBytes(raw: number[]): (dir: string) => Built {
  return (dir) => {
    const row = spare(0);
    const text = twcsLine({ ...row, text: `${row.text} @@BAD@@` });
    const line = withBytes(text, '@@BAD@@', raw);
    const byte = byteOffset(text, '@@BAD@@') + 1;
    return twcsWithBad(dir, line, {
      code: 'encoding',
      reason: (at) => new RegExp(`^line ${at}: not valid UTF-8 \\(byte ${byte} of the line\\)$`),
    });
  };
}

const TWCS_CASES: MalformedCase[] = [
  {
    name: 'twcs: file cut in the middle of a record',
    format: 'twcs',
    family: 'truncated',
    build: (dir) => ({
      imports: [
        twcsStep(dir, (f) => {
          for (const r of base()) f.add(r.raw);
          const cut = spare(1).raw; // 52,VerizonSupport,False,Tue Oct 31 22:03:57 …
          const line = f.add(cut.slice(0, cut.indexOf(' 22:')), { newline: false });
          return {
            stored: BASE_ROWS,
            rejects: [{ location: twcsAt(line), code: 'malformed', reason: /expected 7 columns, found 4/ }],
          };
        }),
      ],
    }),
  },
  {
    name: 'twcs: file cut inside a quoted text field',
    format: 'twcs',
    family: 'truncated',
    build: (dir) => ({
      imports: [
        twcsStep(dir, (f) => {
          for (const r of base()) f.add(r.raw);
          const quoted = spare(0); // 51,115723,True,…,"@VerizonSupport …
          const start = quoted.raw.indexOf(',"') + 10;
          assert.ok(start > 10, 'a row with a quoted text');
          const line = f.add(quoted.raw.slice(0, start), { newline: false });
          return {
            stored: BASE_ROWS,
            rejects: [{ location: twcsAt(line), code: 'malformed', reason: /quoted field is never closed/ }],
          };
        }),
      ],
    }),
  },
  {
    name: 'twcs: a quote opened and never closed mid-file costs only its own line',
    format: 'twcs',
    family: 'truncated',
    build: (dir) =>
      twcsWithBad(
        dir,
        `${spare(0).tweet_id},115723,True,${spare(0).created_at},"broken text, never closed,,`,
        {
          code: 'malformed',
          // The open quote is paired with the next quote in the file (of a later row's text); the
          // record is then found broken there, and reading starts again on the next line.
          reason: /^unexpected "@" after a closing quote \(line \d+ of the record\)$/,
        },
      ),
  },
  {
    name: 'twcs: bytes 0xff 0xfe in one row',
    format: 'twcs',
    family: 'encoding',
    build: twcsBadBytes([0xff, 0xfe]),
  },
  {
    name: 'twcs: an overlong UTF-8 sequence (0xc0 0xaf) in one row',
    format: 'twcs',
    family: 'encoding',
    build: twcsBadBytes([0xc0, 0xaf]),
  },
  {
    name: 'twcs: a lone continuation byte (0x80) in one row',
    format: 'twcs',
    family: 'encoding',
    build: twcsBadBytes([0x80]),
  },
  {
    name: 'twcs: bad UTF-8 on the second line of a multi-line record is reported at the record',
    format: 'twcs',
    family: 'encoding',
    build: (dir) => {
      const row = spare(0);
      const piece = withBytes(
        twcsLine({ ...row, text: `first line\nsecond @@BAD@@ line` }),
        '@@BAD@@',
        [0xff],
      );
      return twcsWithBad(dir, piece, {
        code: 'encoding',
        reason: (at) => new RegExp(`^line ${at + 1}: not valid UTF-8 \\(byte 8 of the line\\)$`),
      });
    },
  },
  {
    name: 'twcs: a row with a column missing',
    format: 'twcs',
    family: 'columns',
    build: (dir) => {
      const r = spare(0);
      const line = [r.tweet_id, r.author_id, r.inbound, r.created_at, 'text', r.in_response_to_tweet_id].join(
        ',',
      );
      return twcsWithBad(dir, line, { code: 'malformed', reason: /expected 7 columns, found 6/ });
    },
  },
  {
    name: 'twcs: a row with an extra column',
    format: 'twcs',
    family: 'columns',
    build: (dir) =>
      twcsWithBad(dir, `${twcsLine(spare(0))},extra`, {
        code: 'malformed',
        reason: /expected 7 columns, found 8/,
      }),
  },
  {
    name: 'twcs: a wrong header makes the file unusable',
    format: 'twcs',
    family: 'columns',
    build: (dir) => {
      const rows = base().map((r) => r.raw);
      const header = 'tweet_id,author_id,created_at,inbound,text,response_tweet_id,in_response_to_tweet_id';
      return {
        imports: [
          {
            path: writeFile(dir, TWCS_FILE, [header, ...rows, ''].join('\n')),
            error: /twcs\.csv:1: not a twcs file: the header must be tweet_id,author_id,inbound,created_at/,
          },
        ],
      };
    },
  },
  {
    name: 'twcs: a header with a column missing makes the file unusable',
    format: 'twcs',
    family: 'columns',
    build: (dir) => ({
      imports: [
        {
          path: writeFile(dir, TWCS_FILE, `${TWCS_HEADER.replace(',response_tweet_id', '')}\n`),
          error: /twcs\.csv:1: not a twcs file/,
        },
      ],
    }),
  },
  {
    name: 'twcs: a header only is an empty import, not an error',
    format: 'twcs',
    family: 'columns',
    build: (dir) => ({ imports: [{ path: writeFile(dir, TWCS_FILE, `${TWCS_HEADER}\n`), stored: 0 }] }),
  },
  {
    name: 'twcs: an empty file is unusable',
    format: 'twcs',
    family: 'columns',
    build: (dir) => ({
      imports: [{ path: writeFile(dir, TWCS_FILE, ''), error: /twcs\.csv: the file is empty/ }],
    }),
  },
  {
    name: 'twcs: 31 April',
    format: 'twcs',
    family: 'dates',
    build: twcsBadDate(
      'Mon Apr 31 10:00:00 +0000 2017',
      /created_at "Mon Apr 31 10:00:00 \+0000 2017" is not a valid Twitter date/,
    ),
  },
  {
    name: 'twcs: 25:61 o’clock',
    format: 'twcs',
    family: 'dates',
    build: twcsBadDate(
      'Tue Oct 31 25:61:00 +0000 2017',
      /created_at "Tue Oct 31 25:61:00 \+0000 2017" is not a valid Twitter date/,
    ),
  },
  {
    name: 'twcs: the year 1899',
    format: 'twcs',
    family: 'dates',
    build: twcsBadDate(
      'Tue Oct 31 10:00:00 +0000 1899',
      /created_at 1899-10-31T10:00:00\.000Z is impossible/,
    ),
  },
  {
    name: 'twcs: the year 2999',
    format: 'twcs',
    family: 'dates',
    build: twcsBadDate(
      'Thu Oct 31 10:00:00 +0000 2999',
      /created_at 2999-10-31T10:00:00\.000Z is impossible/,
    ),
  },
  {
    name: 'twcs: a date that is not a date',
    format: 'twcs',
    family: 'dates',
    build: twcsBadDate(
      'gisteren rond een uur of drie',
      /created_at "gisteren rond een uur of drie" is not a valid Twitter date/,
    ),
  },
  {
    name: 'twcs: the same row twice',
    format: 'twcs',
    family: 'duplicates',
    build: (dir) => ({
      imports: [
        twcsStep(dir, (f) => {
          const rows = base();
          for (const r of rows) f.add(r.raw);
          f.add((rows[3] as TwcsRow).raw);
          return { stored: rows.length, duplicates: 1 };
        }),
      ],
    }),
  },
  {
    name: 'twcs: the same tweet_id twice with a different text',
    format: 'twcs',
    family: 'duplicates',
    build: (dir) => {
      // The changed copy lands after the sixth row, so after the original (the fourth).
      const first = base()[3] as TwcsRow;
      return twcsWithBad(dir, twcsLine({ ...first, text: `${first.text} (edited)` }), {
        code: 'conflict',
        reason: new RegExp(first.tweet_id),
      });
    },
  },
  {
    name: 'twcs: two tweets replying to each other (A→B→A)',
    format: 'twcs',
    family: 'cycles',
    build: (dir) => ({
      imports: [
        twcsStep(dir, (f) => {
          for (const r of base()) f.add(r.raw);
          const a = spare(1); // 52 → 53 in the real data
          const b = spare(2); // 53 → 54 in the real data, here → 52
          f.add(twcsLine({ ...a, in_response_to_tweet_id: b.tweet_id }));
          const line = f.add(twcsLine({ ...b, in_response_to_tweet_id: a.tweet_id }));
          return {
            stored: BASE_ROWS + 1,
            rejects: [{ location: twcsAt(line), code: 'reply_cycle', reason: /loop of replies/ }],
          };
        }),
      ],
    }),
  },
  {
    name: 'twcs: a line over 1 MiB',
    format: 'twcs',
    family: 'size',
    build: (dir) =>
      twcsWithBad(dir, twcsLine({ ...spare(0), text: 'a'.repeat(OVER_ONE_LINE) }), {
        code: 'too_large',
        reason: new RegExp(`line is longer than ${MAX_RECORD_BYTES} bytes`),
      }),
  },
  {
    name: 'twcs: a 900 KB text (a line under 1 MiB) is over the text limit',
    format: 'twcs',
    family: 'size',
    build: (dir) =>
      twcsWithBad(dir, twcsLine({ ...spare(0), text: 'b'.repeat(BIG_TEXT) }), {
        code: 'too_large',
        reason: new RegExp(`text has ${BIG_TEXT} characters, more than ${MAX_TEXT_LENGTH}`),
      }),
  },
  {
    name: 'twcs: a text of exactly the limit is kept whole',
    format: 'twcs',
    family: 'size',
    build: (dir) => ({
      imports: [
        twcsStep(dir, (f) => {
          for (const r of base()) f.add(r.raw);
          f.add(twcsLine({ ...spare(0), text: 'c'.repeat(MAX_TEXT_LENGTH) }));
          return { stored: BASE_ROWS + 1 };
        }),
      ],
      check: async (db) => assertStoredText(db, spare(0).tweet_id, 'c'.repeat(MAX_TEXT_LENGTH)),
    }),
  },
  {
    name: 'twcs: a NUL byte in a text is stored as U+FFFD',
    format: 'twcs',
    family: 'text',
    build: (dir) => ({
      imports: [
        twcsStep(dir, (f) => {
          for (const r of base()) f.add(r.raw);
          f.add(twcsLine({ ...spare(0), text: 'before\u0000after' }));
          return { stored: BASE_ROWS + 1 };
        }),
      ],
      check: async (db) => assertStoredText(db, spare(0).tweet_id, CLEANED('before', 'after')),
    }),
  },
  {
    name: 'twcs: HTML, script and SQL-looking text is stored verbatim',
    format: 'twcs',
    family: 'text',
    build: (dir) => ({
      imports: [
        twcsStep(dir, (f) => {
          for (const r of base()) f.add(r.raw);
          f.add(twcsLine({ ...spare(0), text: HOSTILE_TEXT }));
          return { stored: BASE_ROWS + 1 };
        }),
      ],
      check: async (db) => {
        await assertStoredText(db, spare(0).tweet_id, HOSTILE_TEXT);
        const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM messages');
        assert.equal(row?.n, BASE_ROWS + 1);
      },
    }),
  },
  {
    name: 'twcs: a tweet_id that is not a number',
    format: 'twcs',
    family: 'types',
    build: (dir) =>
      twcsWithBad(dir, twcsLine({ ...spare(0), tweet_id: 'abc' }), {
        code: 'invalid_field',
        reason: /tweet_id "abc" is not a tweet id/,
      }),
  },
  {
    name: 'twcs: inbound that is neither True nor False',
    format: 'twcs',
    family: 'types',
    build: (dir) =>
      twcsWithBad(dir, twcsLine({ ...spare(0), inbound: 'Maybe' }), {
        code: 'invalid_field',
        reason: /inbound must be True or False, not "Maybe"/,
      }),
  },
];

// ---------------------------------------------------------------------------------------------
// X archive

const X_FILE = 'tweets.js';
const X_BASE = 10;
const xAt = (index: number) => `${X_FILE}:${index + 2} (item ${index + 1})`;
const X_OPTIONS: ImportOptions = { userId: X_OWNER.userId, handle: X_OWNER.handle };

type XItem = { tweet: Record<string, unknown> };

/** The first tweets of the archive, and further ones (not retweets) to spoil. */
function xTweets(): { base: XItem[]; spare: XItem[] } {
  const all = xArchiveItems();
  return {
    base: all.slice(0, X_BASE),
    spare: all.slice(X_BASE).filter((t) => !String(t.tweet.full_text).startsWith('RT @')),
  };
}

const xId = (t: XItem) => t.tweet.id_str as string;

function xStep(dir: string, items: Piece[], expect: Expect, options = X_OPTIONS): ImportStep {
  return { path: writeFile(dir, X_FILE, tweetsJs(items)), options, ...expect };
}

/** The base tweets with one spoiled element after the fifth. */
function xWithBad(dir: string, bad: Piece, reject: Omit<ExpectedReject, 'location'>): Built {
  const { base: tweets } = xTweets();
  const items: Piece[] = tweets.map((t) => JSON.stringify(t));
  items.splice(5, 0, bad);
  return { imports: [xStep(dir, items, { stored: X_BASE, rejects: [{ location: xAt(5), ...reject }] })] };
}

function xSpare(change: (t: Record<string, unknown>) => void): XItem {
  const t = xTweets().spare[0] as XItem;
  change(t.tweet);
  return t;
}

const X_CASES: MalformedCase[] = [
  {
    name: 'x-archive: the real tweets.js cut in the middle of a tweet',
    format: 'x-archive',
    family: 'truncated',
    build: (dir) => {
      const text = xArchiveText();
      const starts: number[] = [];
      for (let i = text.indexOf('\n  {\n'); i !== -1 && starts.length < 7; i = text.indexOf('\n  {\n', i + 1))
        starts.push(i + 1);
      const start = starts[6] as number; // the seventh tweet
      const cut = text.slice(0, start + 300);
      return {
        imports: [
          {
            path: writeFile(dir, X_FILE, cut),
            options: X_OPTIONS,
            stored: 6,
            rejects: [
              {
                location: `${X_FILE}:${lineOfOffset(text, start)} (item 7)`,
                code: 'malformed',
                reason: /the file ends inside this record \(truncated\?\)/,
              },
            ],
          },
        ],
      };
    },
  },
  {
    name: 'x-archive: the list is never closed',
    format: 'x-archive',
    family: 'truncated',
    build: (dir) => {
      const { base: tweets } = xTweets();
      const text = tweetsJs(tweets.map((t) => JSON.stringify(t))).toString();
      const open = text.slice(0, text.lastIndexOf(']'));
      return {
        imports: [
          {
            path: writeFile(dir, X_FILE, open),
            options: X_OPTIONS,
            stored: X_BASE,
            rejects: [
              {
                location: `${X_FILE}:${X_BASE + 1} (item ${X_BASE + 1})`,
                code: 'malformed',
                reason: /the file ends before the list is closed/,
              },
            ],
          },
        ],
      };
    },
  },
  {
    name: 'x-archive: one element that is not JSON',
    format: 'x-archive',
    family: 'structure',
    build: (dir) =>
      xWithBad(dir, JSON.stringify(xSpare(() => {})).replace('"tweet"', 'tweet'), {
        code: 'malformed',
        reason: /not valid JSON/,
      }),
  },
  {
    name: 'x-archive: an element that is not a {"tweet": …} record',
    format: 'x-archive',
    family: 'structure',
    build: (dir) =>
      xWithBad(dir, JSON.stringify({ like: { tweetId: '1' } }), {
        code: 'malformed',
        reason: /not a \{"tweet": \{\.\.\.\}\} record/,
      }),
  },
  {
    name: 'x-archive: bytes 0xff 0xfe in one tweet',
    format: 'x-archive',
    family: 'encoding',
    build: (dir) => {
      const t = xSpare((tweet) => {
        tweet.full_text = 'broken @@BAD@@ here';
      });
      const built = xWithBad(dir, withBytes(JSON.stringify(t), '@@BAD@@', [0xff, 0xfe]), {
        code: 'encoding',
        reason: /not valid UTF-8/,
      });
      return { ...built, check: (db) => assertNotStored(db, xId(t)) };
    },
  },
  {
    name: 'x-archive: 31 April',
    format: 'x-archive',
    family: 'dates',
    build: (dir) =>
      xWithBad(
        dir,
        JSON.stringify(
          xSpare((t) => {
            t.created_at = 'Sat Apr 31 10:00:00 +0000 2021';
          }),
        ),
        {
          code: 'invalid_field',
          reason: /created_at "Sat Apr 31 10:00:00 \+0000 2021" is not a valid Twitter date/,
        },
      ),
  },
  {
    name: 'x-archive: the year 1899',
    format: 'x-archive',
    family: 'dates',
    build: (dir) =>
      xWithBad(
        dir,
        JSON.stringify(
          xSpare((t) => {
            t.created_at = 'Tue Oct 31 10:00:00 +0000 1899';
          }),
        ),
        { code: 'invalid_field', reason: /created_at 1899-10-31T10:00:00\.000Z is impossible/ },
      ),
  },
  {
    name: 'x-archive: the same tweet twice',
    format: 'x-archive',
    family: 'duplicates',
    build: (dir) => {
      const { base: tweets } = xTweets();
      const items = tweets.map((t) => JSON.stringify(t));
      items.push(items[2] as string);
      return { imports: [xStep(dir, items, { stored: X_BASE, duplicates: 1 })] };
    },
  },
  {
    name: 'x-archive: the same id_str twice with a different text',
    format: 'x-archive',
    family: 'duplicates',
    build: (dir) => {
      const { base: tweets } = xTweets();
      const items = tweets.map((t) => JSON.stringify(t));
      const changed = structuredClone(tweets[2] as XItem);
      changed.tweet.full_text = `${changed.tweet.full_text} (edited)`;
      items.push(JSON.stringify(changed));
      return {
        imports: [
          xStep(dir, items, {
            stored: X_BASE,
            rejects: [{ location: xAt(X_BASE), code: 'conflict', reason: new RegExp(xId(changed)) }],
          }),
        ],
      };
    },
  },
  {
    name: 'x-archive: a loop of three replies (A→B→C→A)',
    format: 'x-archive',
    family: 'cycles',
    build: (dir) => {
      const { base: tweets, spare: more } = xTweets();
      const [a, b, c] = more.slice(0, 3) as [XItem, XItem, XItem];
      a.tweet.in_reply_to_status_id_str = xId(b);
      b.tweet.in_reply_to_status_id_str = xId(c);
      c.tweet.in_reply_to_status_id_str = xId(a);
      const items = [...tweets, a, b, c].map((t) => JSON.stringify(t));
      return {
        imports: [
          xStep(dir, items, {
            stored: X_BASE + 2,
            rejects: [{ location: xAt(X_BASE + 2), code: 'reply_cycle', reason: /loop of replies/ }],
          }),
        ],
        check: (db) => assertNotStored(db, xId(c)),
      };
    },
  },
  {
    name: 'x-archive: a 900 KB tweet text',
    format: 'x-archive',
    family: 'size',
    build: (dir) =>
      xWithBad(
        dir,
        JSON.stringify(
          xSpare((t) => {
            t.full_text = 'd'.repeat(BIG_TEXT);
          }),
        ),
        {
          code: 'too_large',
          reason: new RegExp(`text has ${BIG_TEXT} characters, more than ${MAX_TEXT_LENGTH}`),
        },
      ),
  },
  {
    name: 'x-archive: NUL and a lone surrogate (JSON escapes) become U+FFFD',
    format: 'x-archive',
    family: 'text',
    build: (dir) => {
      const t = xSpare((tweet) => {
        tweet.full_text = 'nul @@NUL@@ then @@SURROGATE@@ end';
      });
      const raw = JSON.stringify(t).replace('@@NUL@@', '\\u0000').replace('@@SURROGATE@@', '\\ud800');
      const { base: tweets } = xTweets();
      return {
        imports: [xStep(dir, [...tweets.map((x) => JSON.stringify(x)), raw], { stored: X_BASE + 1 })],
        check: (db) => assertStoredText(db, xId(t), 'nul \uFFFD then \uFFFD end'),
      };
    },
  },
  {
    name: 'x-archive: HTML, script and SQL-looking text is stored verbatim (entities decoded)',
    format: 'x-archive',
    family: 'text',
    build: (dir) => {
      const t = xSpare((tweet) => {
        tweet.full_text = escapeHtml(HOSTILE_TEXT);
      });
      const { base: tweets } = xTweets();
      return {
        imports: [
          xStep(
            dir,
            [...tweets, t].map((x) => JSON.stringify(x)),
            { stored: X_BASE + 1 },
          ),
        ],
        check: (db) => assertStoredText(db, xId(t), HOSTILE_TEXT),
      };
    },
  },
  {
    name: 'x-archive: id_str given as a JSON number too big to be exact',
    format: 'x-archive',
    family: 'types',
    build: (dir) => {
      const t = xSpare((tweet) => {
        tweet.id_str = '__ID__';
      });
      const raw = JSON.stringify(t).replace('"__ID__"', '1588091220244369409');
      return {
        ...xWithBad(dir, raw, { code: 'invalid_field', reason: /id_str/ }),
        check: (db) => assertNotStored(db, '1588091220244369400'),
      };
    },
  },
  {
    name: 'x-archive: full_text that is an object',
    format: 'x-archive',
    family: 'types',
    build: (dir) =>
      xWithBad(
        dir,
        JSON.stringify(
          xSpare((t) => {
            t.full_text = { text: 'hallo' };
          }),
        ),
        { code: 'invalid_field', reason: /full_text is not text/ },
      ),
  },
  {
    name: 'x-archive: a file without the window.YTD prefix is unusable',
    format: 'x-archive',
    family: 'structure',
    build: (dir) => {
      const { base: tweets } = xTweets();
      const text = tweetsJs(tweets.map((t) => JSON.stringify(t)))
        .toString()
        .replace(YTD_PREFIX, '[');
      return {
        imports: [
          {
            path: writeFile(dir, X_FILE, text),
            options: X_OPTIONS,
            error:
              /tweets\.js: not an X archive file \(it must start with "window\.YTD\.<name>\.part0 = \["\)/,
          },
        ],
      };
    },
  },
  {
    name: 'x-archive: no account.js, no tweet-headers.js and no --user-id is unusable',
    format: 'x-archive',
    family: 'structure',
    build: (dir) => {
      const { base: tweets } = xTweets();
      return {
        imports: [
          {
            path: writeFile(dir, X_FILE, tweetsJs(tweets.map((t) => JSON.stringify(t)))),
            names: dir,
            error:
              /cannot tell whose archive this is: put account\.js or tweet-headers\.js beside tweets\.js/,
          },
        ],
      };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Mastodon outbox

const M_FILE = 'outbox.json';
const M_BASE = 10;
const mAt = (index: number) => `${M_FILE}:${index + 2} (item ${index + 1})`;
const M_OPTIONS: ImportOptions = { actor: MASTODON_ACTOR };

type Activity = Record<string, unknown> & { object?: unknown };

function mActivities(): { base: Activity[]; creates: Activity[]; announces: Activity[] } {
  const all = outboxItems() as Activity[];
  const rest = all.slice(M_BASE);
  return {
    base: all.slice(0, M_BASE),
    creates: rest.filter((a) => a.type === 'Create'),
    announces: rest.filter((a) => a.type === 'Announce'),
  };
}

const noteOf = (a: Activity) => a.object as Record<string, unknown>;

function mStep(dir: string, items: Piece[], expect: Expect, options = M_OPTIONS): ImportStep {
  return { path: writeFile(dir, M_FILE, outboxJson(items)), options, ...expect };
}

function mWithBad(dir: string, bad: Piece, reject: Omit<ExpectedReject, 'location'>): Built {
  const items: Piece[] = mActivities().base.map((a) => JSON.stringify(a));
  items.splice(5, 0, bad);
  return { imports: [mStep(dir, items, { stored: M_BASE, rejects: [{ location: mAt(5), ...reject }] })] };
}

function mCreate(change: (activity: Activity, note: Record<string, unknown>) => void): Activity {
  const a = mActivities().creates[0] as Activity;
  change(a, noteOf(a));
  return a;
}

function mBadDate(published: string, reason: RegExp, bug?: string): MalformedCase {
  return {
    name: `mastodon-outbox: published ${published}`,
    format: 'mastodon-outbox',
    family: 'dates',
    ...(bug ? { bug } : {}),
    build: (dir) => {
      const a = mCreate((activity, note) => {
        activity.published = published;
        note.published = published;
      });
      return {
        ...mWithBad(dir, JSON.stringify(a), { code: 'invalid_field', reason }),
        check: (db) => assertNotStored(db, noteOf(a).id as string),
      };
    },
  };
}

const M_CASES: MalformedCase[] = [
  {
    name: 'mastodon-outbox: the real outbox.json cut in the middle of an activity',
    format: 'mastodon-outbox',
    family: 'truncated',
    build: (dir) => {
      const text = outboxText();
      const all = outboxItems();
      const eighth = all[7] as Activity;
      const start = text.indexOf(`{"id":${JSON.stringify(eighth.id)}`);
      assert.ok(start > 0);
      return {
        imports: [
          {
            path: writeFile(dir, M_FILE, text.slice(0, start + 200)),
            options: M_OPTIONS,
            stored: 7,
            rejects: [
              {
                location: `${M_FILE}:1 (item 8)`,
                code: 'malformed',
                reason: /the file ends inside this record \(truncated\?\)/,
              },
            ],
          },
        ],
      };
    },
  },
  {
    name: 'mastodon-outbox: orderedItems never closed',
    format: 'mastodon-outbox',
    family: 'truncated',
    build: (dir) => {
      const text = outboxJson(mActivities().base.map((a) => JSON.stringify(a))).toString();
      return {
        imports: [
          {
            path: writeFile(dir, M_FILE, text.slice(0, text.lastIndexOf(']'))),
            options: M_OPTIONS,
            stored: M_BASE,
            rejects: [
              {
                location: `${M_FILE}:${M_BASE + 1} (item ${M_BASE + 1})`,
                code: 'malformed',
                reason: /the file ends before the list is closed/,
              },
            ],
          },
        ],
      };
    },
  },
  {
    name: 'mastodon-outbox: bytes 0xff 0xfe in one status',
    format: 'mastodon-outbox',
    family: 'encoding',
    build: (dir) => {
      const a = mCreate((_, note) => {
        note.content = '<p>broken @@BAD@@ here</p>';
        delete note.contentMap;
      });
      const raw = withBytes(JSON.stringify(a), '@@BAD@@', [0xff, 0xfe]);
      return {
        ...mWithBad(dir, raw, { code: 'encoding', reason: /not valid UTF-8/ }),
        check: (db) => assertNotStored(db, noteOf(a).id as string),
      };
    },
  },
  mBadDate('2022-04-31T10:00:00Z', /published "2022-04-31T10:00:00Z" is not a valid date/),
  mBadDate('2022-11-08T25:61:00Z', /published "2022-11-08T25:61:00Z" is not a valid date/),
  mBadDate('2999-11-08T03:07:14Z', /created_at 2999-11-08T03:07:14\.000Z is impossible/),
  mBadDate('1899-11-08T03:07:14Z', /created_at 1899-11-08T03:07:14\.000Z is impossible/),
  mBadDate('last Tuesday', /published "last Tuesday" is not a valid date/),
  {
    name: 'mastodon-outbox: the same activity twice',
    format: 'mastodon-outbox',
    family: 'duplicates',
    build: (dir) => {
      const items = mActivities().base.map((a) => JSON.stringify(a));
      items.push(items[1] as string);
      return { imports: [mStep(dir, items, { stored: M_BASE, duplicates: 1 })] };
    },
  },
  {
    name: 'mastodon-outbox: the same status id twice with different content',
    format: 'mastodon-outbox',
    family: 'duplicates',
    build: (dir) => {
      const { base: activities } = mActivities();
      const index = activities.findIndex((a) => a.type === 'Create');
      const changed = structuredClone(activities[index] as Activity);
      noteOf(changed).content = '<p>edited afterwards</p>';
      const items = [...activities, changed].map((a) => JSON.stringify(a));
      return {
        imports: [
          mStep(dir, items, {
            stored: M_BASE,
            rejects: [
              {
                location: mAt(M_BASE),
                code: 'conflict',
                reason: new RegExp((noteOf(changed).id as string).replaceAll('.', '\\.')),
              },
            ],
          }),
        ],
      };
    },
  },
  {
    name: 'mastodon-outbox: a status replying to itself',
    format: 'mastodon-outbox',
    family: 'cycles',
    build: (dir) => {
      const a = mCreate((_, note) => {
        note.inReplyTo = note.id;
      });
      return mWithBad(dir, JSON.stringify(a), { code: 'reply_cycle', reason: /replies to itself/ });
    },
  },
  {
    name: 'mastodon-outbox: a 900 KB status',
    format: 'mastodon-outbox',
    family: 'size',
    build: (dir) => {
      const a = mCreate((_, note) => {
        note.content = `<p>${'e'.repeat(BIG_TEXT)}</p>`;
        note.contentMap = { en: note.content };
      });
      return mWithBad(dir, JSON.stringify(a), {
        code: 'too_large',
        reason: new RegExp(`text has ${BIG_TEXT} characters, more than ${MAX_TEXT_LENGTH}`),
      });
    },
  },
  {
    name: 'mastodon-outbox: NUL and a lone surrogate (JSON escapes) become U+FFFD',
    format: 'mastodon-outbox',
    family: 'text',
    build: (dir) => {
      const a = mCreate((_, note) => {
        note.content = '<p>nul @@NUL@@ then @@SURROGATE@@ end</p>';
        delete note.contentMap;
      });
      const raw = JSON.stringify(a).replace('@@NUL@@', '\\u0000').replace('@@SURROGATE@@', '\\ud800');
      return {
        imports: [
          mStep(dir, [...mActivities().base.map((x) => JSON.stringify(x)), raw], { stored: M_BASE + 1 }),
        ],
        check: (db) => assertStoredText(db, noteOf(a).id as string, 'nul \uFFFD then \uFFFD end'),
      };
    },
  },
  {
    name: 'mastodon-outbox: escaped HTML, script and SQL-looking text is stored as the text people read',
    format: 'mastodon-outbox',
    family: 'text',
    build: (dir) => {
      const a = mCreate((_, note) => {
        note.content = `<p>${escapeHtml(HOSTILE_LINE)}</p>`;
        note.contentMap = { en: note.content };
      });
      return {
        imports: [
          mStep(
            dir,
            [...mActivities().base, a].map((x) => JSON.stringify(x)),
            { stored: M_BASE + 1 },
          ),
        ],
        check: (db) => assertStoredText(db, noteOf(a).id as string, HOSTILE_LINE),
      };
    },
  },
  {
    name: 'mastodon-outbox: an unsupported activity type (Like)',
    format: 'mastodon-outbox',
    family: 'structure',
    build: (dir) => {
      const a = mActivities().announces[0] as Activity;
      a.type = 'Like';
      return mWithBad(dir, JSON.stringify(a), {
        code: 'invalid_field',
        reason: /activity type "Like" is not a post or a boost/,
      });
    },
  },
  {
    name: 'mastodon-outbox: a Create without an object',
    format: 'mastodon-outbox',
    family: 'structure',
    build: (dir) => {
      const a = mCreate((activity) => {
        delete activity.object;
      });
      return mWithBad(dir, JSON.stringify(a), {
        code: 'missing_field',
        reason: /a Create activity needs an embedded object/,
      });
    },
  },
  {
    name: 'mastodon-outbox: a Create whose object is only a link',
    format: 'mastodon-outbox',
    family: 'structure',
    build: (dir) => {
      const a = mCreate((activity, note) => {
        activity.object = note.id;
      });
      return mWithBad(dir, JSON.stringify(a), {
        code: 'invalid_field',
        reason: /a Create activity needs an embedded object/,
      });
    },
  },
  {
    name: 'mastodon-outbox: an Announce without an object',
    format: 'mastodon-outbox',
    family: 'structure',
    build: (dir) => {
      const a = mActivities().announces[0] as Activity;
      delete a.object;
      return mWithBad(dir, JSON.stringify(a), {
        code: 'missing_field',
        reason: /an Announce needs an id and an object/,
      });
    },
  },
  {
    name: 'mastodon-outbox: a Note id that is a number',
    format: 'mastodon-outbox',
    family: 'types',
    build: (dir) => {
      const a = mCreate((_, note) => {
        note.id = 109305976208011760;
      });
      return mWithBad(dir, JSON.stringify(a), {
        code: 'invalid_field',
        reason: /the Note's id \d+ is not a string/,
      });
    },
  },
  {
    name: 'mastodon-outbox: no actor.json beside the outbox and no --actor is unusable',
    format: 'mastodon-outbox',
    family: 'structure',
    build: (dir) => ({
      imports: [
        {
          path: writeFile(dir, M_FILE, outboxJson(mActivities().base.map((a) => JSON.stringify(a)))),
          names: join(dir, 'actor.json'),
          error: /actor\.json: actor\.json not found; pass --actor <file>/,
        },
      ],
    }),
  },
  {
    name: 'mastodon-outbox: a file that is not an outbox is unusable',
    format: 'mastodon-outbox',
    family: 'structure',
    build: (dir) => ({
      imports: [
        {
          path: writeFile(dir, M_FILE, JSON.stringify({ type: 'Person', id: 'https://example.org/users/a' })),
          options: M_OPTIONS,
          error: /outbox\.json: not an ActivityPub outbox \(no "orderedItems" list found\)/,
        },
      ],
    }),
  },
];

// ---------------------------------------------------------------------------------------------
// NDJSON

const N_FILE = 'in.ndjson';
const nAt = (line: number, file = N_FILE) => `${file}:${line}`;

const nLine = (row: TwcsRow, change: (m: Record<string, unknown>) => void = () => {}) => {
  const m = ndjsonFromTwcs(row);
  change(m);
  return JSON.stringify(m);
};

function nStep(dir: string, fill: (f: LineFile) => Expect, name = N_FILE): ImportStep {
  const f = new LineFile();
  const expect = fill(f);
  return { path: writeFile(dir, name, f.toBuffer()), ...expect };
}

function nWithBad(dir: string, bad: Piece, reject: Omit<ExpectedReject, 'location'>): Built {
  return {
    imports: [
      nStep(dir, (f) => {
        const rows = base();
        for (const r of rows.slice(0, 6)) f.add(nLine(r));
        const line = f.add(bad);
        for (const r of rows.slice(6)) f.add(nLine(r));
        return { stored: rows.length, rejects: [{ location: nAt(line), ...reject }] };
      }),
    ],
  };
}

function nBadDate(created: string, reason: RegExp): MalformedCase {
  return {
    name: `ndjson: created_at ${created}`,
    format: 'ndjson',
    family: 'dates',
    build: (dir) =>
      nWithBad(
        dir,
        nLine(spare(0), (m) => {
          m.created_at = created;
        }),
        { code: 'invalid_field', reason },
      ),
  };
}

function nBadBytes(name: string, raw: number[]): MalformedCase {
  return {
    name: `ndjson: ${name} in one line`,
    format: 'ndjson',
    family: 'encoding',
    build: (dir) => {
      const text = nLine(spare(0), (m) => {
        m.text = 'broken @@BAD@@ here';
      });
      const line = withBytes(text, '@@BAD@@', raw);
      const byte = byteOffset(text, '@@BAD@@') + 1;
      return nWithBad(dir, line, {
        code: 'encoding',
        reason: new RegExp(`^not valid UTF-8 \\(byte ${byte} of the line\\)$`),
      });
    },
  };
}

/** A small hand-made message. */
function msg(id: string, replyTo: string | null, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    platform: 'x',
    id,
    author: { id: `author-${id}` },
    created_at: '2024-05-01T12:00:00Z',
    text: `message ${id}`,
    ...(replyTo ? { in_reply_to: { id: replyTo } } : {}),
    ...extra,
  });
}

const N_CASES: MalformedCase[] = [
  {
    name: 'ndjson: file cut in the middle of a line',
    format: 'ndjson',
    family: 'truncated',
    build: (dir) => ({
      imports: [
        nStep(dir, (f) => {
          for (const r of base()) f.add(nLine(r));
          const last = nLine(spare(0));
          const line = f.add(last.slice(0, Math.floor(last.length / 2)), { newline: false });
          return {
            stored: BASE_ROWS,
            rejects: [{ location: nAt(line), code: 'malformed', reason: /^not valid JSON/ }],
          };
        }),
      ],
    }),
  },
  nBadBytes('bytes 0xff 0xfe', [0xff, 0xfe]),
  nBadBytes('an overlong UTF-8 sequence (0xc0 0xaf)', [0xc0, 0xaf]),
  nBadBytes('a lone continuation byte (0x80)', [0x80]),
  nBadDate('2024-04-31T10:00:00Z', /created_at must match format "date-time"/),
  nBadDate('2024-05-01T25:61:00Z', /created_at must match format "date-time"/),
  nBadDate('1899-05-01T10:00:00Z', /created_at 1899-05-01T10:00:00\.000Z is impossible/),
  nBadDate('2999-05-01T10:00:00Z', /created_at 2999-05-01T10:00:00\.000Z is impossible/),
  nBadDate('gisteren', /created_at must match format "date-time"/),
  nBadDate('2024-05-01T10:00:00', /created_at must match format "date-time"/),
  {
    name: 'ndjson: the same line twice',
    format: 'ndjson',
    family: 'duplicates',
    build: (dir) => ({
      imports: [
        nStep(dir, (f) => {
          const rows = base();
          for (const r of rows) f.add(nLine(r));
          f.add(nLine(rows[0] as TwcsRow));
          return { stored: rows.length, duplicates: 1 };
        }),
      ],
    }),
  },
  {
    name: 'ndjson: the same id twice with a different text',
    format: 'ndjson',
    family: 'duplicates',
    build: (dir) => ({
      imports: [
        nStep(dir, (f) => {
          const rows = base();
          for (const r of rows) f.add(nLine(r));
          const first = rows[0] as TwcsRow;
          const line = f.add(
            nLine(first, (m) => {
              m.text = 'something else entirely';
            }),
          );
          return {
            stored: rows.length,
            rejects: [{ location: nAt(line), code: 'conflict', reason: new RegExp(first.tweet_id) }],
          };
        }),
      ],
      check: async (db) => assertStoredText(db, (base()[0] as TwcsRow).tweet_id, (base()[0] as TwcsRow).text),
    }),
  },
  {
    name: 'ndjson: two messages replying to each other (A→B→A), in different batches',
    format: 'ndjson',
    family: 'cycles',
    build: (dir) => ({
      imports: [
        nStep(dir, (f) => {
          f.add(msg('cycle-a', 'cycle-b'));
          for (const r of base()) f.add(nLine(r));
          const line = f.add(msg('cycle-b', 'cycle-a'));
          return {
            stored: BASE_ROWS + 1,
            rejects: [
              {
                location: nAt(line),
                code: 'reply_cycle',
                reason: /cycle-b replies to cycle-a.*loop of replies/,
              },
            ],
          };
        }),
      ],
      check: async (db) => {
        await assertNotStored(db, 'cycle-b');
        const [row] = await db.query<{ root: string }>(
          "SELECT conversation_root AS root FROM messages WHERE platform_id = 'cycle-a'",
        );
        assert.equal(row?.root, 'cycle-b');
      },
    }),
  },
  {
    name: 'ndjson: a loop of three replies (A→B→C→A) spread over three batches',
    format: 'ndjson',
    family: 'cycles',
    build: (dir) => ({
      imports: [
        nStep(dir, (f) => {
          const rows = base();
          f.add(msg('loop-a', 'loop-b'));
          for (const r of rows.slice(0, 6)) f.add(nLine(r));
          f.add(msg('loop-b', 'loop-c'));
          for (const r of rows.slice(6)) f.add(nLine(r));
          const line = f.add(msg('loop-c', 'loop-a'));
          return {
            stored: BASE_ROWS + 2,
            rejects: [{ location: nAt(line), code: 'reply_cycle', reason: /loop of replies/ }],
          };
        }),
      ],
      check: async (db) => {
        const rows = await db.query<{ id: string; root: string }>(
          "SELECT platform_id AS id, conversation_root AS root FROM messages WHERE platform_id LIKE 'loop-%' ORDER BY 1",
        );
        assert.deepEqual(rows, [
          { id: 'loop-a', root: 'loop-c' },
          { id: 'loop-b', root: 'loop-c' },
        ]);
      },
    }),
  },
  {
    name: 'ndjson: a message replying to itself',
    format: 'ndjson',
    family: 'cycles',
    build: (dir) =>
      nWithBad(dir, msg('self', 'self'), { code: 'reply_cycle', reason: /message self replies to itself/ }),
  },
  {
    name: 'ndjson: a loop closed by a second import',
    format: 'ndjson',
    family: 'cycles',
    build: (dir) => {
      const first = nStep(
        dir,
        (f) => {
          for (const r of base()) f.add(nLine(r));
          f.add(msg('later-a', 'later-b'));
          return { stored: BASE_ROWS + 1 };
        },
        'first.ndjson',
      );
      const second = nStep(
        dir,
        (f) => {
          f.add(msg('later-c', null));
          const line = f.add(msg('later-b', 'later-a'));
          f.add(msg('later-d', 'later-c'));
          return {
            stored: 2,
            rejects: [
              { location: nAt(line, 'second.ndjson'), code: 'reply_cycle', reason: /loop of replies/ },
            ],
          };
        },
        'second.ndjson',
      );
      return {
        imports: [first, second],
        check: async (db) => {
          await assertNotStored(db, 'later-b');
          const [row] = await db.query<{ root: string }>(
            "SELECT conversation_root AS root FROM messages WHERE platform_id = 'later-a'",
          );
          assert.equal(row?.root, 'later-b');
        },
      };
    },
  },
  {
    name: 'ndjson: a loop closed by a second import through a third message (A→B, then C→A, B→C)',
    format: 'ndjson',
    family: 'cycles',
    build: (dir) => {
      const first = nStep(
        dir,
        (f) => {
          f.add(msg('x-a', 'x-b'));
          return { stored: 1 };
        },
        'first.ndjson',
      );
      const second = nStep(
        dir,
        (f) => {
          f.add(msg('x-c', 'x-a'));
          const line = f.add(msg('x-b', 'x-c'));
          return {
            stored: 1,
            rejects: [
              { location: nAt(line, 'second.ndjson'), code: 'reply_cycle', reason: /loop of replies/ },
            ],
          };
        },
        'second.ndjson',
      );
      return { imports: [first, second], check: (db) => assertNotStored(db, 'x-b') };
    },
  },
  {
    name: 'ndjson: a line over 1 MiB',
    format: 'ndjson',
    family: 'size',
    build: (dir) =>
      nWithBad(
        dir,
        nLine(spare(0), (m) => {
          m.text = 'f'.repeat(OVER_ONE_LINE);
        }),
        { code: 'too_large', reason: new RegExp(`^line is longer than ${MAX_RECORD_BYTES} bytes$`) },
      ),
  },
  {
    name: 'ndjson: a 900 KB text (a line under 1 MiB) is over the text limit',
    format: 'ndjson',
    family: 'size',
    build: (dir) =>
      nWithBad(
        dir,
        nLine(spare(0), (m) => {
          m.text = 'g'.repeat(BIG_TEXT);
        }),
        { code: 'too_large', reason: new RegExp(`${MAX_TEXT_LENGTH}`) },
      ),
  },
  {
    name: 'ndjson: a text of exactly the limit is kept whole',
    format: 'ndjson',
    family: 'size',
    build: (dir) => ({
      imports: [
        nStep(dir, (f) => {
          for (const r of base()) f.add(nLine(r));
          f.add(msg('limit', null, { text: 'h'.repeat(MAX_TEXT_LENGTH) }));
          return { stored: BASE_ROWS + 1 };
        }),
      ],
      check: (db) => assertStoredText(db, 'limit', 'h'.repeat(MAX_TEXT_LENGTH)),
    }),
  },
  {
    name: 'ndjson: NUL and a lone surrogate (JSON escapes) become U+FFFD',
    format: 'ndjson',
    family: 'text',
    build: (dir) => ({
      imports: [
        nStep(dir, (f) => {
          for (const r of base()) f.add(nLine(r));
          f.add(
            msg('nul', null, { text: 'nul @@NUL@@ then @@SURROGATE@@ end' })
              .replace('@@NUL@@', '\\u0000')
              .replace('@@SURROGATE@@', '\\ud800'),
          );
          f.add(msg('nul-handle', null, { author: { id: 'a\u0000b', name: '\ud800' } }));
          return { stored: BASE_ROWS + 2 };
        }),
      ],
      check: async (db) => {
        await assertStoredText(db, 'nul', 'nul \uFFFD then \uFFFD end');
        const [row] = await db.query<{ author_id: string; author_name: string }>(
          "SELECT author_id, author_name FROM messages WHERE platform_id = 'nul-handle'",
        );
        assert.deepEqual(row, { author_id: 'a\uFFFDb', author_name: '\uFFFD' });
      },
    }),
  },
  {
    name: 'ndjson: HTML, script and SQL-looking text is stored verbatim',
    format: 'ndjson',
    family: 'text',
    build: (dir) => ({
      imports: [
        nStep(dir, (f) => {
          for (const r of base()) f.add(nLine(r));
          f.add(
            msg('hostile', null, {
              text: HOSTILE_TEXT,
              author: { id: "1'; DROP TABLE accounts;--", handle: '<b>x</b>' },
            }),
          );
          return { stored: BASE_ROWS + 1 };
        }),
      ],
      check: async (db) => {
        await assertStoredText(db, 'hostile', HOSTILE_TEXT);
        const [row] = await db.query<{ author_id: string; author_handle: string }>(
          "SELECT author_id, author_handle FROM messages WHERE platform_id = 'hostile'",
        );
        assert.deepEqual(row, { author_id: "1'; DROP TABLE accounts;--", author_handle: '<b>x</b>' });
      },
    }),
  },
  {
    name: 'ndjson: id as a number',
    format: 'ndjson',
    family: 'types',
    build: (dir) =>
      nWithBad(dir, msg('x', null).replace('"id":"x"', '"id":12345'), {
        code: 'invalid_field',
        reason: /^id must be string$/,
      }),
  },
  {
    name: 'ndjson: text as an object',
    format: 'ndjson',
    family: 'types',
    build: (dir) =>
      nWithBad(dir, msg('t', null, { text: { nl: 'hallo' } }), {
        code: 'invalid_field',
        reason: /^text must be string$/,
      }),
  },
  {
    name: 'ndjson: author missing',
    format: 'ndjson',
    family: 'types',
    build: (dir) => {
      const line = JSON.parse(msg('no-author', null)) as Record<string, unknown>;
      delete line.author;
      return nWithBad(dir, JSON.stringify(line), { code: 'missing_field', reason: /author is missing/ });
    },
  },
  {
    name: 'ndjson: an id of spaces only',
    format: 'ndjson',
    family: 'types',
    build: (dir) => nWithBad(dir, msg('   ', null), { code: 'missing_field', reason: /^id is missing$/ }),
  },
  {
    name: 'ndjson: a reply that does not say what it replies to',
    format: 'ndjson',
    family: 'types',
    build: (dir) =>
      nWithBad(dir, msg('r', null, { kind: 'reply' }), {
        code: 'missing_field',
        reason: /a reply needs the id of the message it replies to/,
      }),
  },
  {
    name: 'ndjson: a direct message without recipient',
    format: 'ndjson',
    family: 'types',
    build: (dir) =>
      nWithBad(dir, msg('dm', null, { kind: 'dm' }), {
        code: 'missing_field',
        reason: /a direct message needs its recipient/,
      }),
  },
  {
    name: 'ndjson: a leap second (valid RFC 3339, not a JavaScript date)',
    format: 'ndjson',
    family: 'dates',
    build: (dir) =>
      nWithBad(dir, msg('leap', null, { created_at: '2016-12-31T23:59:60Z' }), {
        code: 'invalid_field',
        reason: /^created_at is not a valid date$/,
      }),
  },
  {
    name: 'ndjson: a negative count',
    format: 'ndjson',
    family: 'types',
    build: (dir) =>
      nWithBad(dir, msg('neg', null, { counts: { likes: -1 } }), {
        code: 'invalid_field',
        reason: /counts\.likes must be >= 0/,
      }),
  },
  {
    name: 'ndjson: a platform name with capitals',
    format: 'ndjson',
    family: 'types',
    build: (dir) =>
      nWithBad(dir, msg('p', null, { platform: 'Twitter' }), {
        code: 'invalid_field',
        reason: /^platform must match pattern/,
      }),
  },
  {
    name: 'ndjson: an unknown field',
    format: 'ndjson',
    family: 'columns',
    build: (dir) =>
      nWithBad(dir, msg('u', null, { retweeted: false }), {
        code: 'invalid_field',
        reason: /^message: unknown field "retweeted"$/,
      }),
  },
  {
    name: 'ndjson: an unknown field inside author',
    format: 'ndjson',
    family: 'columns',
    build: (dir) =>
      nWithBad(dir, msg('u2', null, { author: { id: '1', followers: 3 } }), {
        code: 'invalid_field',
        reason: /^author: unknown field "followers"$/,
      }),
  },
  {
    name: 'ndjson: a line that is a JSON array, not an object',
    format: 'ndjson',
    family: 'types',
    build: (dir) => nWithBad(dir, '["x","1"]', { code: 'invalid_field', reason: /must be object/ }),
  },
  {
    name: 'ndjson: an empty file imports nothing',
    format: 'ndjson',
    family: 'columns',
    build: (dir) => ({ imports: [{ path: writeFile(dir, N_FILE, ''), stored: 0 }] }),
  },
  {
    name: 'ndjson: CRLF line ends, a byte-order mark and blank lines keep the line numbers right',
    format: 'ndjson',
    family: 'structure',
    build: (dir) => {
      const rows = base();
      const lines = [
        `\uFEFF${nLine(rows[0] as TwcsRow)}`,
        '',
        ...rows.slice(1, 6).map((r) => nLine(r)),
        '   ',
        '{"broken":',
      ];
      lines.push(...rows.slice(6).map((r) => nLine(r)));
      return {
        imports: [
          {
            path: writeFile(dir, N_FILE, `${lines.join('\r\n')}\r\n`),
            stored: rows.length,
            rejects: [
              {
                location: nAt(lines.indexOf('{"broken":') + 1),
                code: 'malformed',
                reason: /^not valid JSON/,
              },
            ],
          },
        ],
      };
    },
  },
];

/** Every case, by format. */
export const MALFORMED_CASES: readonly MalformedCase[] = [...TWCS_CASES, ...X_CASES, ...M_CASES, ...N_CASES];
