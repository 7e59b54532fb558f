import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChannelError } from './errors.ts';
import { FakeServer } from './fakeServer.ts';
import { redact, requestJson, retryAtFromHeaders } from './http.ts';

const NOW = new Date('2026-11-23T10:00:00Z');

describe('JSON over HTTP, every failure classified', () => {
  const server = new FakeServer({
    rateLimited: () => ({
      status: 429,
      headers: { 'retry-after': '120' },
      body: { error: 'Too many requests' },
    }),
    revoked: () => ({ status: 401, body: { error: 'The access token is invalid' } }),
  });
  before(async () => {
    await server.start();
    server.route('GET', /^\/ok$/, () => ({ body: { fine: true } }));
    server.route('GET', /^\/status\/(\d+)$/, (r) => ({
      status: Number(r.url.pathname.split('/')[2]),
      body: { error: 'said the platform' },
    }));
  });
  after(() => server.close());

  async function kindOf(path: string, timeoutMs?: number): Promise<ChannelError> {
    const error = await requestJson({ url: `${server.url}${path}`, timeoutMs }, { now: () => NOW }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(error instanceof ChannelError, `${path} must fail with a ChannelError`);
    return error;
  }

  test('a 2xx JSON answer is parsed', async () => {
    const response = await requestJson({ url: `${server.url}/ok` });
    assert.deepEqual(response.body, { fine: true });
  });

  test('statuses map to kinds, with the platform’s own words', async () => {
    assert.equal((await kindOf('/status/401')).kind, 'auth');
    assert.equal((await kindOf('/status/403')).kind, 'auth');
    assert.equal((await kindOf('/status/404')).kind, 'not_found');
    assert.equal((await kindOf('/status/502')).kind, 'transient');
    const unknown = await kindOf('/status/422');
    assert.equal(unknown.kind, 'unknown');
    assert.match(unknown.message, /said the platform/);
    assert.match(unknown.where, /^GET http:\/\/127\.0\.0\.1:\d+\/status\/422$/);
  });

  test('faults: rate limit with its retry moment, revoked, 5xx, timeout, truncated, garbage', async () => {
    server.inject(/^\/ok$/, { kind: 'rate_limited' });
    const limited = await kindOf('/ok');
    assert.equal(limited.kind, 'rate_limited');
    assert.equal(limited.retryAt?.toISOString(), '2026-11-23T10:02:00.000Z');
    server.inject(/^\/ok$/, { kind: 'revoked' });
    assert.equal((await kindOf('/ok')).kind, 'auth');
    server.inject(/^\/ok$/, { kind: 'server_error' });
    assert.equal((await kindOf('/ok')).kind, 'transient');
    server.inject(/^\/ok$/, { kind: 'timeout' });
    const timeout = await kindOf('/ok', 200);
    assert.equal(timeout.kind, 'transient');
    assert.match(timeout.message, /no answer within/);
    server.inject(/^\/ok$/, { kind: 'truncated' });
    assert.equal((await kindOf('/ok')).kind, 'malformed');
    server.inject(/^\/ok$/, { kind: 'garbage' });
    assert.equal((await kindOf('/ok')).kind, 'malformed');
  });

  test('a closed port is transient', async () => {
    const error = await requestJson({ url: 'http://127.0.0.1:9/nothing', timeoutMs: 2000 }).catch((e) => e);
    assert.equal(error.kind, 'transient');
  });

  test('retry moments from every platform’s headers', () => {
    const at = (h: Record<string, string>) => retryAtFromHeaders(new Headers(h), NOW)?.toISOString();
    assert.equal(at({ 'retry-after': '30' }), '2026-11-23T10:00:30.000Z');
    assert.equal(at({ 'retry-after': 'Mon, 23 Nov 2026 10:05:00 GMT' }), '2026-11-23T10:05:00.000Z');
    assert.equal(at({ 'x-ratelimit-reset': '2026-11-23T10:05:00.000Z' }), '2026-11-23T10:05:00.000Z');
    assert.equal(at({ 'x-rate-limit-reset': '1795428000' }), new Date(1795428000 * 1000).toISOString());
    assert.equal(at({ 'ratelimit-reset': '1795428000' }), new Date(1795428000 * 1000).toISOString());
    assert.equal(at({}), undefined);
  });

  test('secrets in query strings are not shown', () => {
    assert.equal(
      redact('https://graph.facebook.com/v23.0/me?access_token=EAAB&fields=id'),
      'https://graph.facebook.com/v23.0/me?access_token=%E2%80%A6&fields=id',
    );
  });
});
