import assert from 'node:assert/strict';
import { MAX_RECORD_BYTES } from '../../../src/importers/lines.ts';
import { MAX_TEXT_LENGTH } from '../../../src/ingest/steps/normalise.ts';
import type { TwcsRow } from '../corpusSources.ts';
import {
  assertStoredText,
  BASE_ROWS,
  BIG_TEXT,
  base,
  HOSTILE_TEXT,
  type MalformedCase,
  OVER_ONE_LINE,
  spare,
  writeFile,
} from './common.ts';
import { N_CYCLE_CASES } from './ndjsonCycles.ts';
import { msg, N_FILE, nAt, nBadBytes, nBadDate, nLine, nStep, nWithBad } from './ndjsonHelpers.ts';

export const N_CASES: MalformedCase[] = [
  ...N_CYCLE_CASES,
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
