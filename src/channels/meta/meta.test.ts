import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpResponse } from '../http.ts';
import { parseGraphTime } from './fields.ts';
import { nextPage } from './graphClient.ts';
import { classifyGraph, DEFAULT_RATE_LIMIT_WAIT_MS, retryAtFromUsage } from './graphErrors.ts';

const now = new Date('2026-11-20T12:00:00Z');

function answer(
  error: Record<string, unknown>,
  headers: Record<string, string> = {},
  status = 400,
): HttpResponse {
  return {
    status,
    headers: new Headers(headers),
    body: { error: { message: 'said', type: 'OAuthException', ...error } },
  };
}

describe('Graph error codes', () => {
  it('reads expired, invalidated and missing permissions as auth', () => {
    for (const error of [
      { code: 190, error_subcode: 463 },
      { code: 190, error_subcode: 460 },
      { code: 102 },
      { code: 10 },
      { code: 200 },
      { code: 299 },
    ]) {
      assert.equal(classifyGraph(answer(error), 'GET x', now)?.kind, 'auth', JSON.stringify(error));
    }
  });

  it('reads throttling codes as rate_limited, with the wait from the usage headers in minutes', () => {
    const buc = JSON.stringify({
      '1234': [
        {
          type: 'pages',
          call_count: 100,
          total_cputime: 10,
          total_time: 12,
          estimated_time_to_regain_access: 3,
        },
        {
          type: 'pages',
          call_count: 99,
          total_cputime: 10,
          total_time: 12,
          estimated_time_to_regain_access: 9,
        },
      ],
    });
    const error = classifyGraph(answer({ code: 80001 }, { 'x-business-use-case-usage': buc }), 'GET x', now);
    assert.equal(error?.kind, 'rate_limited');
    assert.equal(error?.retryAt?.toISOString(), '2026-11-20T12:09:00.000Z');
    const app = classifyGraph(
      answer(
        { code: 4 },
        { 'x-app-usage': JSON.stringify({ call_count: 100, estimated_time_to_regain_access: 2 }) },
      ),
      'GET x',
      now,
    );
    assert.equal(app?.retryAt?.toISOString(), '2026-11-20T12:02:00.000Z');
    for (const code of [17, 32, 613, 80002, 80014]) {
      const plain = classifyGraph(answer({ code }), 'GET x', now);
      assert.equal(plain?.kind, 'rate_limited', String(code));
      assert.equal(plain?.retryAt?.getTime(), now.getTime() + DEFAULT_RATE_LIMIT_WAIT_MS);
    }
  });

  it('reads 1 and 2 as transient, 100/33 as not found, and the rest as unknown with Meta’s words', () => {
    assert.equal(classifyGraph(answer({ code: 1 }), 'GET x', now)?.kind, 'transient');
    assert.equal(classifyGraph(answer({ code: 2 }, {}, 500), 'GET x', now)?.kind, 'transient');
    assert.equal(classifyGraph(answer({ code: 100, error_subcode: 33 }), 'GET x', now)?.kind, 'not_found');
    const policy = classifyGraph(
      answer({ code: 368, message: 'It looks like you were misusing this feature' }),
      'GET x',
      now,
    );
    assert.equal(policy?.kind, 'unknown');
    assert.match(policy?.message ?? '', /misusing this feature \(code 368\)/);
    assert.equal(classifyGraph(answer({ code: 100 }), 'GET x', now)?.kind, 'unknown');
  });

  it('leaves answers without an error code to the generic reading', () => {
    assert.equal(classifyGraph({ status: 503, headers: new Headers(), body: undefined }, 'GET x', now), null);
    assert.equal(
      classifyGraph({ status: 200, headers: new Headers(), body: { data: [] } }, 'GET x', now),
      null,
    );
  });

  it('ignores usage headers that are not JSON or name no wait', () => {
    const headers = new Headers({
      'x-app-usage': 'nonsense',
      'x-business-use-case-usage': '{"1":[{"call_count":5}]}',
    });
    assert.equal(retryAtFromUsage(headers, now), null);
  });
});

describe('Graph paging', () => {
  const asked = '/v26.0/1/feed?fields=id&limit=25';

  it('follows paging.next on the configured host, without the token', () => {
    const next = nextPage(
      {
        paging: {
          next: 'https://graph.facebook.com/v26.0/1/feed?access_token=SECRET&fields=id&limit=25&after=QVFI',
        },
      },
      asked,
      25,
    );
    assert.equal(next, '/v26.0/1/feed?fields=id&limit=25&after=QVFI');
  });

  it('ends without paging.next, even with cursors, unless the edge pages by cursors only', () => {
    const body = { paging: { cursors: { before: 'A', after: 'B' } } };
    assert.equal(nextPage(body, asked, 5), null);
    assert.equal(nextPage(body, asked, 5, { cursorsOnly: true }), '/v26.0/1/feed?fields=id&limit=25&after=B');
    assert.equal(nextPage(body, asked, 0, { cursorsOnly: true }), null);
  });

  it('never names the page just read as the next', () => {
    assert.equal(
      nextPage({ paging: { next: `https://graph.facebook.com${asked}&access_token=x` } }, asked, 3),
      null,
    );
  });
});

describe('Graph times', () => {
  it('reads +0000 offsets and refuses days that do not exist', () => {
    assert.equal(parseGraphTime('2021-08-10T18:45:03+0000')?.toISOString(), '2021-08-10T18:45:03.000Z');
    assert.equal(parseGraphTime('2021-08-10T20:45:03+0200')?.toISOString(), '2021-08-10T18:45:03.000Z');
    assert.equal(parseGraphTime('2021-02-30T18:45:03+0000'), null);
  });
});
