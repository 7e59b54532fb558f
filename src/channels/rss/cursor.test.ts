import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { drainChannel } from '../drain.ts';
import { FakeServer } from '../fakeServer.ts';
import { rfc822 } from './fakeFeeds.ts';
import { rssAdapter } from './index.ts';
import { type FeedCursor, MAX_WALK_PAGES, readCursor } from './rssChannel.ts';
import { messageIds, rejectsOf } from './testSupport.ts';

/**
 * The feed cursor on feeds a test edits at will (no validators, so every read is whole): items
 * published with an earlier date, items dated in the future, paging that loops, odd answers.
 */
const NOW = new Date('2026-03-10T12:00:00Z');
const hours = (n: number) => new Date(NOW.getTime() + n * 3600_000);

interface Item {
  id: string;
  at: Date;
}

function rss(items: Item[], next?: string): string {
  const link = next ? `<atom:link rel="next" href="${next}"/>` : '';
  const body = items
    .map(
      (i) =>
        `<item><title>Bericht ${i.id}</title><guid>https://www.lindenwaard.nl/${i.id}</guid><pubDate>${rfc822(i.at)}</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Test</title><link>https://www.lindenwaard.nl/</link><description>t</description>${link}${body}</channel></rss>`;
}

const id = (name: string) => `https://www.lindenwaard.nl/${name}`;

describe('the feed cursor', () => {
  const server = new FakeServer({ rateLimited: () => ({ status: 429 }), revoked: () => ({ status: 401 }) });
  const bodies = new Map<string, { status?: number; body: string; type?: string }>();
  before(async () => {
    server.route('GET', /^\/.*$/, (request) => {
      const key = `${request.url.pathname}${request.url.search}`;
      const found = bodies.get(key);
      if (!found) return { status: 404, body: 'weg' };
      return {
        status: found.status ?? 200,
        headers: { 'content-type': found.type ?? 'application/rss+xml' },
        body: found.body,
      };
    });
    await server.start();
  });
  after(() => server.close());

  const channelAt = (path: string) =>
    rssAdapter.create(
      rssAdapter.parseSettings({ feedUrl: `${server.url}${path}` }),
      {},
      { saveSecrets: async () => {} },
    );
  const drain = (path: string, cursor: Parameters<typeof drainChannel>[1], syncId: string) =>
    drainChannel(channelAt(path), cursor, { syncId, now: NOW });

  it('catches an item published with an earlier date, within the overlap', async () => {
    const items: Item[] = [
      { id: 'a', at: hours(-2) },
      { id: 'b', at: hours(-5) },
    ];
    bodies.set('/terug', { body: rss(items) });
    const first = await drain('/terug', null, 's1');
    assert.deepEqual(messageIds(first.records), [id('a'), id('b')]);
    // A draft written yesterday, published now: dated before the newest item already read.
    items.unshift({ id: 'c', at: hours(-20) });
    // And one dated long before: beyond the overlap, it is taken as an old item.
    items.push({ id: 'old', at: hours(-24 * 5) });
    bodies.set('/terug', { body: rss(items) });
    const second = await drain('/terug', first.cursor, 's2');
    assert.deepEqual(messageIds(second.records), [id('c')]);
    const third = await drain('/terug', second.cursor, 's3');
    assert.deepEqual(third.records, []);
  });

  it('does not let an item dated in the future hide the items after it', async () => {
    const items: Item[] = [
      { id: 'event', at: hours(24 * 30) },
      { id: 'now', at: hours(-1) },
    ];
    bodies.set('/agenda', { body: rss(items) });
    const first = await drain('/agenda', null, 's1');
    assert.deepEqual(messageIds(first.records), [id('event'), id('now')]);
    const cursor = readCursor(first.cursor) as FeedCursor;
    assert.equal(cursor.newest, hours(-1).toISOString());
    items.push({ id: 'later', at: hours(-0.5) });
    bodies.set('/agenda', { body: rss(items) });
    const second = await drain('/agenda', first.cursor, 's2');
    // The future item comes again (ingest turns it away until its day): a repeat is harmless.
    assert.deepEqual(messageIds(second.records).sort(), [id('event'), id('later')]);
  });

  it('stops a walk whose next page is the page itself, or that never ends', async () => {
    bodies.set('/lus', { body: rss([{ id: 'l1', at: hours(-1) }], `${server.url}/lus`) });
    const loop = await drain('/lus', null, 's1');
    assert.equal(loop.error, null);
    assert.equal(loop.pages, 1);
    for (let page = 1; page <= 30; page++) {
      bodies.set(`/eindeloos${page === 1 ? '' : `?page=${page}`}`, {
        body: rss([{ id: `e${page}`, at: hours(-page) }], `${server.url}/eindeloos?page=${page + 1}`),
      });
    }
    const endless = await drain('/eindeloos', null, 's1');
    assert.equal(endless.error, null);
    assert.equal(endless.pages, MAX_WALK_PAGES);
    assert.equal(messageIds(endless.records).length, MAX_WALK_PAGES);
  });

  it('reads a JSON Feed, following next_url', async () => {
    const page = (n: number, next: string | null) =>
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Bibliotheek',
        ...(next ? { next_url: next } : {}),
        items: [
          { id: `https://bieb.example/${n}`, title: `Item ${n}`, date_published: hours(-n).toISOString() },
        ],
      });
    bodies.set('/feed.json', { body: page(1, `${server.url}/feed.json?p=2`), type: 'application/feed+json' });
    bodies.set('/feed.json?p=2', { body: page(2, null), type: 'application/feed+json' });
    const result = await drain('/feed.json', null, 's1');
    assert.deepEqual(messageIds(result.records), ['https://bieb.example/1', 'https://bieb.example/2']);
  });

  it('classifies odd answers: an empty 204, a 500, an HTML page, an empty feed', async () => {
    bodies.set('/leeg-antwoord', { status: 204, body: '' });
    bodies.set('/kapot', { status: 500, body: 'Internal Server Error' });
    bodies.set('/html', { body: '<!doctype html><html><body>Onderhoud</body></html>', type: 'text/html' });
    bodies.set('/geen-items', { body: rss([]) });
    assert.equal((await drain('/leeg-antwoord', null, 's1')).error?.kind, 'malformed');
    assert.equal((await drain('/kapot', null, 's1')).error?.kind, 'transient');
    const html = await drain('/html', null, 's1');
    assert.equal(html.error?.kind, 'malformed');
    assert.match(html.error?.message ?? '', /not a whole feed.*<!doctype html>/);
    const empty = await drain('/geen-items', null, 's1');
    assert.equal(empty.error, null);
    assert.deepEqual(empty.records, []);
    assert.deepEqual(rejectsOf(empty.records), []);
  });

  it('reads a damaged cursor as no cursor', () => {
    const cursor = readCursor({ etag: 5, newest: null, recent: [['x'], 'y', ['a', 'b']], walk: { next: 3 } });
    assert.deepEqual(cursor, {
      etag: null,
      lastModified: null,
      newest: null,
      recent: [['a', 'b']],
      walk: null,
    });
  });
});
