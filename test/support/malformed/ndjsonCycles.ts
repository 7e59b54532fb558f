import assert from 'node:assert/strict';
import { assertNotStored, BASE_ROWS, base, type MalformedCase } from './common.ts';
import { msg, nAt, nLine, nStep, nWithBad } from './ndjsonHelpers.ts';

/** Loops of replies in NDJSON: within a batch, across batches, and across imports. */
export const N_CYCLE_CASES: MalformedCase[] = [
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
];
