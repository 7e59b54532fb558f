/**
 * `meetlat search` from outside, on both engines, exactly as its CLI contract says: JSON on stdout
 * only (`total` and the messages newest first, with platform, id, author, created_at and text),
 * the same answer on both engines, `--org` limited to the organisation's conversations, `--limit`,
 * and a syntax error told with its position and exit status 2.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoSource } from '../../src/demo/generator.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import type { Db } from '../../src/store/db.ts';
import { openDb } from '../../src/store/open.ts';
import { runMeetlat } from '../support/cli.ts';
import { tempDir } from '../support/corpusSources.ts';
import { ENGINES, freshDbLocation } from '../support/engines.ts';

interface Printed {
  total: number;
  messages: { platform: string; id: string; author: string; created_at: string; text: string }[];
}

const answers = new Map<string, string>();

for (const engine of ENGINES) {
  describe(`meetlat search [${engine}]`, () => {
    const dir = tempDir();
    let location: string;
    let drop: () => Promise<void>;
    const search = (...args: string[]) => runMeetlat(['search', ...args, '--db', location]);

    async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
      const db = await openDb(location);
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    }

    before(async () => {
      ({ location, drop } = await freshDbLocation(engine, dir.dir));
      await withDb((db) =>
        ingest(db, demoSource({ size: 3000, seed: 5 }), {
          sourceKind: 'demo',
          source: 'demo size=3000 seed=5',
          sourceSha256: null,
        }),
      );
    });
    after(async () => {
      await drop();
      dir.remove();
    });

    test('the contract: total and the messages newest first, JSON only on stdout', async () => {
      const run = await search('vergunning', '--format', 'json');
      assert.equal(run.status, 0, run.stderr);
      const printed = JSON.parse(run.stdout) as Printed;
      const expected = await withDb((db) =>
        db.query<{ n: number }>(
          `SELECT count(*)::integer AS n FROM messages WHERE to_tsvector('dutch', text) @@ to_tsquery('dutch', 'vergunning')`,
        ),
      );
      assert.ok(printed.total > 10, `matches: ${printed.total}`);
      assert.equal(
        (JSON.parse((await search('vergunning', '--limit', '3')).stdout) as Printed).messages.length,
        3,
      );
      assert.equal(printed.total, expected[0]?.n);
      assert.equal(printed.messages.length, Math.min(50, printed.total), 'the default limit');
      for (const m of printed.messages) {
        assert.deepEqual(Object.keys(m).slice(0, 5), ['platform', 'id', 'author', 'created_at', 'text']);
        assert.match(m.text, /vergunning/i, 'stemmed: vergunning, vergunningen');
      }
      const times = printed.messages.map((m) => Date.parse(m.created_at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
        'newest first',
      );
      assert.ok(printed.messages.some((m) => /vergunningen/i.test(m.text) || /vergunning\b/i.test(m.text)));
      answers.set(`${engine}:vergunning`, run.stdout);
    });

    test('a hashtag matches exactly; --limit; the same answer on both engines', async () => {
      const run = await search('#afval', '--limit', '5', '--format', 'json');
      assert.equal(run.status, 0, run.stderr);
      const printed = JSON.parse(run.stdout) as Printed;
      const [expected] = await withDb((db) =>
        db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM messages WHERE 'afval' = ANY(hashtags)`),
      );
      assert.equal(printed.total, expected?.n);
      assert.ok(printed.messages.length <= 5);
      for (const m of printed.messages) assert.match(m.text, /#afval\b/i);
      answers.set(`${engine}:#afval`, run.stdout);
      if (engine === ENGINES[ENGINES.length - 1]) {
        for (const key of ['vergunning', '#afval']) {
          assert.equal(answers.get(`${ENGINES[0]}:${key}`), answers.get(`${engine}:${key}`), key);
        }
      }
    });

    test("--org: only the conversations of the organisation's accounts", async () => {
      const [org] = await withDb((db) =>
        db.query<{ code: string; id: number }>(
          `SELECT o.code, o.id FROM organisations o JOIN accounts a ON a.organisation_id = o.id
           GROUP BY o.code, o.id ORDER BY count(*) DESC, o.code LIMIT 1`,
        ),
      );
      assert.ok(org);
      const all = JSON.parse((await search('gemeente', '--limit', '10000')).stdout) as Printed;
      const run = await search('gemeente', '--org', org.code, '--limit', '10000');
      assert.equal(run.status, 0, run.stderr);
      const own = JSON.parse(run.stdout) as Printed;
      assert.ok(own.total > 0 && own.total < all.total, `${own.total} of ${all.total}`);
      // Each one is in a conversation where an account of the organisation sent or received.
      const allowed = await withDb((db) =>
        db.query<{ platform: string; platform_id: string }>(
          `SELECT m.platform, m.platform_id FROM messages m
           WHERE (m.platform, m.conversation_root) IN (
             SELECT c.platform, c.conversation_root FROM messages c
             JOIN accounts a ON a.platform = c.platform AND a.organisation_id = $1
             WHERE c.author_id = a.platform_user_id OR lower(a.handle) = ANY(c.mentions)
               OR c.recipient_id = a.platform_user_id)`,
          [org.id],
        ),
      );
      const keys = new Set(allowed.map((r) => `${r.platform}|${r.platform_id}`));
      for (const m of own.messages) assert.ok(keys.has(`${m.platform}|${m.id}`), `${m.platform} ${m.id}`);
      assert.equal((await search('gemeente', '--org', 'GM9999')).status, 2, 'an unknown organisation');
    });

    test('a syntax error names its position and exits 2; hostile text is only searched for', async () => {
      const bad = await search('afval AND');
      assert.equal(bad.status, 2);
      assert.equal(bad.stdout, '');
      assert.match(bad.stderr, /positie 7/);
      const open = await search('(afval OR vuil');
      assert.equal(open.status, 2);
      assert.match(open.stderr, /positie 1\b/);
      const hostile = await search("'; DROP TABLE messages; --");
      assert.equal(hostile.status, 0, hostile.stderr);
      // The demo holds such texts itself: they are found as text, like any words.
      for (const m of (JSON.parse(hostile.stdout) as Printed).messages)
        assert.match(m.text, /drop table messages/i);
      const [still] = await withDb((db) =>
        db.query<{ n: number }>('SELECT count(*)::integer AS n FROM messages'),
      );
      assert.ok((still?.n ?? 0) > 2000, 'the messages are all still there');
      const negated = await search('-afval', '--limit', '1');
      assert.equal(negated.status, 0, negated.stderr);
      assert.ok((JSON.parse(negated.stdout) as Printed).total > 2000);
    });
  });
}
