import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Parsed } from '../ingest/records.ts';
import { comparePositions, readStreamPage, type Stream, type StreamState } from './streams.ts';

/** A list of numbered items, newest first, paged by `max_id` as Mastodon pages. */
function numbered(ids: number[], pageSize: number, failAt?: { calls: number[] }) {
  let calls = 0;
  const fetched: (string | null)[] = [];
  const stream: Stream<number> = {
    name: 'items',
    async fetch(next) {
      calls++;
      fetched.push(next);
      if (failAt?.calls.includes(calls)) throw new Error(`page ${calls} failed`);
      const sorted = [...ids].sort((a, b) => b - a);
      const from = next === null ? sorted : sorted.filter((id) => id < Number(next));
      const items = from.slice(0, pageSize);
      const more = from.length > pageSize;
      return { items, next: more ? String(items.at(-1)) : null, where: `GET /items?max_id=${next ?? ''}` };
    },
    position: (id) => String(id),
    createdAt: (id) => new Date(Date.UTC(2026, 0, 1) + id * 60_000),
    toRecords: (id, location): Parsed[] => [{ ok: false, location, code: 'malformed', reason: String(id) }],
  };
  return { stream, fetched };
}

async function drain(
  stream: Stream<number>,
  state: StreamState,
  syncId: string,
  horizon: Date | null = null,
) {
  const got: number[] = [];
  let current = state;
  for (let i = 0; i < 100; i++) {
    const page = await readStreamPage(stream, current, { syncId, now: new Date() }, horizon);
    got.push(...page.records.map((r) => Number((r as { reason: string }).reason)));
    current = page.state;
    if (!page.more) break;
  }
  return { got, state: current };
}

const EMPTY: StreamState = { mark: null, walk: null, doneIn: null };

describe('newest-first streams', () => {
  test('positions compare as numbers when both are digits, else as text', () => {
    assert.ok(comparePositions('109', '99') > 0);
    assert.ok(comparePositions('0099', '100') < 0);
    assert.equal(comparePositions('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'), 0);
    assert.ok(comparePositions('2026-02-01T00:00:00.000Z', '2026-01-31T23:59:59.000Z') > 0);
  });

  test('a first walk reads everything, the mark moves to the newest only when it is complete', async () => {
    const { stream } = numbered([1, 2, 3, 4, 5, 6, 7], 3);
    const first = await readStreamPage(stream, EMPTY, { syncId: 's1', now: new Date() }, null);
    assert.equal(first.more, true);
    assert.equal(first.state.mark, null, 'no mark before the walk is complete');
    assert.deepEqual(first.state.walk, { top: '7', next: '5', syncId: 's1' });
    const all = await drain(stream, first.state, 's1');
    assert.deepEqual([7, 6, 5, ...all.got], [7, 6, 5, 4, 3, 2, 1]);
    assert.deepEqual(all.state, { mark: '7', walk: null, doneIn: 's1' });
  });

  test('the next sync reads only what is newer than the mark', async () => {
    const ids = [1, 2, 3, 4, 5];
    const { stream } = numbered(ids, 2);
    const first = await drain(stream, EMPTY, 's1');
    ids.push(6, 7, 8);
    const second = await drain(stream, first.state, 's2');
    assert.deepEqual(
      second.got.filter((id) => id > 5),
      [8, 7, 6],
    );
    assert.ok(
      second.got.every((id) => id >= 5),
      'nothing older than the mark is read again',
    );
    assert.equal(second.state.mark, '8');
  });

  test('a walk that fails half-way resumes where it stopped, then reads what came in meanwhile', async () => {
    const ids = [1, 2, 3, 4, 5, 6];
    const { stream } = numbered(ids, 2, { calls: [2] });
    const page1 = await readStreamPage(stream, EMPTY, { syncId: 's1', now: new Date() }, null);
    await assert.rejects(readStreamPage(stream, page1.state, { syncId: 's1', now: new Date() }, null));
    ids.push(7);
    const rest = await drain(stream, page1.state, 's2');
    const seen = new Set([6, 5, ...rest.got]);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(rest.state.mark, '7');
  });

  test('a first walk stops at the history horizon', async () => {
    const { stream } = numbered([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3);
    const horizon = new Date(Date.UTC(2026, 0, 1) + 5 * 60_000);
    const { got, state } = await drain(stream, EMPTY, 's1', horizon);
    assert.deepEqual(got, [10, 9, 8, 7, 6, 5]);
    assert.equal(state.mark, '10');
  });

  test('an empty list leaves the stream done without a mark', async () => {
    const { stream } = numbered([], 3);
    const { got, state } = await drain(stream, EMPTY, 's1');
    assert.deepEqual(got, []);
    assert.deepEqual(state, { mark: null, walk: null, doneIn: 's1' });
  });
});
