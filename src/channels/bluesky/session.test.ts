import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { drainChannel } from '../drain.ts';
import { ChannelError } from '../errors.ts';
import { GEMEENTE } from './fakeScenario.ts';
import { type FakeBluesky, startFakeBluesky } from './fakeServer.ts';
import { channelOn, memoryHost } from './testSupport.ts';

const now = new Date('2026-11-02T12:00:00.000Z');

function sessionOf(secrets: Record<string, string> | undefined): Record<string, unknown> {
  assert.ok(secrets?.session, 'a session is stored');
  return JSON.parse(secrets.session) as Record<string, unknown>;
}

describe('Bluesky sessions', () => {
  let fake: FakeBluesky;
  before(async () => {
    fake = await startFakeBluesky();
  });
  after(() => fake.close());

  it('logs in once and stores the session with every secret, so the next sync needs no login', async () => {
    const logins = fake.logins;
    const host = memoryHost();
    const identity = await channelOn(fake, { host }).identify();
    assert.deepEqual(identity, {
      platformUserId: GEMEENTE.did,
      handle: 'gemeente-wolderveen.bsky.social',
      displayName: 'Gemeente Wolderveen',
    });
    assert.equal(fake.logins, logins + 1);
    const saved = host.saved.at(-1);
    assert.equal(saved?.identifier, fake.secrets.identifier);
    assert.equal(saved?.appPassword, fake.secrets.appPassword);
    const session = sessionOf(saved);
    assert.equal(session.did, GEMEENTE.did);
    assert.equal(session.pdsUrl, `${fake.server.url}/`);
    // The next sync starts from the stored secrets: no createSession, no refresh.
    const refreshes = fake.refreshes;
    const next = memoryHost();
    const result = await drainChannel(channelOn(fake, { secrets: saved, host: next }), null, {
      syncId: 'n',
      now,
    });
    assert.equal(result.error, null);
    assert.equal(fake.logins, logins + 1);
    assert.equal(fake.refreshes, refreshes);
    assert.deepEqual(next.saved, []);
  });

  it('refreshes an expired access token and stores the new tokens', async () => {
    const host = memoryHost();
    const channel = channelOn(fake, { host });
    await channel.identify();
    const before = sessionOf(host.saved.at(-1));
    const logins = fake.logins;
    const refreshes = fake.refreshes;
    fake.expireAccessTokens();
    await channel.snapshot?.();
    assert.equal(fake.refreshes, refreshes + 1);
    assert.equal(fake.logins, logins);
    const after = sessionOf(host.saved.at(-1));
    assert.notEqual(after.accessJwt, before.accessJwt);
    assert.notEqual(after.refreshJwt, before.refreshJwt);
  });

  it('waits when a refresh fails because the service is down, and goes on with the same session', async () => {
    const host = memoryHost();
    const channel = channelOn(fake, { host });
    await channel.identify();
    const logins = fake.logins;
    fake.expireAccessTokens();
    fake.server.inject(/refreshSession$/, { kind: 'server_error' });
    await assert.rejects(
      channel.snapshot?.() ?? Promise.reject(),
      (e: unknown) => e instanceof ChannelError && e.kind === 'transient',
    );
    const counts = await channel.snapshot?.();
    assert.equal(counts?.followers, 1843);
    assert.equal(fake.logins, logins);
  });

  it('logs in again when the stored session is refused, refresh included', async () => {
    const host = memoryHost();
    const stale = JSON.stringify({
      did: GEMEENTE.did,
      handle: GEMEENTE.handle,
      accessJwt: 'fake-access-old',
      refreshJwt: 'fake-refresh-old',
      pdsUrl: null,
      identifier: fake.secrets.identifier,
    });
    const logins = fake.logins;
    const channel = channelOn(fake, { host, secrets: { ...fake.secrets, session: stale } });
    const counts = await channel.snapshot?.();
    assert.equal(counts?.followers, 1843);
    assert.equal(fake.logins, logins + 1);
    // First the ended session is dropped, then the new one stored.
    assert.equal(host.saved[0]?.session, undefined);
    assert.notEqual(sessionOf(host.saved.at(-1)).accessJwt, 'fake-access-old');
  });

  it('does not resume the session of another identifier', async () => {
    const host = memoryHost();
    const other = JSON.stringify({
      did: 'did:plc:other',
      handle: 'ander.bsky.social',
      accessJwt: 'a',
      refreshJwt: 'r',
      pdsUrl: null,
      identifier: 'ander.bsky.social',
    });
    const logins = fake.logins;
    const identity = await channelOn(fake, { host, secrets: { ...fake.secrets, session: other } }).identify();
    assert.equal(identity.platformUserId, GEMEENTE.did);
    assert.equal(fake.logins, logins + 1);
  });

  it('calls a refused app password an auth error, and so missing secrets', async () => {
    const wrong = channelOn(fake, {
      secrets: { identifier: GEMEENTE.handle, appPassword: 'aaaa-bbbb-cccc-dddd' },
    });
    await assert.rejects(
      wrong.identify(),
      (e: unknown) =>
        e instanceof ChannelError &&
        e.kind === 'auth' &&
        /refused/.test(e.message) &&
        /createSession/.test(e.where),
    );
    const missing = channelOn(fake, { secrets: { identifier: GEMEENTE.handle } });
    await assert.rejects(
      missing.read(null, { syncId: 'x', now }),
      (e: unknown) => e instanceof ChannelError && e.kind === 'auth',
    );
  });

  it('calls a login that is rate limited rate_limited, with the reset from the header', async () => {
    fake.server.inject(/createSession$/, { kind: 'rate_limited' });
    const error = await channelOn(fake)
      .identify()
      .catch((e: unknown) => e);
    assert.ok(error instanceof ChannelError);
    assert.equal(error.kind, 'rate_limited');
    assert.equal(error.retryAt?.getTime(), (fake.lastRateLimitReset ?? 0) * 1000);
  });

  it('says so when the host cannot store the new session', async () => {
    const host = { saveSecrets: () => Promise.reject(new Error('database unreachable')) };
    await assert.rejects(
      channelOn(fake, { host }).identify(),
      (e: unknown) =>
        e instanceof ChannelError && e.kind === 'unknown' && /database unreachable/.test(e.message),
    );
  });

  it('calls an unreachable service transient', async () => {
    const channel = channelOn(fake, { settings: { serviceUrl: 'http://127.0.0.1:9' } });
    await assert.rejects(
      channel.identify(),
      (e: unknown) => e instanceof ChannelError && e.kind === 'transient',
    );
  });
});
