import assert from 'node:assert/strict';
import { MAX_RECORD_BYTES } from '../../../src/importers/lines.ts';
import type { RejectCode } from '../../../src/ingest/records.ts';
import { MAX_TEXT_LENGTH } from '../../../src/ingest/steps/normalise.ts';
import { LineFile, type Piece, TWCS_HEADER, type TwcsRow, twcsLine, withBytes } from '../corpusSources.ts';
import {
  assertStoredText,
  BASE_ROWS,
  BIG_TEXT,
  type Built,
  base,
  byteOffset,
  CLEANED,
  type Expect,
  HOSTILE_TEXT,
  type ImportStep,
  type MalformedCase,
  OVER_ONE_LINE,
  spare,
  TWCS_FILE,
  twcsAt,
  writeFile,
} from './common.ts';

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

export const TWCS_CASES: MalformedCase[] = [
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
