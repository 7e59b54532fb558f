/**
 * Channels end to end, through the `meetlat` command in child processes, on both engines:
 * accounts added with `accounts add` against fake platform servers on 127.0.0.1 (credentials
 * checked with the platform, stored sealed), `sync` reads them into the store with their threads
 * and inbound messages, a second `sync` adds nothing, and a `sync` killed with SIGKILL half-way and
 * run again loses nothing and duplicates nothing. `sync status` tells how each account stands.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FakePlatform } from '../../src/channels/fakeServer.ts';
import { openDb } from '../../src/store/open.ts';
import { E2E_FAKES, inboundIdsOf, storedIds } from '../support/channels.ts';
import { runMeetlat, startMeetlat } from '../support/cli.ts';
import { tempDir } from '../support/corpusSources.ts';
import { ENGINES, freshDbLocation } from '../support/engines.ts';

const SECRET_KEY = '4d65ed6c6174206d65657420657220776174206572206f6e6c696e6520737461';

function env(fake: FakePlatform): NodeJS.ProcessEnv {
  const secrets = Object.fromEntries(
    Object.entries(fake.secrets).map(([k, v]) => [`MEETLAT_TEST_SECRET_${k}`, v]),
  );
  return { MEETLAT_SECRET_KEY: SECRET_KEY, ...secrets };
}

const meetlat = (args: string[], environment: NodeJS.ProcessEnv = { MEETLAT_SECRET_KEY: SECRET_KEY }) =>
  runMeetlat(args, environment);

/** `accounts add` for a fake: every setting as --set, every secret from the environment. */
function addArgs(fake: FakePlatform, location: string): string[] {
  return [
    'accounts',
    'add',
    fake.platform,
    '--db',
    location,
    ...Object.entries(fake.settings).flatMap(([k, v]) => ['--set', `${k}=${String(v)}`]),
    ...Object.keys(fake.secrets).flatMap((k) => ['--secret', `${k}=env:MEETLAT_TEST_SECRET_${k}`]),
  ];
}

/**
 * `meetlat sync` killed with SIGKILL once the fake has answered `requests` reads; whether it was
 * still running then.
 */
async function killedSync(location: string, fake: FakePlatform, requests: number): Promise<boolean> {
  const run = startMeetlat(['sync', '--db', location, '--batch-size', '5', '--quiet'], env(fake));
  const { child } = run;
  const start = fake.server.requests.length;
  while (fake.server.requests.length - start < requests && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const running = child.exitCode === null;
  child.kill('SIGKILL');
  await run.exited;
  return running;
}

for (const engine of ENGINES) {
  describe(`channels end to end [${engine}]`, () => {
    const dir = tempDir();
    let location: string;
    let drop: () => Promise<void>;
    const fakes: FakePlatform[] = [];
    before(async () => {
      ({ location, drop } = await freshDbLocation(engine, dir.dir));
      for (const { start } of E2E_FAKES) fakes.push(await start());
    });
    after(async () => {
      for (const fake of fakes) await fake.close();
      await drop();
      dir.remove();
    });

    async function check(fake: FakePlatform, accountId: number): Promise<void> {
      const db = await openDb(location);
      try {
        const { ids, rows } = await storedIds(db, fake.platform);
        assert.equal(rows, ids.size, `${fake.platform}: every message once`);
        for (const id of fake.messageIds()) assert.ok(ids.has(id), `${fake.platform}: ${id} stored`);
        const inbound = await inboundIdsOf(db, accountId);
        for (const id of fake.inboundIds()) assert.ok(inbound.has(id), `${fake.platform}: ${id} inbound`);
        const [threads] = await db.query<{ replies: number; threaded: number }>(
          `SELECT count(*) FILTER (WHERE in_reply_to_platform_id IS NOT NULL)::integer AS replies,
             count(*) FILTER (WHERE in_reply_to_platform_id IS NOT NULL AND conversation_root <> platform_id)::integer AS threaded
           FROM messages WHERE platform = $1`,
          [fake.platform],
        );
        assert.equal(threads?.threaded, threads?.replies, 'every reply sits in its thread');
      } finally {
        await db.close();
      }
    }

    test('accounts add checks the credentials and stores them sealed', async () => {
      for (const fake of fakes) {
        const added = await meetlat(addArgs(fake, location), env(fake));
        assert.equal(added.status, 0, added.stderr);
        const account = JSON.parse(added.stdout);
        assert.equal(account.platform, fake.platform);
        assert.equal(account.state, 'nog niet gesynchroniseerd');
        for (const [name, secret] of Object.entries(fake.secrets)) {
          // Bluesky's login name is a handle, not a secret of its own.
          if (name !== 'identifier') assert.ok(!added.stdout.includes(secret), `${name} is never printed`);
        }
      }
      const wrong = fakes.find((f) => Object.keys(f.secrets).length > 0);
      if (wrong) {
        wrong.server.inject(/./, { kind: 'revoked' });
        const refused = await meetlat(addArgs(wrong, location), env(wrong));
        assert.equal(refused.status, 1);
        assert.match(refused.stderr, /toegang is ingetrokken of verlopen/);
        wrong.server.clearFaults();
      }
    });

    test('sync reads every account; a second sync adds nothing; status tells', async () => {
      const first = await meetlat(['sync', '--db', location, '--quiet']);
      assert.equal(first.status, 0, first.stderr);
      const { syncs } = JSON.parse(first.stdout);
      assert.equal(syncs.length, fakes.length);
      for (const [i, fake] of fakes.entries()) await check(fake, syncs[i].account_id);
      const second = JSON.parse((await meetlat(['sync', '--db', location, '--quiet'])).stdout);
      assert.deepEqual(
        second.syncs.map((s: { stored: number }) => s.stored),
        fakes.map(() => 0),
      );
      const status = JSON.parse((await meetlat(['sync', 'status', '--db', location])).stdout);
      for (const account of status.accounts) {
        assert.equal(account.state, 'ok');
        assert.ok(account.last_success_at);
        assert.ok(account.messages_read > 0);
        assert.equal(account.last_sync.status, 'ok');
        assert.equal(account.last_sync.stored, 0, 'the last sync (the second) stored nothing');
      }
    });

    test('a sync killed half-way and run again loses nothing and duplicates nothing', async () => {
      for (const fake of fakes) {
        for (let i = 0; i < 12; i++) fake.addInbound(`Vraag ${i + 1}: wanneer wordt de container geleegd?`);
        fake.server.latencyMs = 40;
      }
      assert.ok(await killedSync(location, fakes[0] as FakePlatform, 3), 'the sync was killed half-way');
      for (const fake of fakes) fake.server.latencyMs = 0;
      const rerun = await meetlat(['sync', '--db', location, '--quiet']);
      assert.equal(rerun.status, 0, rerun.stderr);
      const { syncs } = JSON.parse(rerun.stdout);
      for (const [i, fake] of fakes.entries()) await check(fake, syncs[i].account_id);
    });
  });
}
