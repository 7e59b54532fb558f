import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Failure } from './sync.ts';
import { nextAfterFailure, nextAfterSuccess } from './syncSchedule.ts';

const AT = new Date('2026-11-23T10:00:00Z');
const failure = (kind: Failure['kind'], retryAt: Date | null = null): Failure => ({
  kind,
  message: 'x',
  where: 'GET /',
  retryAt,
});
const minutesAfter = (d: Date) => (d.getTime() - AT.getTime()) / 60_000;

describe('when to sync next', () => {
  test('after success: the interval', () => {
    assert.equal(minutesAfter(nextAfterSuccess(5, AT)), 5);
  });
  test('faults back off exponentially, capped', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => minutesAfter(nextAfterFailure(failure('transient'), n, 60, AT))),
      [1, 2, 4, 8, 16, 32],
    );
    assert.equal(minutesAfter(nextAfterFailure(failure('malformed'), 20, 60, AT)), 360, 'at most six hours');
    assert.equal(
      minutesAfter(nextAfterFailure(failure('transient'), 20, 5, AT)),
      40,
      'at most eight intervals',
    );
  });
  test('rate limits and budgets wait for the platform’s moment', () => {
    const later = new Date(AT.getTime() + 17 * 60_000);
    assert.equal(minutesAfter(nextAfterFailure(failure('rate_limited', later), 1, 5, AT)), 17);
    assert.equal(minutesAfter(nextAfterFailure(failure('budget', later), 1, 5, AT)), 17);
    assert.equal(minutesAfter(nextAfterFailure(failure('transient', later), 1, 5, AT)), 17);
  });
  test('revoked access waits a day for a person', () => {
    assert.equal(minutesAfter(nextAfterFailure(failure('auth'), 1, 5, AT)), 24 * 60);
    assert.equal(minutesAfter(nextAfterFailure(failure('settings'), 1, 5, AT)), 24 * 60);
  });
});
