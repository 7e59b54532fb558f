/**
 * The sync of every adapter against its fake platform server, on both engines: the whole account
 * read into the store with its threads and inbound messages; a second sync that adds nothing; a
 * new inbound message stored once; and each kind of platform fault ending the sync with the right
 * state, the right next attempt, and nothing lost or duplicated once the platform recovers.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FAULT_KINDS, type FakePlatform } from '../../src/channels/fakeServer.ts';
import { syncAccount } from '../../src/ingest/sync.ts';
import type { SecretBox } from '../../src/store/secretBox.ts';
import { connectionStatuses } from '../../src/store/syncRuns.ts';
import { connectFake, FAKES, inboundIdsOf, storedIds, testBox } from '../support/channels.ts';
import { describeOnEngines } from '../support/engines.ts';

for (const { platform, start } of FAKES) {
  describeOnEngines(`sync of ${platform}`, (db) => {
    let fake: FakePlatform;
    let box: SecretBox;
    let accountId: number;
    const sync = () => syncAccount(db(), box, accountId, { trigger: 'manual' });

    async function assertComplete(extra: string[] = []): Promise<void> {
      const { ids, rows } = await storedIds(db(), platform);
      assert.equal(rows, ids.size, 'every message is stored once');
      for (const id of [...fake.messageIds(), ...extra]) assert.ok(ids.has(id), `${id} is stored`);
      const inbound = await inboundIdsOf(db(), accountId);
      for (const id of fake.inboundIds()) assert.ok(inbound.has(id), `${id} is inbound to the account`);
    }

    async function status() {
      const [row] = await connectionStatuses(db(), [accountId]);
      assert.ok(row);
      return row;
    }

    before(async () => {
      fake = await start();
      box = testBox();
    });
    after(() => fake.close());

    test('connects, then syncs the whole account with its threads and inbound messages', async () => {
      accountId = await connectFake(db(), box, fake);
      const result = await sync();
      assert.equal(result.ok, true, JSON.stringify(result.error));
      assert.ok(result.stored >= fake.messageIds().length, `stored ${result.stored}`);
      await assertComplete();
      const row = await status();
      assert.equal(row.failures, 0);
      assert.ok(row.last_success_at);
      assert.ok(row.next_sync_at > new Date(), 'the next sync is scheduled after the interval');
    });

    test('a second sync adds nothing; a new inbound message is stored exactly once', async () => {
      const again = await sync();
      assert.equal(again.ok, true, JSON.stringify(again.error));
      assert.equal(again.stored, 0);
      const id = fake.addInbound('@gemeente wanneer wordt het grofvuil opgehaald in de Dorpsstraat?');
      const third = await sync();
      assert.equal(third.ok, true, JSON.stringify(third.error));
      assert.equal(third.stored, 1);
      await assertComplete([id]);
    });

    test('a rate limit ends the sync at the platform’s moment; the next sync completes it', async () => {
      const id = fake.addInbound('Is het stadskantoor morgen open?');
      fake.server.inject(fake.readPaths, { kind: 'rate_limited' });
      const limited = await sync();
      assert.equal(limited.ok, false);
      assert.equal(limited.error?.kind, 'rate_limited');
      assert.ok(limited.error?.retryAt, 'the retry moment is known');
      const row = await status();
      assert.equal(row.last_error_kind, 'rate_limited');
      assert.ok(
        row.next_sync_at >= new Date(limited.error?.retryAt ?? 0),
        'the next sync waits for the platform’s moment',
      );
      const recovered = await sync();
      assert.equal(recovered.ok, true, JSON.stringify(recovered.error));
      await assertComplete([id]);
    });

    test('faults: revoked access, 5xx, timeouts, garbage; nothing lost once the platform recovers', async () => {
      const ids: string[] = [];
      // Rate limits have a test of their own above; timeouts are the adapters' (they take seconds).
      for (const [fault, kind] of FAULT_KINDS.filter(([f]) => f !== 'rate_limited' && f !== 'timeout')) {
        ids.push(fake.addInbound(`Melding na storing (${fault}): lantaarnpaal kapot bij de school`));
        fake.server.inject(fake.readPaths, { kind: fault });
        const failed = await sync();
        assert.equal(failed.ok, false, fault);
        assert.equal(failed.error?.kind, kind, `${fault} is ${kind}: ${failed.error?.message}`);
        const row = await status();
        assert.equal(row.last_error_kind, kind);
        assert.ok(row.failures >= 1);
        assert.ok(row.next_sync_at > new Date(), 'the next attempt waits');
      }
      const recovered = await sync();
      assert.equal(recovered.ok, true, JSON.stringify(recovered.error));
      assert.equal((await status()).failures, 0);
      await assertComplete(ids);
    });
  });
}
