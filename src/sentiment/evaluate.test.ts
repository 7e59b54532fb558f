import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseSentiment } from './analyse.ts';
import { DOMAIN_NEUTRAL, DOMAIN_WORDS, INTENSIFIERS, PHRASES, RHETORICAL } from './domain.ts';
import { DEV_SET, evaluate, evaluateOn, LABELS, loadLabelled, TEST_SET } from './evaluate.ts';
import { stem } from './lexicon.ts';

test('evaluate: precision, recall, F1 per class, macro-F1 and the confusion matrix', () => {
  const e = evaluate(
    ['positive', 'positive', 'neutral', 'neutral', 'negative', 'negative'],
    ['positive', 'neutral', 'neutral', 'neutral', 'negative', 'positive'],
  );
  assert.deepEqual(e.confusion.positive, { positive: 1, neutral: 1, negative: 0 });
  assert.deepEqual(e.confusion.negative, { positive: 1, neutral: 0, negative: 1 });
  assert.equal(e.per_class.positive.precision, 0.5);
  assert.equal(e.per_class.positive.recall, 0.5);
  assert.equal(e.per_class.neutral.precision, 0.6667);
  assert.equal(e.per_class.neutral.recall, 1);
  assert.equal(e.per_class.neutral.f1, 0.8);
  assert.equal(e.per_class.negative.f1, 0.6667);
  assert.equal(e.macro_f1, Math.round(((0.5 + 0.8 + 0.6667) / 3) * 10_000) / 10_000);
  assert.equal(e.accuracy, 0.6667);
  // A class never predicted has precision 0, not NaN.
  const none = evaluate(['positive', 'negative'], ['neutral', 'neutral']);
  assert.equal(none.per_class.positive.precision, 0);
  assert.equal(none.macro_f1, 0);
});

const norm = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

test('the labelled test set is well-formed, at least 300 messages, at least 100 per class, without duplicates', () => {
  const set = loadLabelled(TEST_SET);
  assert.ok(set.length >= 300, `${set.length} messages`);
  for (const label of LABELS) {
    const n = set.filter((m) => m.label === label).length;
    assert.ok(n >= 100, `${label}: ${n}`);
  }
  const counts = LABELS.map((l) => set.filter((m) => m.label === l).length);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 10, `unbalanced: ${counts}`);
  const seen = new Set<string>();
  for (const m of set) {
    assert.ok(m.text.trim().length > 0);
    assert.ok(!seen.has(norm(m.text)), `duplicate: ${m.text}`);
    seen.add(norm(m.text));
  }
});

test('the development set is well-formed, at least 150 messages, and shares no message with the test set', () => {
  const dev = loadLabelled(DEV_SET);
  assert.ok(dev.length >= 150, `${dev.length} messages`);
  for (const label of LABELS) assert.ok(dev.some((m) => m.label === label));
  const testTexts = new Set(loadLabelled(TEST_SET).map((m) => norm(m.text)));
  const devTexts = new Set<string>();
  for (const m of dev) {
    assert.ok(!testTexts.has(norm(m.text)), `in both sets: ${m.text}`);
    assert.ok(!devTexts.has(norm(m.text)), `duplicate: ${m.text}`);
    devTexts.add(norm(m.text));
  }
});

test('macro-F1 on the test set stays above its floor (measured 0.862 when the method was frozen)', () => {
  const e = evaluateOn(loadLabelled(TEST_SET), (text) => analyseSentiment(text).label);
  assert.ok(e.macro_f1 >= 0.85, `macro-F1 ${e.macro_f1} on the test set, below the floor of 0.85`);
});

test('macro-F1 on the development set stays above its floor', () => {
  const e = evaluateOn(loadLabelled(DEV_SET), (text) => analyseSentiment(text).label);
  assert.ok(e.macro_f1 >= 0.95, `macro-F1 ${e.macro_f1} on the development set`);
});

test('every word and phrase of the domain layer occurs in the development set (none comes from the test set)', () => {
  const words = new Set<string>();
  const stems = new Set<string>();
  const joined: string[] = [];
  for (const m of loadLabelled(DEV_SET)) {
    const ws = (m.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((w) =>
      w.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
    );
    for (const w of ws) {
      words.add(w);
      stems.add(stem(w));
    }
    joined.push(` ${ws.join(' ')} `);
  }
  const occurs = (word: string) =>
    words.has(word) ||
    stems.has(stem(word)) ||
    [...words].some((w) => w.startsWith(word) && w.length <= word.length + 3);
  const entries = [
    ...Object.keys(DOMAIN_WORDS),
    ...DOMAIN_NEUTRAL,
    ...Object.keys(INTENSIFIERS),
    ...Object.keys(RHETORICAL),
  ];
  for (const word of entries) assert.ok(occurs(word), `"${word}" does not occur in the development set`);
  for (const phrase of Object.keys(PHRASES)) {
    assert.ok(
      joined.some((t) => t.includes(` ${phrase} `)),
      `"${phrase}" does not occur in the development set`,
    );
  }
});
