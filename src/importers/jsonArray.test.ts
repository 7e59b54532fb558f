import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findArrayOfKey, jsonArrayElements } from './jsonArray.ts';

test('elements are found with their lines, strings holding brackets do not confuse it', () => {
  const text = '[\n  {"a": "]}[{,"},\n  {"b": [1, 2]},\n  3\n]';
  const els = [...jsonArrayElements(text, 1)];
  assert.deepEqual(
    els.map((e) => (e.ok ? [e.line, e.value] : [e.line, e.reason])),
    [
      [2, { a: ']}[{,' }],
      [3, { b: [1, 2] }],
      [4, 3],
    ],
  );
});

test('a broken element costs only itself; a truncated file keeps what came before', () => {
  const els = [...jsonArrayElements('[{"a":1},{"b":},{"c":3},{"d":', 1)];
  assert.deepEqual(
    els.map((e) => e.ok),
    [true, false, true, false],
  );
  const last = els.at(-1);
  assert.ok(last && !last.ok && /truncated/.test(last.reason));
});

test('top-level keys are found, also when repeated', () => {
  const text = '{"x":{"orderedItems":[9]},"orderedItems":[],"orderedItems":[1,2]}';
  const starts = findArrayOfKey(text, 'orderedItems');
  assert.equal(starts.length, 2);
  assert.deepEqual(
    starts.flatMap((s) => [...jsonArrayElements(text, s)].map((e) => (e.ok ? e.value : null))),
    [1, 2],
  );
});
