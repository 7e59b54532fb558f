/**
 * `meetlat alerts evaluate` from outside, on both engines: a JSON summary on stdout only, the
 * first evaluation as the rule's start, a signal word after it notified once, and bad usage
 * exiting 2.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Db } from '../../src/store/db.ts';
import { openDb } from '../../src/store/open.ts';
import { at, HOUR, ORGS, ruleOn } from '../support/alertWorld.ts';
import { runMeetlat } from '../support/cli.ts';
import { tempDir } from '../support/corpusSources.ts';
import { ENGINES, freshDbLocation } from '../support/engines.ts';
import { importLines, msg } from '../support/yardstickFixtures.ts';

const T = '2025-05-01T09:00:00Z';
const ENV = { MEETLAT_SECRET_KEY: randomBytes(32).toString('hex'), MEETLAT_SMTP_URL: '' };

for (const engine of ENGINES) {
  describe(`meetlat alerts [${engine}]`, () => {
    const dir = tempDir();
    let location: string;
    let drop: () => Promise<void>;
    const alerts = (...args: string[]) => runMeetlat(['alerts', 'evaluate', '--db', location, ...args], ENV);

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
      await withDb(async (db) => {
        await importLines(db, [
          ...ORGS,
          msg({
            platform: 'mastodon',
            id: 'b1',
            author: 'anna',
            at: at(T, HOUR / 2).toISOString(),
            text: '@utrecht brand bij het station',
          }),
        ]);
        await ruleOn(
          db,
          'GM0344',
          { name: 'Meldingen', query: '@utrecht' },
          { kind: 'term', settings: { terms: ['brand'] } },
        );
      });
    });
    after(async () => {
      await drop();
      dir.remove();
    });

    test('evaluates and prints a JSON summary: the rule starts, then a signal word notifies', async () => {
      const start = await alerts('--org', 'GM0344', '--now', T);
      assert.equal(start.status, 0, start.stderr);
      assert.deepEqual(JSON.parse(start.stdout), {
        now: '2025-05-01T09:00:00.000Z',
        rules: 1,
        episodes_opened: 0,
        episodes_closed: 0,
        notifications: 0,
        deliveries: { created: 0, sent: 0, failed: 0, skipped: 0 },
        errors: [],
      });
      const later = at(T, HOUR).toISOString();
      const first = await alerts('--org', 'GM0344', '--now', later);
      assert.equal(first.status, 0, first.stderr);
      assert.deepEqual(
        [JSON.parse(first.stdout).episodes_opened, JSON.parse(first.stdout).notifications],
        [1, 1],
      );
      const titles = await withDb((db) => db.query<{ title: string }>('SELECT title FROM notifications'));
      assert.deepEqual(titles, [{ title: "brand in 'Meldingen'" }]);
    });
  });
}

test('meetlat alerts evaluate: a moment without its time zone is bad usage (exit 2)', async () => {
  const run = await runMeetlat(['alerts', 'evaluate', '--now', 'gisteren'], ENV);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--now must be an ISO 8601 moment with its time zone/);
  assert.equal(run.stdout, '');
});
