import { hostname } from 'node:os';
import type { ChannelCursor } from '../channels/channel.ts';
import { SettingsError } from '../channels/channel.ts';
import {
  asChannelError,
  type ChannelError,
  type ChannelErrorKind,
  ERROR_KIND_DUTCH,
} from '../channels/errors.ts';
import { adapterFor } from '../channels/registry.ts';
import {
  type Connection,
  loadConnection,
  recordOutcome,
  saveCursor,
  saveSecrets,
} from '../store/connections.ts';
import { type Db, syncLock } from '../store/db.ts';
import { type SecretBox, SecretKeyError } from '../store/secretBox.ts';
import { finishSyncRun, startSyncRun } from '../store/syncRuns.ts';
import { ingest } from './pipeline.ts';
import type { Parsed, RecordSource } from './records.ts';
import { nextAfterFailure, nextAfterSuccess, SNAPSHOT_EVERY_MS } from './syncSchedule.ts';

/**
 * One sync of one account: read what is new through its channel, page by page, and store it
 * through the ingest pipeline like any import.
 *
 * Pages are gathered into chunks (at most `chunkRecords` records); each chunk is one ingest run,
 * and only once it is stored is the channel's cursor saved. So the cursor never passes what was
 * persisted: a sync killed at any moment reads again at most one chunk, which ingest recognises
 * as already stored. The ingest lock is held only while a chunk is written, never while waiting
 * for a platform, so syncs of several accounts (several workers) overlap their waiting.
 *
 * A platform error ends the sync (what was read before it is kept) and is recorded on the
 * connection in plain words, with the next attempt: at the platform's retry moment for rate
 * limits and budgets, with exponential backoff for faults, a day later for revoked access.
 */
export interface SyncOptions {
  trigger: 'manual' | 'schedule';
  /** The scheduled moment this sync is for (scheduled syncs). */
  slot?: Date | null;
  /** Names the process, for the sync audit. */
  worker?: string;
  now?: () => Date;
  /** Records per ingest run. */
  chunkRecords?: number;
  onProgress?: (progress: SyncProgress) => void;
}

export interface SyncProgress {
  account: string;
  pages: number;
  recordsRead: number;
  stored: number;
}

export interface SyncResult extends SyncProgress {
  accountId: number;
  ok: boolean;
  duplicates: number;
  rejected: number;
  billedReads: number;
  /** A follower snapshot was taken. */
  snapshot: boolean;
  error: (Omit<Failure, 'retryAt'> & { retryAt: string | null }) | null;
  nextSyncAt: string;
}

export const DEFAULT_CHUNK_RECORDS = 2000;

export function syncAccount(
  db: Db,
  box: SecretBox,
  accountId: number,
  options: SyncOptions,
): Promise<SyncResult> {
  // One sync of an account at a time (a manual sync beside the worker's scheduled one).
  return db.exclusive(syncLock(accountId), () => runSync(db, box, accountId, options));
}

async function runSync(db: Db, box: SecretBox, accountId: number, options: SyncOptions): Promise<SyncResult> {
  const now = options.now ?? (() => new Date());
  const connection = await loadConnection(db, box, accountId);
  if (!connection) throw new Error(`account ${accountId} is not connected to a channel`);
  const account = `${connection.platform}:${connection.handle}`;
  const runId = await startSyncRun(db, {
    accountId,
    trigger: options.trigger,
    slot: options.slot ?? null,
    worker: options.worker ?? `${hostname()}:${process.pid}`,
  });
  const state = new SyncState(account);
  let failure: Failure | null = null;
  let snapshot = false;
  try {
    const channel = openChannel(db, box, connection);
    const error = await readAll(db, connection, channel, `sync-${runId}`, state, options, now);
    if (error) failure = failureOf(error);
    else if (channel.snapshot && connection.nextSnapshotAt <= now()) {
      snapshot = await takeSnapshot(db, connection, channel, account);
    }
  } catch (e) {
    if (e instanceof SettingsError) {
      failure = { kind: 'settings', message: `settings: ${e.message}`, where: account, retryAt: null };
    } else if (e instanceof SecretKeyError) {
      failure = { kind: 'settings', message: e.message, where: account, retryAt: null };
    } else failure = failureOf(asChannelError(e, account));
  }
  const at = now();
  const failures = failure ? connection.failures + 1 : 0;
  const nextSyncAt = failure
    ? nextAfterFailure(failure, failures, connection.syncIntervalMinutes, at)
    : nextAfterSuccess(connection.syncIntervalMinutes, at);
  await recordOutcome(db, accountId, {
    ok: failure === null,
    nextSyncAt,
    nextSnapshotAt: snapshot ? new Date(at.getTime() + SNAPSHOT_EVERY_MS) : null,
    failures,
    errorKind: failure?.kind ?? null,
    error: failure ? `${failure.message} (${failure.where})` : null,
    recordsRead: state.recordsRead,
    stored: state.stored,
  });
  await finishSyncRun(db, runId, {
    ok: failure === null,
    pages: state.pages,
    recordsRead: state.recordsRead,
    stored: state.stored,
    rejected: state.rejected,
    billedReads: state.billedReads,
    errorKind: failure?.kind ?? null,
    error: failure?.message ?? null,
  });
  return {
    accountId,
    ...state.progress(),
    ok: failure === null,
    duplicates: state.duplicates,
    rejected: state.rejected,
    billedReads: state.billedReads,
    snapshot,
    error: failure ? { ...failure, retryAt: failure.retryAt?.toISOString() ?? null } : null,
    nextSyncAt: nextSyncAt.toISOString(),
  };
}

