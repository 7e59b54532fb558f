/**
 * Scheduled syncs shared by two `meetlat worker` processes on one PostgreSQL database, through
 * pg-boss: over three rounds of due slots, every slot of every account is synced exactly once
 * (one sync run per account and slot, one read of each feed per round), whichever worker takes
 * it; and both workers stop cleanly on SIGTERM. The embedded database's in-process worker is
 * checked too.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FakePlatform } from '../../src/channels/fakeServer.ts';
import { startFakeRss } from '../../src/channels/rss/fakeServer.ts';
import type { Db } from '../../src/store/db.ts';
import { openDb } from '../../src/store/open.ts';
import { SecretBox } from '../../src/store/secretBox.ts';
import { connectFake } from '../support/channels.ts';
import { type RunningMeetlat, startMeetlat } from '../support/cli.ts';
import { tempDir } from '../support/corpusSources.ts';
import { freshDbLocation } from '../support/engines.ts';

const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const ROUNDS = 3;
const ACCOUNTS = 3;

function worker(location: string, name: string): RunningMeetlat {
  return startMeetlat(['worker', '--db', location, '--tick', '1', '--name', name], {
    MEETLAT_SECRET_KEY: KEY,
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function finishedRuns(db: Db): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "SELECT count(*)::integer AS n FROM sync_runs WHERE status <> 'running'",
  );
  return row?.n ?? 0;
}

async function stop(w: RunningMeetlat): Promise<number | null> {
  w.child.kill('SIGTERM');
  return w.exited;
}

describe('scheduled syncs with two workers on PostgreSQL (pg-boss)', () => {
  const dir = tempDir();
  const fakes: FakePlatform[] = [];
  let location: string;
  let drop: () => Promise<void>;
  let db: Db;

  before(async () => {
    ({ location, drop } = await freshDbLocation('postgres', dir.dir));
    db = await openDb(location);
    const box = SecretBox.fromKey(Buffer.from(KEY, 'hex'));
    for (let i = 0; i < ACCOUNTS; i++) {
      const fake = await startFakeRss({ format: 'rss', count: 5 + i });
      fakes.push(fake);
      await connectFake(db, box, fake, { relation: 'watched' });
    }
  });
  after(async () => {
    await db.close();
    for (const fake of fakes) await fake.close();
    await drop();
    dir.remove();
  });

  test('each scheduled slot runs exactly once, whichever worker takes it', async () => {
    const readsBefore = fakes.map((f) => f.server.requests.length);
    const workers = [worker(location, 'w1'), worker(location, 'w2')];
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        await until(`round ${round}`, async () => (await finishedRuns(db)) >= round * ACCOUNTS);
        // Let both workers look again: nothing more may run for this round's slots.
        await new Promise((r) => setTimeout(r, 2500));
        assert.equal(await finishedRuns(db), round * ACCOUNTS, `round ${round}: one sync per account`);
        if (round < ROUNDS) await db.execute('UPDATE channel_connections SET next_sync_at = now()');
      }
    } finally {
      const codes = [];
      for (const w of workers) codes.push(await stop(w));
      assert.deepEqual(codes, [0, 0], `workers stop cleanly:\n${workers.map((w) => w.stderr()).join('\n')}`);
    }
    const runs = await db.query<{ account_id: number; slot: Date; n: number; ok: number }>(
      `SELECT account_id, slot, count(*)::integer AS n, count(*) FILTER (WHERE status = 'ok')::integer AS ok
       FROM sync_runs GROUP BY account_id, slot`,
    );
    assert.equal(runs.length, ROUNDS * ACCOUNTS, 'a run for every account and slot');
    for (const run of runs) {
      assert.equal(run.n, 1, `account ${run.account_id} slot ${run.slot.toISOString()} ran once`);
      assert.equal(run.ok, 1);
    }
    fakes.forEach((fake, i) => {
      assert.equal(
        fake.server.requests.length - (readsBefore[i] ?? 0),
        ROUNDS,
        'each feed read once per round',
      );
    });
    const [stored] = await db.query<{ n: number }>(
      "SELECT count(*)::integer AS n FROM messages WHERE platform = 'rss'",
    );
    assert.equal(
      stored?.n,
      fakes.reduce((sum, f) => sum + f.messageIds().length, 0),
    );
  });
});

describe('scheduled syncs in-process on the embedded database', () => {
  const dir = tempDir();
  after(() => dir.remove());

  test('the worker syncs a due account and stops on SIGTERM', async () => {
    const fake = await startFakeRss({ format: 'atom', count: 6 });
    const location = join(dir.dir, 'db');
    try {
      const db = await openDb(location);
      await connectFake(db, SecretBox.fromKey(Buffer.from(KEY, 'hex')), fake, { relation: 'watched' });
      await db.close();
      const w = worker(location, 'embedded');
      await until('the sync', async () => /rss:.*ok, \d+ nieuw/.test(w.stderr()), 60_000);
      assert.equal(await stop(w), 0, w.stderr());
      const check = await openDb(location);
      const [row] = await check.query<{ n: number }>('SELECT count(*)::integer AS n FROM messages');
      await check.close();
      assert.equal(row?.n, fake.messageIds().length);
    } finally {
      await fake.close();
    }
  });
});
