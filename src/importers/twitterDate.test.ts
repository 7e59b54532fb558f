import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTwitterDate } from './twitterDate.ts';

test('Twitter dates become UTC instants, offsets applied', () => {
  assert.equal(parseTwitterDate('Tue Oct 31 22:10:47 +0000 2017')?.toISOString(), '2017-10-31T22:10:47.000Z');
  assert.equal(parseTwitterDate('Tue Oct 31 23:10:47 +0100 2017')?.toISOString(), '2017-10-31T22:10:47.000Z');
});

test('dates that do not exist and other formats are refused', () => {
  for (const bad of [
    'Mon Apr 31 10:00:00 +0000 2017',
    'Mon Feb 29 10:00:00 +0000 2017',
    'Mon Feb 01 25:00:00 +0000 2017',
    'Mon Feb 01 10:61:00 +0000 2017',
    '2017-10-31T22:10:47Z',
    '',
  ]) {
    assert.equal(parseTwitterDate(bad), null, bad);
  }
  assert.ok(parseTwitterDate('Thu Feb 29 10:00:00 +0000 2024'));
});