/** Why a sync ended early: a platform's classified error, or settings Meetlat cannot use. */
export interface Failure {
  kind: ChannelErrorKind | 'settings';
  message: string;
  where: string | null;
  retryAt: Date | null;
}

/** Each kind of failure for people, in Dutch: what it means and what to do. */
export const FAILURE_DUTCH: Readonly<Record<Failure['kind'], string>> = {
  ...ERROR_KIND_DUTCH,
  settings: 'de instellingen of de sleutel van de gegevens zijn niet bruikbaar: koppel het account opnieuw',
};

function failureOf(error: ChannelError): Failure {
  return { kind: error.kind, message: error.message, where: error.where, retryAt: error.retryAt };
}

class SyncState {
  pages = 0;
  recordsRead = 0;
  stored = 0;
  duplicates = 0;
  rejected = 0;
  billedReads = 0;

  constructor(readonly account: string) {}

  progress(): SyncProgress {
    return { account: this.account, pages: this.pages, recordsRead: this.recordsRead, stored: this.stored };
  }
}

/** The channel of a stored connection: its adapter with the settings and the unsealed secrets. */
export function openChannel(db: Db, box: SecretBox, connection: Connection) {
  const adapter = adapterFor(connection.platform);
  const settings = adapter.parseSettings(connection.settings);
  return adapter.create(settings, connection.openSecrets(), {
    saveSecrets: (secrets) => saveSecrets(db, box, connection.accountId, secrets),
  });
}

/** Reads page after page, storing a chunk at a time; returns the error that ended it, if any. */
async function readAll(
  db: Db,
  connection: Connection,
  channel: ReturnType<typeof openChannel>,
  syncId: string,
  state: SyncState,
  options: SyncOptions,
  now: () => Date,
): Promise<ChannelError | null> {
  const chunkRecords = options.chunkRecords ?? DEFAULT_CHUNK_RECORDS;
  let cursor: ChannelCursor | null = connection.cursor;
  for (;;) {
    const chunk: Parsed[] = [];
    let chunkCursor = cursor;
    let done = false;
    let error: ChannelError | null = null;
    try {
      while (chunk.length < chunkRecords) {
        const page = await channel.read(chunkCursor, { syncId, now: now() });
        state.pages++;
        state.billedReads += page.billedReads;
        chunk.push(...page.records);
        chunkCursor = page.cursor;
        options.onProgress?.({ ...state.progress(), recordsRead: state.recordsRead + chunk.length });
        if (!page.more) {
          done = true;
          break;
        }
      }
    } catch (e) {
      error = asChannelError(e, state.account);
      done = true;
    }
    if (chunk.length > 0) await storeChunk(db, state, chunk);
    if (chunkCursor !== cursor) await saveCursor(db, connection.accountId, chunkCursor);
    cursor = chunkCursor;
    options.onProgress?.(state.progress());
    if (done) return error;
  }
}

async function storeChunk(db: Db, state: SyncState, chunk: Parsed[]): Promise<void> {
  const report = await ingest(db, recordsSource(chunk), {
    sourceKind: 'sync',
    source: state.account,
    sourceSha256: null,
  });
  state.recordsRead += report.read;
  state.stored += report.imported;
  state.duplicates += report.duplicates;
  state.rejected += report.rejected;
}

async function takeSnapshot(
  db: Db,
  connection: Connection,
  channel: ReturnType<typeof openChannel>,
  account: string,
): Promise<boolean> {
  if (!channel.snapshot) return false;
  const counts = await channel.snapshot();
  const record: Parsed = {
    ok: true,
    location: `${account} snapshot`,
    record: {
      type: 'snapshot',
      snapshot: {
        ...counts,
        platform: connection.platform,
        platformUserId: connection.platformUserId,
        source: `sync ${connection.platform}`,
      },
    },
  };
  await ingest(db, recordsSource([record]), { sourceKind: 'sync', source: account, sourceSha256: null });
  return true;
}

/** Records already read, as a source for the pipeline. */
export function recordsSource(records: readonly Parsed[]): RecordSource {
  return {
    format: 'sync',
    async *records() {
      yield* records;
    },
  };
}
