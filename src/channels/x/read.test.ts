import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { drainChannel } from '../drain.ts';
import { ReadCosts } from './budget.ts';
import { SCENARIO_END } from './fakeScenario.ts';
import { type FakeX, startFakeX } from './fakeServer.ts';
import { parseXSettings } from './settings.ts';
import { channelFor, idsOf, messagesOf, NOW, sorted } from './testkit.ts';

describe('a full read of the gemeente account', () => {
  let fake: FakeX;
  before(async () => {
    fake = await startFakeX();
  });
  after(() => fake.close());

  it('stores every post of both timelines, with threads and inbound facts right', async () => {
    const channel = channelFor(fake);
    const result = await drainChannel(channel, null, { syncId: 'sync-1', now: NOW });
    assert.equal(result.error, null);
    assert.deepEqual(
      result.records.filter((r) => !r.ok),
      [],
    );
    assert.deepEqual(sorted(idsOf(result.records)), sorted(fake.messageIds()));
    const messages = new Map(messagesOf(result.records).map((m) => [m.platformId, m]));
    const account = fake.account;
    for (const id of fake.inboundIds()) {
      const m = messages.get(id);
      assert.ok(m, `inbound ${id} was read`);
      assert.notEqual(m.author.id, account.id);
      const mentions = (m.mentions ?? []).map((h) => h.toLowerCase());
      assert.ok(mentions.includes(account.username.toLowerCase()) || m.inReplyTo?.authorId === account.id);
      assert.ok(m.author.handle, 'the author was expanded');
    }
    const posts = new Map(fake.world.posts.map((p) => [p.id, p]));
    let answers = 0;
    for (const m of messages.values()) {
      if (!m.inReplyTo) continue;
      const parent = posts.get(m.inReplyTo.id);
      assert.ok(parent, `the parent of ${m.platformId} exists`);
      assert.equal(m.inReplyTo.authorId, parent.author_id);
      if (m.author.id === account.id && parent.author_id !== account.id) answers++;
    }
    assert.ok(answers > 15, `webcare answers read: ${answers}`);
    const kinds = new Set([...messages.values()].map((m) => m.kind));
    assert.deepEqual(sorted(kinds), ['post', 'quote', 'reply', 'repost']);
  });

  it('walks page by page with max_results and pagination_token, newest first', () => {
    const reads = fake.server.requestsTo(fake.readPaths);
    assert.ok(reads.length >= 10, `${reads.length} pages`);
    for (const r of reads) {
      const q = r.url.searchParams;
      assert.equal(q.get('max_results'), '20');
      assert.equal(q.get('expansions'), 'author_id');
      assert.match(q.get('tweet.fields') ?? '', /referenced_tweets/);
      assert.equal(q.get('since_id'), null, 'the first sync has no mark');
    }
    assert.ok(reads.some((r) => r.url.searchParams.get('pagination_token')));
  });

  it('reads nothing the second time, then exactly a new mention, asking only for what is newer', async () => {
    const channel = channelFor(fake);
    const first = await drainChannel(channel, null, { syncId: 'a', now: NOW });
    const before = fake.billed.posts;
    const second = await drainChannel(channel, first.cursor, { syncId: 'b', now: NOW });
    assert.equal(second.error, null);
    assert.equal(second.records.length, 0);
    assert.equal(fake.billed.posts, before, 'nothing billed for a sync with nothing new');
    const requests = fake.server.requestsTo(fake.readPaths).slice(-2);
    assert.ok(requests.every((r) => r.url.searchParams.get('since_id')));
    const id = fake.addInbound('Wanneer gaat het zwembad in Oosterpark weer open? #zwemmen');
    const third = await drainChannel(channel, second.cursor, { syncId: 'c', now: NOW });
    assert.deepEqual([...idsOf(third.records)], [id]);
    const [m] = messagesOf(third.records);
    assert.deepEqual(m?.mentions, [fake.account.username]);
    assert.deepEqual(m?.hashtags, ['zwemmen']);
    assert.ok(fake.inboundIds().includes(id));
  });

  it('does not read before the history horizon', async () => {
    const channel = channelFor(fake, { historyDays: 7 });
    const now = new Date(SCENARIO_END);
    const result = await drainChannel(channel, null, { syncId: 'h', now });
    const horizon = now.getTime() - 7 * 24 * 3600_000;
    const expected = fake.world.posts.filter(
      (p) => fake.messageIds().includes(p.id) && Date.parse(p.created_at) >= horizon,
    );
    assert.deepEqual(sorted(idsOf(result.records)), sorted(expected.map((p) => p.id)));
  });
});

