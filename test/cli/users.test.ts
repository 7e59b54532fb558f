/**
 * `meetlat users add|list|set-role|disable` from outside, on both engines: JSON on stdout only,
 * a made password printed once and working, roles set and removed, the last beheerder kept,
 * a disabled user refused at login, and bad input told with exit status 2.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkPassword } from '../../src/identity/login.ts';
import type { Db } from '../../src/store/db.ts';
import { openDb } from '../../src/store/open.ts';
import { upsertOrganisations } from '../../src/store/organisations.ts';
import { runMeetlat } from '../support/cli.ts';
import { tempDir } from '../support/corpusSources.ts';
import { ENGINES, freshDbLocation } from '../support/engines.ts';

const POLICY = { lockAfter: 5, lockMs: 60_000 };

for (const engine of ENGINES) {
  describe(`meetlat users [${engine}]`, () => {
    const dir = tempDir();
    let location: string;
    let drop: () => Promise<void>;
    const users = (...args: string[]) => runMeetlat(['users', ...args, '--db', location]);

    before(async () => {
      ({ location, drop } = await freshDbLocation(engine, dir.dir));
      const db = await openDb(location);
      await upsertOrganisations(db, [
        {
          code: 'GM0344',
          name: 'Utrecht',
          displayName: null,
          kind: 'gemeente',
          provinceCode: null,
          safetyRegionCode: null,
          inhabitants: [],
        },
      ]);
      await db.close();
    });
    after(async () => {
      await drop();
      dir.remove();
    });

    async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
      const db = await openDb(location);
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    }

    test('add prints the user as JSON with a made password that logs in; list shows the role', async () => {
      const added = await users(
        'add',
        'K.deVries@Utrecht.nl',
        '--name',
        'Kim de Vries',
        '--org',
        'GM0344',
        '--role',
        'beheerder',
        '--initials',
        'KV',
      );
      assert.equal(added.status, 0, added.stderr);
      const json = JSON.parse(added.stdout) as { email: string; role: string; password: string };
      assert.equal(json.email, 'k.devries@utrecht.nl');
      assert.equal(json.role, 'beheerder');
      assert.match(json.password, /^[A-Za-z0-9_-]{20}$/);
      const outcome = await withDb((db) => checkPassword(db, 'k.devries@utrecht.nl', json.password, POLICY));
      assert.equal(outcome.kind, 'ok');
      const list = await users('list', '--format', 'json');
      assert.equal(list.status, 0, list.stderr);
      assert.deepEqual(
        (JSON.parse(list.stdout) as { email: string; memberships: unknown[] }[]).map((u) => [
          u.email,
          u.memberships,
        ]),
        [['k.devries@utrecht.nl', [{ organisation: 'GM0344', role: 'beheerder' }]]],
      );
    });

    test('set-role gives, changes and removes a role, but never the last beheerder', async () => {
      assert.equal((await users('add', 'a.bakker@utrecht.nl', '--name', 'Ali Bakker')).status, 0);
      assert.equal(
        (await users('set-role', 'a.bakker@utrecht.nl', '--org', 'GM0344', '--role', 'webcare')).status,
        0,
      );
      const last = await users('set-role', 'k.devries@utrecht.nl', '--org', 'GM0344', '--role', 'lezer');
      assert.equal(last.status, 2);
      assert.match(last.stderr, /at least one beheerder/);
      assert.equal(
        (await users('set-role', 'a.bakker@utrecht.nl', '--org', 'GM0344', '--role', 'beheerder')).status,
        0,
      );
      assert.equal(
        (await users('set-role', 'k.devries@utrecht.nl', '--org', 'GM0344', '--role', 'none')).status,
        0,
      );
      const list = JSON.parse((await users('list', '--org', 'GM0344', '--format', 'json')).stdout) as {
        email: string;
      }[];
      assert.deepEqual(
        list.map((u) => u.email),
        ['a.bakker@utrecht.nl'],
      );
    });

    test('disable refuses the login; --enable lets it in again', async () => {
      const added = JSON.parse((await users('add', 'j.smit@utrecht.nl', '--name', 'Jan Smit')).stdout) as {
        password: string;
      };
      assert.equal((await users('disable', 'j.smit@utrecht.nl')).status, 0);
      const refused = await withDb((db) => checkPassword(db, 'j.smit@utrecht.nl', added.password, POLICY));
      assert.deepEqual(
        [refused.kind, refused.kind === 'refused' ? refused.reason : null],
        ['refused', 'disabled'],
      );
      assert.equal((await users('disable', 'j.smit@utrecht.nl', '--enable')).status, 0);
      assert.equal(
        (await withDb((db) => checkPassword(db, 'j.smit@utrecht.nl', added.password, POLICY))).kind,
        'ok',
      );
    });

    test('bad input: exit 2 with what is wrong, and nothing written', async () => {
      const cases: [string[], RegExp][] = [
        [['add', 'x@y.nl', '--name', 'X', '--org', 'GM0344', '--role', 'baas'], /--role must be one of/],
        [
          ['add', 'x@y.nl', '--name', 'X', '--org', 'GM9999', '--role', 'lezer'],
          /no organisation with code "GM9999"/,
        ],
        [['add', 'x@y.nl', '--name', 'X', '--password', 'geheim'], /--password takes env:NAME or @file/],
        [['add', 'j.smit@utrecht.nl', '--name', 'Dubbel'], /exists already/],
        [['set-role', 'niemand@utrecht.nl', '--org', 'GM0344', '--role', 'lezer'], /no user with e-mail/],
      ];
      for (const [args, message] of cases) {
        const run = await users(...args);
        assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, message);
        assert.equal(run.stdout, '');
      }
      const emails = await withDb((db) =>
        db.query<{ email: string }>('SELECT email FROM users ORDER BY email'),
      );
      assert.deepEqual(
        emails.map((e) => e.email),
        ['a.bakker@utrecht.nl', 'j.smit@utrecht.nl', 'k.devries@utrecht.nl'],
      );
    });
  });
}
