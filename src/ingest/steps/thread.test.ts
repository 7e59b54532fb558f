import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecordError } from '../records.ts';
import { Threader } from './thread.ts';

const none = new Map<string, string>();

function run(threader: Threader, id: string, parent: string | null, stored = none) {
  assert.equal(threader.claim('x', id, id), 'new', `${id} seen twice`);
  return threader.thread('x', id, parent, stored);
}

test('a reply joins the root of its parent; a thread hanging from a missing message is named by it', () => {
  const t = new Threader();
  assert.equal(run(t, 'a', null), 'a');
  assert.equal(run(t, 'b', 'a'), 'a');
  assert.equal(run(t, 'c', 'b'), 'a');
  assert.equal(run(t, 'z', 'missing'), 'missing');
});

test('when the missing parent arrives later, its thread moves to the higher root', () => {
  const t = new Threader();
  run(t, 'c', 'b'); // b not seen yet
  run(t, 'b', 'a'); // a not seen yet
  assert.equal(t.find('x', 'b'), 'a');
  run(t, 'a', null);
  assert.equal(t.find('x', 'b'), 'a');
  const moves = t.movesFor(
    [
      { platform: 'x', platformId: 'b' },
      { platform: 'x', platformId: 'c' },
    ],
    new Set(),
  );
  assert.equal(moves.has('x\u0000c'), false);
  assert.equal(moves.get('x\u0000b'), 'a');
  assert.equal(run(t, 'd', 'c'), 'a');
});

test('parents stored by an earlier import lend their root', () => {
  const t = new Threader();
  assert.equal(t.parentToLookUp('x', 'p'), 'x\u0000p');
  assert.equal(run(t, 'r', 'p', new Map([['x\u0000p', 'root0']])), 'root0');
});

test('a reply that would close a loop is rejected and the thread stays a tree', () => {
  const t = new Threader();
  run(t, 'a', 'b'); // hangs from b, missing
  assert.throws(
    () => run(t, 'b', 'a'),
    (e: unknown) => e instanceof RecordError && e.code === 'reply_cycle',
  );
  run(t, 'b', null);
  assert.equal(t.find('x', 'a'), 'b');
});

test('a longer loop through stored messages is caught too', () => {
  const t = new Threader();
  // Stored: q hangs from s (missing). Now s arrives replying to q: q's root is s itself.
  assert.throws(
    () => run(t, 's', 'q', new Map([['x\u0000q', 's']])),
    (e: unknown) => e instanceof RecordError && e.code === 'reply_cycle',
  );
});

test('ids on different platforms never meet', () => {
  const t = new Threader();
  assert.equal(t.claim('x', '1', 'a'), 'new');
  assert.equal(t.claim('mastodon', '1', 'a'), 'new');
  assert.equal(t.claim('x', '1', 'a'), 'repeat');
  assert.equal(t.claim('x', '1', 'b'), 'conflict');
});
