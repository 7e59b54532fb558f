import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNdjsonLine } from './ndjson.ts';

function rejection(line: unknown): [string, string] {
  try {
    parseNdjsonLine(JSON.stringify(line));
  } catch (error) {
    return [(error as { code: string }).code, (error as Error).message];
  }
  throw new Error('the line was accepted');
}

test('a bad line is told what is wrong with it as the kind its type names', () => {
  assert.deepEqual(rejection({ type: 'account', platform: 'rss', id: 'x', handle: 'h', display_name: 'n' }), [
    'invalid_field',
    'account: unknown field "display_name"',
  ]);
  assert.deepEqual(rejection({ type: 'account', platform: 'rss', id: 'x' }), [
    'missing_field',
    'account: handle is missing',
  ]);
  assert.deepEqual(rejection({ type: 'snapshot', platform: 'rss', account_id: 'x', taken_at: 'gisteren' }), [
    'invalid_field',
    'taken_at must match format "date-time"',
  ]);
  assert.deepEqual(rejection({ platform: 'rss', id: 'x', created_at: '2025-01-01T00:00:00Z', text: 't' }), [
    'missing_field',
    'message: author is missing',
  ]);
  assert.deepEqual(rejection({ type: 'bericht', platform: 'rss' }), [
    'invalid_field',
    'type "bericht" is not one of message, account, snapshot, organisation',
  ]);
});