describe('the read budget', () => {
  let fake: FakeX;
  before(async () => {
    fake = await startFakeX();
  });
  after(() => fake.close());

  it('counts what X bills into the cursor, and starts afresh each month', async () => {
    const channel = channelFor(fake);
    const billed = { ...fake.billed };
    const result = await drainChannel(channel, null, { syncId: 'b1', now: NOW });
    const posts = fake.billed.posts - billed.posts;
    const users = fake.billed.users - billed.users;
    const budget = channel.budget?.(result.cursor, NOW);
    assert.deepEqual(budget, {
      period: '2026-11',
      limit: 1_000_000,
      used: posts + 2 * users,
      resetsAt: new Date('2026-12-01T00:00:00Z'),
    });
    assert.equal(channel.budget?.(result.cursor, new Date('2026-12-02T00:00:00Z'))?.used, 0);
  });

  it('weighs link posts by their own cost', async () => {
    const channel = channelFor(fake, { costPerLinkPostRead: 5 });
    const billed = { ...fake.billed };
    const result = await drainChannel(channel, null, { syncId: 'b2', now: NOW });
    const links = fake.billed.linkPosts - billed.linkPosts;
    assert.ok(links > 5);
    const expected = fake.billed.posts - billed.posts + 4 * links + 2 * (fake.billed.users - billed.users);
    assert.equal(channel.budget?.(result.cursor, NOW)?.used, expected);
  });

  it('stops before a request that could overspend, and goes on next month', async () => {
    const channel = channelFor(fake, { monthlyReadBudget: 250 });
    const before = fake.server.requestsTo(fake.readPaths).length;
    const result = await drainChannel(channel, null, { syncId: 'b3', now: NOW });
    assert.equal(result.error?.kind, 'budget');
    assert.deepEqual(result.error?.retryAt, new Date('2026-12-01T00:00:00Z'));
    const used = channel.budget?.(result.cursor, NOW)?.used ?? Number.NaN;
    assert.ok(used <= 250, `used ${used}`);
    const asked = fake.server.requestsTo(fake.readPaths).slice(before);
    assert.equal(asked.length, result.pages, 'no request was sent for the refused page');
    const sizes = asked.map((r) => Number(r.url.searchParams.get('max_results')));
    assert.ok(
      sizes.some((n) => n < 20),
      `pages shrank to fit: ${sizes.join(',')}`,
    );
    const december = new Date('2026-12-02T00:00:00Z');
    const rest = await drainChannel(channel, result.cursor, { syncId: 'b4', now: december });
    assert.equal(rest.error?.kind ?? null, null);
    const all = new Set([...idsOf(result.records), ...idsOf(rest.records)]);
    assert.deepEqual(sorted(all), sorted(fake.messageIds()));
  });

  it('sizes a page to what is left: at worst each mention brings its author', () => {
    const costs = new ReadCosts(parseXSettings({ monthlyReadBudget: 10, maxResults: 100 }));
    assert.equal(costs.pageSize(30, 1, 0), 10);
    assert.equal(costs.pageSize(14, 1, 0), null);
    assert.equal(costs.pageSize(1000, 1, 0), 100);
    assert.equal(costs.pageSize(23, 0, 1), 21);
    assert.equal(costs.ofPage([{ entities: { urls: [{ url: 'https://t.co/x' }] } }, {}], 3), 8);
  });
});

describe('reads of real posts', () => {
  it('serves the twcs customer-service conversations as mentions and answers', async () => {
    const fake = await startFakeX({ scenario: 'twcs' });
    try {
      const now = new Date('2017-12-31T00:00:00Z');
      const result = await drainChannel(channelFor(fake), null, { syncId: 't', now });
      assert.equal(result.error, null);
      assert.deepEqual(sorted(idsOf(result.records)), sorted(fake.messageIds()));
      const messages = new Map(messagesOf(result.records).map((m) => [m.platformId, m]));
      const inbound = fake.inboundIds();
      assert.ok(inbound.length > 50);
      for (const id of inbound) assert.notEqual(messages.get(id)?.author.id, fake.account.id);
    } finally {
      await fake.close();
    }
  });

  it('serves the archive as the account’s own timeline', async () => {
    const fake = await startFakeX({ scenario: 'archive', maxResults: 100 });
    try {
      const now = new Date('2022-11-04T00:00:00Z');
      const result = await drainChannel(channelFor(fake), null, { syncId: 'a', now });
      assert.equal(result.error, null);
      const horizon = now.getTime() - 3650 * 24 * 3600_000;
      const expected = fake.world.posts.filter((p) => Date.parse(p.created_at) >= horizon).map((p) => p.id);
      assert.deepEqual(sorted(idsOf(result.records)), sorted(expected));
      assert.equal(fake.inboundIds().length, 0);
    } finally {
      await fake.close();
    }
  });
});
