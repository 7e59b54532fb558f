import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Parsed } from '../../ingest/records.ts';
import { drainChannel } from '../drain.ts';
import { ChannelError, type ChannelErrorKind } from '../errors.ts';
import { FAULT_KINDS, formatsFile } from '../fakeServer.ts';
import { type FakeMastodon, startFakeMastodon } from './fakeServer.ts';
import { channelFor, idsOf, messagesOf, rejectsOf } from './testing.ts';

const NOW = new Date();
type Json = Record<string, unknown>;

const READ_PATHS: Record<string, RegExp> = {
  notifications: /^\/api\/v1\/notifications$/,
  conversations: /^\/api\/v1\/conversations$/,
  statuses: /^\/api\/v1\/accounts\/\d+\/statuses$/,
};

const FAULTS = FAULT_KINDS;

function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort();
}

describe('faults while reading', () => {
  let fake: FakeMastodon;
  let run = 0;

  before(async () => {
    fake = await startFakeMastodon({ now: NOW });
  });
  after(() => fake.close());

  /**
   * Drains, expecting `kind`, then drains again from the cursor it left; the union must be whole.
   * Only a timeout test gets a short timeout: on a busy machine any request may take 300 ms.
   */
  async function failThenResume(kind: ChannelErrorKind | null, timeoutMs = 5000) {
    run++;
    const channel = channelFor(fake, { timeoutMs });
    let first: Awaited<ReturnType<typeof drainChannel>>;
    try {
      first = await drainChannel(channel, null, { syncId: `a${run}`, now: NOW });
    } finally {
      fake.server.clearFaults();
    }
    assert.equal(first.error?.kind ?? null, kind, first.error?.message);
    const second = await drainChannel(channelFor(fake), first.cursor, { syncId: `b${run}`, now: NOW });
    assert.equal(second.error, null);
    const records: Parsed[] = [...first.records, ...second.records];
    return { first, second, records };
  }

  for (const [stream, path] of Object.entries(READ_PATHS)) {
    for (const [fault, kind] of FAULTS) {
      test(`${fault} on ${stream}: ${kind}, and nothing is lost after it`, async () => {
        fake.server.inject(path, { kind: fault });
        const { first, records } = await failThenResume(kind, fault === 'timeout' ? 1000 : 5000);
        assert.ok(first.error instanceof ChannelError);
        assert.match(first.error.where, /^GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\//);
        if (fault === 'rate_limited') {
          assert.ok(fake.lastRateLimitReset);
          assert.equal(first.error.retryAt?.toISOString(), fake.lastRateLimitReset.toISOString());
        }
        if (fault === 'revoked') assert.match(first.error.message, /The access token is invalid/);
        assert.deepEqual(sorted(idsOf(records)), sorted(fake.messageIds()));
      });
    }
  }

  test('drift: a renamed field costs only its item, which is a reject naming the field', async () => {
    const newest = fake.world.notifications.filter((n) => n.type === 'mention').at(-1);
    fake.server.inject(READ_PATHS.notifications as RegExp, {
      kind: 'drift',
      change: (body) => {
        const status = (body as Json[])[0]?.status as Json;
        status.uri_ = status.uri;
        delete status.uri;
        return body;
      },
    });
    fake.server.inject(READ_PATHS.statuses as RegExp, {
      kind: 'drift',
      change: (body) => {
        const status = (body as Json[])[1] as Json;
        delete status.created_at;
        return body;
      },
    });
    const { first, records } = await failThenResume(null);
    const rejects = rejectsOf(first.records);
    assert.deepEqual(
      rejects.map((r) => [r.code, r.reason]),
      [
        ['missing_field', 'uri is missing'],
        ['missing_field', 'created_at is missing'],
      ],
    );
    assert.match(rejects[0]?.location ?? '', /\/api\/v1\/notifications\?.* \[0\]$/);
    assert.match(rejects[1]?.location ?? '', /\/api\/v1\/accounts\/\d+\/statuses\?.* \[1\]$/);
    // The drifted own status is the newest DM answer, which the conversations gave already; the
    // drifted mention is only in the notifications: the first read misses it and nothing else.
    const firstRead = idsOf(first.records);
    assert.deepEqual(
      fake.messageIds().filter((id) => !firstRead.has(id)),
      [newest?.status?.uri],
    );
    // It was the newest notification, which the next sync reads again (the mark is read again).
    assert.deepEqual(sorted(idsOf(records)), sorted(fake.messageIds()));
  });

  test('the elided documentation example as a page is malformed', async () => {
    const dir = formatsFile('mastodon', 'elided');
    const file = readdirSync(dir).find((f) => f.includes('notifications_001')) as string;
    const text = readFileSync(`${dir}/${file}`, 'utf8');
    fake.server.inject(READ_PATHS.notifications as RegExp, { kind: 'drift', change: () => text });
    await failThenResume('malformed');
  });

  test('a failed lookup of a reply parent or of a DM thread fails the page; the resumed read is whole', async () => {
    fake.server.inject(/^\/api\/v1\/statuses\/\d+$/, { kind: 'server_error' });
    const { records } = await failThenResume('transient');
    assert.deepEqual(sorted(idsOf(records)), sorted(fake.messageIds()));
    fake.server.inject(/^\/api\/v1\/statuses\/\d+\/context$/, { kind: 'rate_limited' });
    const again = await failThenResume('rate_limited');
    assert.deepEqual(sorted(idsOf(again.records)), sorted(fake.messageIds()));
  });

  test('page 2 of a walk fails: the cursor keeps page 1, the next sync asks page 2 again and finishes', async () => {
    const channel = channelFor(fake);
    const context = { syncId: 'walk-1', now: NOW };
    const page1 = await channel.read(null, context);
    assert.equal(page1.more, true);
    const walk = (page1.cursor as { streams: Record<string, { walk: { next: string } | null }> }).streams
      .notifications?.walk;
    assert.ok(walk, 'page 1 leaves a walk in the cursor');
    fake.server.inject(READ_PATHS.notifications as RegExp, { kind: 'server_error' });
    await assert.rejects(
      channel.read(page1.cursor, context),
      (e) => e instanceof ChannelError && e.kind === 'transient',
    );
    const rest = await drainChannel(channelFor(fake), page1.cursor, { syncId: 'walk-2', now: NOW });
    assert.equal(rest.error, null);
    const asked = fake.server.requestsTo(READ_PATHS.notifications as RegExp).slice(-3);
    assert.deepEqual(
      asked.slice(0, 2).map((r) => r.url.searchParams.get('max_id')),
      [walk.next, walk.next],
    );
    const union = new Set([...idsOf(page1.records), ...idsOf(rest.records)]);
    assert.deepEqual(sorted(union), sorted(fake.messageIds()));
  });

  test('a revoked token: identify and every other method throw auth', async () => {
    const channel = channelFor(fake, {}, 'ingetrokken');
    for (const call of [
      () => channel.identify(),
      () => channel.read(null, { syncId: 'x', now: NOW }),
      () => channel.snapshot?.() ?? Promise.resolve(),
    ]) {
      await assert.rejects(call(), (e) => e instanceof ChannelError && e.kind === 'auth');
    }
    const none = channelFor(fake, {}, '');
    await assert.rejects(none.identify(), (e) => e instanceof ChannelError && e.kind === 'auth');
    assert.equal(messagesOf([]).length, 0);
  });
});
