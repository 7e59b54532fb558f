import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { drainChannel } from '../drain.ts';
import type { ChannelErrorKind } from '../errors.ts';
import { FAULT_KINDS, FakeServer, type Fault } from '../fakeServer.ts';
import { FAKE_CLIENT_ID, type FakeX, startFakeX } from './fakeServer.ts';
import { channelFor, drainToEnd, idsOf, NOW, recordingHost, sorted } from './testkit.ts';

async function withFake(test: (fake: FakeX) => Promise<void>, options = {}): Promise<void> {
  const fake = await startFakeX(options);
  try {
    await test(fake);
  } finally {
    await fake.close();
  }
}

const FAULTS = FAULT_KINDS;

describe('faults on a read', () => {
  for (const [fault, kind] of FAULTS) {
    it(`${fault} in the middle of a walk is ${kind}, and reading on loses nothing`, async () => {
      await withFake(
        async (fake) => {
          const channel = channelFor(fake);
          const start = await drainChannel(channel, null, { syncId: 's', now: NOW, maxPages: 2 });
          assert.equal(start.error, null);
          fake.server.inject(fake.readPaths, { kind: fault } as Fault);
          const failed = await drainChannel(channel, start.cursor, { syncId: 's', now: NOW });
          assert.equal(failed.error?.kind, kind);
          assert.equal(failed.pages, 0);
          assert.deepEqual(failed.cursor, start.cursor, 'the cursor stays where it was');
          if (fault === 'rate_limited') {
            assert.equal(failed.error?.retryAt?.getTime(), (fake.lastRateLimitReset ?? 0) * 1000);
          }
          if (fault === 'revoked') assert.equal(failed.error?.status, 401);
          const rest = await drainToEnd(channel, failed.cursor, { syncId: 's' });
          const all = new Set([...idsOf(start.records), ...idsOf(rest.records)]);
          assert.deepEqual(sorted(all), sorted(fake.messageIds()));
        },
        { timeoutMs: 1000 },
      );
    });
  }

  it('a drifted item is a reject naming the field; the rest of its page is kept', async () => {
    await withFake(async (fake) => {
      let dropped = '';
      fake.server.inject(fake.readPaths, {
        kind: 'drift',
        change: (body) => {
          const b = body as { data: Record<string, unknown>[] };
          const item = b.data[2] as Record<string, unknown>;
          dropped = item.id as string;
          delete item.created_at;
          return body;
        },
      });
      const result = await drainChannel(channelFor(fake), null, { syncId: 'd', now: NOW });
      assert.equal(result.error, null);
      const rejects = result.records.filter((r) => !r.ok);
      assert.equal(rejects.length, 1);
      assert.deepEqual(
        rejects.map((r) => (r.ok ? null : [r.code, r.reason])),
        [['missing_field', 'created_at is missing']],
      );
      assert.match(
        rejects[0]?.location ?? '',
        /^GET http:\/\/127\.0\.0\.1:\d+\/2\/users\/\d+\/mentions\?.* \[2\]$/,
      );
      const expected = fake.messageIds().filter((id) => id !== dropped);
      assert.deepEqual(sorted(idsOf(result.records)), sorted(expected));
    });
  });

  it('a 200 with data and a partial errors array keeps the data', async () => {
    await withFake(async (fake) => {
      fake.server.inject(fake.readPaths, {
        kind: 'drift',
        change: (body) => ({
          ...(body as object),
          errors: [
            {
              value: '1234',
              detail: 'Could not find user with author_id: [1234].',
              title: 'Not Found Error',
              resource_type: 'user',
              parameter: 'author_id',
              type: 'https://api.x.com/2/problems/resource-not-found',
            },
          ],
        }),
      });
      const result = await drainChannel(channelFor(fake), null, { syncId: 'p', now: NOW });
      assert.equal(result.error, null);
      assert.deepEqual(sorted(idsOf(result.records)), sorted(fake.messageIds()));
    });
  });

  it('page 2 failing, then resuming in a later sync: the walk goes on, then what came in meanwhile', async () => {
    await withFake(async (fake) => {
      const channel = channelFor(fake);
      const first = await drainChannel(channel, null, { syncId: 'one', now: NOW, maxPages: 1 });
      fake.server.inject(fake.readPaths, { kind: 'server_error' });
      const failed = await drainChannel(channel, first.cursor, { syncId: 'one', now: NOW });
      assert.equal(failed.error?.kind, 'transient');
      const newId = fake.addInbound('Is de milieustraat morgen open?');
      const resumed = await drainToEnd(channel, failed.cursor, { syncId: 'two' });
      const resumedWith = fake.server
        .requestsTo(fake.readPaths)
        .find((r) => r.url.searchParams.get('pagination_token'));
      assert.ok(resumedWith, 'the walk went on from its pagination token');
      const all = new Set([...idsOf(first.records), ...idsOf(resumed.records)]);
      assert.deepEqual(sorted(all), sorted(fake.messageIds()));
      assert.ok(all.has(newId));
      const again = await drainChannel(channel, resumed.cursor, { syncId: 'three', now: NOW });
      assert.equal(again.records.length, 0);
    });
  });

  it('a user that X no longer knows is not_found', async () => {
    await withFake(async (fake) => {
      const result = await drainChannel(channelFor(fake), { userId: '999' }, { syncId: 'n', now: NOW });
      assert.equal(result.error?.kind, 'not_found');
      assert.match(result.error?.message ?? '', /Could not find user/);
    });
  });
});

