import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { alertsAfterSync } from '../alerts/afterSync.ts';
import { claimSlot, dueConnections, nextDue } from '../store/connections.ts';
import { type Db, LOCKS } from '../store/db.ts';
import type { SecretBox } from '../store/secretBox.ts';
import { type SyncResult, syncAccount } from './sync.ts';

/**
 * Scheduled syncs. Every connection has its next sync moment (`next_sync_at`); a sync that is due
 * is a job for that moment (the slot). Whoever runs the job first claims the slot (it only
 * succeeds while the slot is still the account's next sync), so each slot is synced once however
 * many processes are offered it; the claim moves the next sync an hour on as a lease, in case the
 * process dies mid-sync, and the sync itself sets the real next moment.
 *
 * - Embedded database: the jobs run in-process, one after the other (`runInProcess`).
 * - PostgreSQL: the jobs go through pg-boss (`runWithPgBoss`), so several `meetlat worker`
 *   processes share them: each worker looks for due slots and queues them (a `stately` queue
 *   keyed by account keeps at most one queued job per account), and every worker takes jobs.
 */
export interface WorkerOptions {
  /** Seconds between looks for due syncs. */
  tickSeconds?: number;
  worker: string;
  signal: AbortSignal;
  onResult?: (result: SyncResult) => void;
  onError?: (error: Error) => void;
  now?: () => Date;
}

const LEASE_MS = 60 * 60 * 1000;
export const SYNC_QUEUE = 'meetlat-sync';

/** Claims a slot and syncs it; null when another process had already taken the slot. */
export async function runScheduledSync(
  db: Db,
  box: SecretBox,
  accountId: number,
  slot: Date,
  options: Pick<WorkerOptions, 'worker' | 'now' | 'onError'>,
): Promise<SyncResult | null> {
  const now = options.now?.() ?? new Date();
  if (!(await claimSlot(db, accountId, slot, new Date(now.getTime() + LEASE_MS)))) return null;
  const result = await syncAccount(db, box, accountId, {
    trigger: 'schedule',
    slot,
    worker: options.worker,
    now: options.now,
  });
  // The organisation's alert rules look at what came in; due notifications go out (never throws).
  await alertsAfterSync(db, box, result, { now: options.now?.(), onError: options.onError });
  return result;
}

/** The embedded database's worker: due syncs in-process until the signal aborts. */
export async function runInProcess(db: Db, box: SecretBox, options: WorkerOptions): Promise<void> {
  const tickMs = (options.tickSeconds ?? 30) * 1000;
  while (!options.signal.aborted) {
    try {
      for (const { accountId, slot } of await dueConnections(db, options.now?.() ?? new Date())) {
        if (options.signal.aborted) return;
        const result = await runScheduledSync(db, box, accountId, slot, options);
        if (result) options.onResult?.(result);
      }
    } catch (error) {
      options.onError?.(error as Error);
    }
    const next = await nextDue(db).catch(() => null);
    const wait = next ? Math.min(tickMs, Math.max(0, next.getTime() - Date.now())) : tickMs;
    await sleep(Math.max(wait, 200), undefined, { signal: options.signal }).catch(() => undefined);
  }
}

interface SyncJob {
  accountId: number;
  slot: string;
}

/** A PostgreSQL worker: due syncs through pg-boss, shared with every other worker. */
export async function runWithPgBoss(
  db: Db,
  box: SecretBox,
  connectionString: string,
  options: WorkerOptions,
): Promise<void> {
  const tickMs = (options.tickSeconds ?? 30) * 1000;
  const boss = new PgBoss({
    connectionString,
    schema: 'pgboss',
    application_name: `meetlat ${options.worker}`,
  });
  boss.on('error', (error) => options.onError?.(error));
  await boss.start();
  try {
    await ensureQueue(db, boss);
    await boss.work<SyncJob>(
      SYNC_QUEUE,
      { pollingIntervalSeconds: Math.max(0.5, Math.min(2, tickMs / 1000)), batchSize: 1 },
      async (jobs) => {
        for (const job of jobs) {
          const result = await runScheduledSync(
            db,
            box,
            job.data.accountId,
            new Date(job.data.slot),
            options,
          );
          if (result) options.onResult?.(result);
        }
      },
    );
    while (!options.signal.aborted) {
      try {
        for (const { accountId, slot } of await dueConnections(db, options.now?.() ?? new Date())) {
          await boss.send(SYNC_QUEUE, { accountId, slot: slot.toISOString() } satisfies SyncJob, {
            singletonKey: String(accountId),
            retryLimit: 0,
            expireInSeconds: LEASE_MS / 1000,
          });
        }
      } catch (error) {
        options.onError?.(error as Error);
      }
      await sleep(tickMs, undefined, { signal: options.signal }).catch(() => undefined);
    }
  } finally {
    await boss.stop({ graceful: true, wait: true, timeout: 60_000 });
  }
}

/**
 * The sync queue, made once. pg-boss's `createQueue` attaches a partition, which deadlocks when two
 * workers starting together both create the queue; our lock makes them take turns.
 */
async function ensureQueue(db: Db, boss: PgBoss): Promise<void> {
  if (await boss.getQueue(SYNC_QUEUE)) return;
  await db.exclusive(LOCKS.syncQueue, async () => {
    if (await boss.getQueue(SYNC_QUEUE)) return;
    await boss.createQueue(SYNC_QUEUE, { name: SYNC_QUEUE, policy: 'stately' });
  });
}
