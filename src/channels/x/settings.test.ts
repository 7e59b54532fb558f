import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SettingsError } from '../channel.ts';
import type { HttpResponse } from '../http.ts';
import { classifyX } from './client.ts';
import { xAdapter } from './index.ts';

describe('X settings', () => {
  it('fill in the defaults around the budget', () => {
    assert.deepEqual(xAdapter.parseSettings({ monthlyReadBudget: 10_000 }), {
      monthlyReadBudget: 10_000,
      apiBaseUrl: 'https://api.x.com',
      costPerPostRead: 1,
      costPerLinkPostRead: 1,
      costPerUserRead: 2,
      maxResults: 100,
      historyDays: 30,
      timeoutMs: 30_000,
    });
  });

  it('name what is wrong', () => {
    const cases: [unknown, RegExp][] = [
      [{}, /^monthlyReadBudget is required$/],
      [{ monthlyReadBudget: 0 }, /^monthlyReadBudget must be >= 1$/],
      [{ monthlyReadBudget: 2.5 }, /^monthlyReadBudget must be integer$/],
      [{ monthlyReadBudget: 100, costPerUserRead: -1 }, /^costPerUserRead must be >= 0$/],
      [{ monthlyReadBudget: 100, maxResults: 200 }, /^maxResults must be <= 100$/],
      [{ monthlyReadBudget: 100, apiBaseUrl: 'ftp://x.com' }, /^apiBaseUrl must match pattern/],
      [{ monthlyReadBudget: 100, bearerToken: 'x' }, /^bearerToken is not a setting of this platform$/],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => xAdapter.parseSettings(input),
        (e: unknown) => e instanceof SettingsError && message.test(e.message),
      );
    }
  });

  it('describe the secrets in Dutch', () => {
    assert.deepEqual(Object.keys(xAdapter.secrets), [
      'accessToken',
      'refreshToken',
      'clientId',
      'clientSecret',
    ]);
    assert.match(xAdapter.secrets.accessToken ?? '', /toegangstoken/);
    assert.equal(xAdapter.label, 'X (Twitter)');
  });
});

describe('X’s error answers', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
    status,
    headers: new Headers(headers),
    body,
  });

  it('wait for the window that ran out: the 15-minute one, or the 24-hour posting cap', () => {
    const window = classifyX(
      answer(429, { title: 'Too Many Requests' }, { 'x-rate-limit-reset': '1795437000' }),
      'w',
      now,
    );
    assert.equal(window?.kind, 'rate_limited');
    assert.equal(window?.retryAt?.getTime(), 1795437000_000);
    const daily = classifyX(
      answer(
        429,
        { title: 'Too Many Requests' },
        {
          'x-rate-limit-reset': '1795437000',
          'x-user-limit-24hour-remaining': '0',
          'x-user-limit-24hour-reset': '1795500000',
        },
      ),
      'w',
      now,
    );
    assert.equal(daily?.retryAt?.getTime(), 1795500000_000);
  });

  it('tell X’s budget stops, a refused post and an empty answer apart', () => {
    const capped = classifyX(
      answer(403, { title: 'Usage Capped', type: 'https://api.x.com/2/problems/usage-capped' }),
      'w',
      now,
    );
    assert.equal(capped?.kind, 'budget');
    assert.deepEqual(capped?.retryAt, new Date('2026-12-01T00:00:00Z'));
    const credits = classifyX(answer(402, { title: 'CreditsDepleted' }), 'w', now);
    assert.deepEqual([credits?.kind, credits?.retryAt], ['budget', null]);
    const tooLong = classifyX(
      answer(403, { title: 'Forbidden', detail: 'Your Tweet text is too long.' }),
      'w',
      now,
    );
    assert.equal(tooLong?.kind, 'unknown');
    const gone = classifyX(
      answer(403, { detail: 'You attempted to reply to a Tweet that is deleted or not visible to you.' }),
      'w',
      now,
    );
    assert.equal(gone?.kind, 'not_found');
    const protectedUser = classifyX(
      answer(200, {
        errors: [
          {
            detail: 'Sorry, you are not authorized to see the user with id: [42].',
            title: 'Authorization Error',
            type: 'https://api.x.com/2/problems/not-authorized-for-resource',
          },
        ],
      }),
      'w',
      now,
    );
    assert.equal(protectedUser?.kind, 'auth');
    assert.equal(classifyX(answer(200, { data: [], errors: [{ title: 'x' }] }), 'w', now), null);
    assert.equal(classifyX(answer(200, { meta: { result_count: 0 } }), 'w', now), null);
    assert.equal(classifyX(answer(503, '<h1>Over capacity</h1>'), 'w', now), null, 'the generic reading');
  });
});