describe('an expired access token', () => {
  it('is refreshed once with the refresh token, the new pair saved, and the read goes on', async () => {
    await withFake(
      async (fake) => {
        const host = recordingHost();
        const channel = channelFor(fake, {}, fake.secrets, host);
        fake.expireAccessToken();
        const result = await drainChannel(channel, null, { syncId: 'r', now: NOW });
        assert.equal(result.error, null);
        assert.deepEqual(sorted(idsOf(result.records)), sorted(fake.messageIds()));
        assert.equal(host.saved.length, 1);
        assert.deepEqual(host.saved[0], {
          accessToken: 'fake-access-2',
          refreshToken: 'fake-refresh-2',
          clientId: FAKE_CLIENT_ID,
        });
        const [refresh] = fake.server.requestsTo(/oauth2\/token/);
        assert.equal(new URLSearchParams(refresh?.body).get('refresh_token'), 'fake-refresh-1');
      },
      { refreshable: true },
    );
  });

  it('is auth when X refuses the refresh token', async () => {
    await withFake(
      async (fake) => {
        const channel = channelFor(fake, {}, { ...fake.secrets, refreshToken: 'spent' });
        fake.expireAccessToken();
        const result = await drainChannel(channel, null, { syncId: 'r', now: NOW });
        assert.equal(result.error?.kind, 'auth');
        assert.match(result.error?.message ?? '', /Value passed for the token was invalid/);
      },
      { refreshable: true },
    );
  });
});

describe('X’s own refusals through a read', () => {
  const answers: [string, { status: number; body: unknown }, ChannelErrorKind][] = [
    [
      'an app not enrolled',
      {
        status: 403,
        body: {
          client_id: '123',
          detail:
            'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project.',
          registration_url: 'https://developer.twitter.com/en/docs/projects/overview',
          title: 'Client Forbidden',
          required_enrollment: 'Appropriate Level of API Access',
          reason: 'client-not-enrolled',
          type: 'https://api.twitter.com/2/problems/client-forbidden',
        },
      },
      'auth',
    ],
    [
      'the monthly usage cap',
      {
        status: 429,
        body: {
          account_id: 1,
          product_name: 'standard-basic',
          title: 'UsageCapExceeded',
          period: 'Monthly',
          scope: 'Product',
          detail: 'Usage cap exceeded: Monthly product cap',
          type: 'https://api.twitter.com/2/problems/usage-capped',
        },
      },
      'budget',
    ],
    [
      'credits used up',
      { status: 402, body: { title: 'CreditsDepleted', detail: 'Your enrolled account has no credits' } },
      'budget',
    ],
  ];
  for (const [name, answer, kind] of answers) {
    it(`${name} is ${kind}`, async () => {
      const server = new FakeServer({
        rateLimited: () => ({ status: 429 }),
        revoked: () => ({ status: 401 }),
      });
      server.route('GET', /./, () => answer);
      await server.start();
      try {
        const fake = {
          settings: { apiBaseUrl: server.url, monthlyReadBudget: 1000 },
          secrets: { accessToken: 't' },
        };
        const channel = channelFor(fake as unknown as FakeX);
        // X's answer is read at the moment it comes (the real clock): the cap lifts at the start
        // of the next month (UTC) from then.
        const nextMonth = (at: Date) => Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
        const before = nextMonth(new Date());
        const result = await drainChannel(channel, { userId: '1' }, { syncId: 'x', now: NOW });
        const after = nextMonth(new Date());
        assert.equal(result.error?.kind, kind);
        if (name.includes('cap')) {
          assert.ok(
            [before, after].includes(result.error?.retryAt?.getTime() ?? 0),
            String(result.error?.retryAt),
          );
        }
      } finally {
        await server.close();
      }
    });
  }
});
