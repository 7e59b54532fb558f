import type { Message, MessageInput } from '../domain/message.ts';
import { analyseSentiment, type Sentiment } from '../sentiment/analyse.ts';
import { addSnapshots, upsertAccounts } from '../store/accounts.ts';
import { updateActivity } from '../store/activity.ts';
import { updateCases } from '../store/cases.ts';
import { type Db, LOCKS, type Queryable } from '../store/db.ts';
import {
  finishRun,
  type Reject,
  type RunCounts,
  type RunSourceKind,
  recordBatch,
  startRun,
} from '../store/ingestRuns.ts';
import { messageKey, storedConversationRoots, storedThreadRoots, storeMessages } from '../store/messages.ts';
import { existingOrganisationCodes, upsertOrganisations } from '../store/organisations.ts';
import { scoreUnscored } from '../store/sentiment.ts';
import type { AccountInput, OrganisationInput, RecordSource, SnapshotInput } from './records.ts';
import { rejectOf } from './records.ts';
import { classifyMessage } from './steps/classify.ts';
import { normaliseMessage } from './steps/normalise.ts';
import { Threader } from './steps/thread.ts';

/**
 * The ingest pipeline: parse → normalise → dedupe → thread → classify → persist.
 *
 * - parse: the source turns bytes into records, or into rejects naming `file:line`;
 * - normalise: impossible values are rejected, text is made storable;
 * - dedupe: a message seen earlier in the run or stored before is counted, not stored again;
 * - thread: replies join their conversation; loops of replies are rejected;
 * - classify: kind, mentions and hashtags are settled;
 * - persist: each batch is stored in one transaction together with the run's counts, so a run
 *   killed at any moment leaves whole batches only, and running it again completes it;
 * - then the account activity (store/activity.ts) takes in the run's messages.
 */
export interface IngestOptions {
  sourceKind: RunSourceKind;
  /** What was read, for the audit: a file path, an account. */
  source: string;
  /** Content hash of the source, to recognise a rerun of an interrupted import. */
  sourceSha256: string | null;
  /** Records per transaction. */
  batchSize?: number;
  onProgress?: (progress: IngestProgress) => void;
  /** Called for each rejected record as it happens. */
  onReject?: (reject: Reject) => void;
}

export interface IngestProgress extends RunCounts {
  bytesDone: number | undefined;
  bytesTotal: number | undefined;
  /** After the last record: the account activity is brought up to date with the new messages. */
  updatingActivity?: boolean;
}

export interface IngestReport extends RunCounts {
  runId: number;
  resumesRunId: number | null;
  format: string;
  source: string;
  /** The first rejects (all of them are in the ingest audit). */
  rejects: Reject[];
}

const REJECTS_IN_REPORT = 1000;

interface PendingMessage {
  location: string;
  input: MessageInput;
  /** Worked out as the message is read, so it overlaps with the writing of the batch before. */
  sentiment: Sentiment;
}

class Batch {
  organisations: { organisation: OrganisationInput; derived: boolean }[] = [];
  accounts: { location: string; account: AccountInput; derived: boolean }[] = [];
  snapshots: { location: string; snapshot: SnapshotInput }[] = [];
  messages: PendingMessage[] = [];
  rejects: Reject[] = [];
  read = 0;
  duplicates = 0;

  get size(): number {
    return this.organisations.length + this.accounts.length + this.snapshots.length + this.messages.length;
  }
}

/**
 * Runs one source through the pipeline. Ingest runs into one database take turns (a lock held for
 * the run), so a run knows that nothing but itself adds messages meanwhile.
 */
export function ingest(db: Db, source: RecordSource, options: IngestOptions): Promise<IngestReport> {
  return db.exclusive(LOCKS.ingest, () => runIngest(db, source, options));
}

/** How many new messages make an import large enough to renew the planner's statistics. */
const ANALYZE_AFTER = 50_000;

async function runIngest(db: Db, source: RecordSource, options: IngestOptions): Promise<IngestReport> {
  const batchSize = options.batchSize ?? 5000;
  const { id: runId, resumesRunId } = await startRun(db, {
    sourceKind: options.sourceKind,
    format: source.format,
    source: options.source,
    sourceSha256: options.sourceSha256,
  });
  const threader = new Threader();
  const history = new Map<string, boolean>();
  const totals: RunCounts = { read: 0, imported: 0, duplicates: 0, rejected: 0 };
  const shownRejects: Reject[] = [];
  const reject = (batch: Batch, r: Reject) => {
    batch.rejects.push(r);
    if (shownRejects.length < REJECTS_IN_REPORT) shownRejects.push(r);
    options.onReject?.(r);
  };

  const flush = async (batch: Batch) => {
    const counts = await db.transaction((tx) =>
      persistBatch(tx, runId, batch, threader, history, (r) => reject(batch, r)),
    );
    totals.read += counts.read;
    totals.imported += counts.imported;
    totals.duplicates += counts.duplicates;
    totals.rejected += counts.rejected;
    const progress = source.progress?.();
    options.onProgress?.({ ...totals, bytesDone: progress?.done, bytesTotal: progress?.total });
  };

  let batch = new Batch();
  let writing: Promise<void> = Promise.resolve();
  try {
    for await (const parsed of source.records()) {
      const derived = parsed.ok && parsed.derived === true;
      if (!derived) batch.read++;
      if (!parsed.ok) {
        reject(batch, { location: parsed.location, code: parsed.code, reason: parsed.reason });
      } else {
        const record = parsed.record;
        switch (record.type) {
          case 'organisation':
            batch.organisations.push({ organisation: record.organisation, derived });
            break;
          case 'account':
            batch.accounts.push({ location: parsed.location, account: record.account, derived });
            break;
          case 'snapshot':
            batch.snapshots.push({ location: parsed.location, snapshot: record.snapshot });
            break;
          case 'message':
            acceptMessage(batch, threader, parsed.location, record.message, (r) => reject(batch, r));
            break;
        }
      }
      if (batch.size >= batchSize || batch.rejects.length >= batchSize) {
        // The next batch is read while this one is written: batches are still written one
        // after the other, in order.
        await writing;
        writing = flush(batch);
        writing.catch(() => undefined); // awaited before the next write or at the end
        batch = new Batch();
      }
    }
    await writing;
    await flush(batch);
    await finishRun(db, runId, { error: null });
  } catch (error) {
    await writing.catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    await finishRun(db, runId, { error: message }).catch(() => undefined);
    throw error;
  }
  // The run is complete; the facts the yardstick counts follow (should this fail, the next
  // update, at the latest the yardstick's own, catches up).
  const progress = source.progress?.();
  options.onProgress?.({
    ...totals,
    bytesDone: progress?.done,
    bytesTotal: progress?.total,
    updatingActivity: true,
  });
  await updateActivity(db);
  // Every inbound message of an organisation's own accounts into its webcare cases.
  await updateCases(db);
  // Messages stored before sentiment existed (a database from before migration 005).
  await scoreUnscored(db);
  // After a large import the planner's picture of the messages (how often a word or a platform
  // occurs) is out of date, and the embedded engine has no autovacuum to renew it: searches and
  // dashboards would be planned blind. ANALYZE reads a sample (30,000 rows), about a second.
  if (totals.imported >= ANALYZE_AFTER) await db.exec('ANALYZE messages');
  await db.checkpoint();
  return {
    runId,
    resumesRunId,
    format: source.format,
    source: options.source,
    ...totals,
    rejects: shownRejects,
  };
}

/** normalise and in-run dedupe, per record as it is read. */
function acceptMessage(
  batch: Batch,
  threader: Threader,
  location: string,
  input: MessageInput,
  reject: (r: Reject) => void,
): void {
  let message: MessageInput;
  try {
    message = normaliseMessage(input);
  } catch (error) {
    reject({ location, ...rejectOf(error) });
    return;
  }
  const seen = threader.claim(message.platform, message.platformId, message.payload.raw);
  if (seen === 'repeat') {
    batch.duplicates++;
    return;
  }
  if (seen === 'conflict') {
    reject({
      location,
      code: 'conflict',
      reason: `id ${message.platformId} was read before in this import with other content; the first version is kept`,
    });
    return;
  }
  batch.messages.push({ location, input: message, sentiment: analyseSentiment(message.text) });
}

/**
 * Whether the store held messages of each platform of the batch before this run (remembered in
 * `history`; asked before this run stores anything of a platform, so its own messages never count).
 */
async function platformsWithHistory(
  tx: Queryable,
  messages: readonly PendingMessage[],
  history: Map<string, boolean>,
): Promise<Set<string>> {
  for (const platform of new Set(messages.map((m) => m.input.platform))) {
    if (history.has(platform)) continue;
    const [row] = await tx.query<{ found: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM messages WHERE platform = $1) AS found',
      [platform],
    );
    history.set(platform, row?.found === true);
  }
  return new Set([...history].filter(([, found]) => found).map(([platform]) => platform));
}

/** dedupe against the store, thread, classify and persist one batch, in one transaction. */
async function persistBatch(
  tx: Queryable,
  runId: number,
  batch: Batch,
  threader: Threader,
  history: Map<string, boolean>,
  reject: (r: Reject) => void,
): Promise<RunCounts> {
  // Records made from others (a brand's account from a support export) are stored but not counted.
  let changed = 0;
  for (const derived of [false, true]) {
    const n = await upsertOrganisations(
      tx,
      batch.organisations.filter((o) => o.derived === derived).map((o) => o.organisation),
    );
    if (!derived) changed += n;
  }
  const codes = batch.accounts.map((a) => a.account.organisationCode).filter((c): c is string => c !== null);
  const known = await existingOrganisationCodes(tx, codes);
  const accounts: { account: AccountInput; derived: boolean }[] = [];
  for (const { location, account, derived } of batch.accounts) {
    if (account.organisationCode === null || known.has(account.organisationCode))
      accounts.push({ account, derived });
    else {
      reject({
        location,
        code: 'unknown_reference',
        reason: `account ${account.platform}:${account.handle} names organisation ${JSON.stringify(account.organisationCode)}, which does not exist`,
      });
    }
  }
  for (const derived of [false, true]) {
    const n = await upsertAccounts(
      tx,
      accounts.filter((a) => a.derived === derived).map((a) => a.account),
    );
    if (!derived) changed += n;
  }
  const snapshots = await addSnapshots(
    tx,
    batch.snapshots.map((s) => s.snapshot),
  );
  changed += snapshots.changed;
  const orphanSnapshots = new Set(snapshots.unknown);
  for (const s of batch.snapshots) {
    if (orphanSnapshots.has(s.snapshot)) {
      reject({
        location: s.location,
        code: 'unknown_reference',
        reason: `snapshot of unknown account ${s.snapshot.platform}:${s.snapshot.platformUserId}`,
      });
    }
  }

  // The store is asked only about platforms it held messages of before this run: a platform new
  // to the store holds nothing but this run's messages, which the threader knows.
  const withHistory = await platformsWithHistory(tx, batch.messages, history);
  const lookups = new Set<string>();
  for (const { input } of batch.messages) {
    if (!withHistory.has(input.platform)) continue;
    lookups.add(messageKey(input.platform, input.platformId));
    const parent = threader.parentToLookUp(input.platform, input.inReplyTo?.id ?? null);
    if (parent) lookups.add(parent);
  }
  const storedRoots = await storedConversationRoots(tx, lookups);

  let duplicates = batch.duplicates;
  const threaded: { input: MessageInput; root: string; location: string; sentiment: Sentiment }[] = [];
  for (const { location, input, sentiment } of batch.messages) {
    const stored = storedRoots.get(messageKey(input.platform, input.platformId));
    if (stored !== undefined) {
      duplicates++;
      threader.adoptStored(input.platform, input.platformId, stored);
      continue;
    }
    try {
      const root = threader.thread(
        input.platform,
        input.platformId,
        input.inReplyTo?.id ?? null,
        storedRoots,
      );
      threaded.push({ input, root, location, sentiment });
    } catch (error) {
      reject({ location, ...rejectOf(error) });
    }
  }

  const messages: Message[] = [];
  for (const { input, root, location, sentiment } of threaded) {
    try {
      const classified = classifyMessage(input);
      messages.push({
        ...input,
        ...classified,
        conversationRoot: threader.find(input.platform, root),
        sentiment,
      });
    } catch (error) {
      threader.release(input.platform, input.platformId);
      reject({ location, ...rejectOf(error) });
    }
  }
  // Threads stored earlier that hang from a message of this batch, which may now move up.
  const replies = messages.filter((m) => m.inReplyTo !== null && withHistory.has(m.platform));
  const storedRootKeys = await storedThreadRoots(
    tx,
    replies.map((m) => messageKey(m.platform, m.platformId)),
  );
  const stored = await storeMessages(tx, runId, messages, threader.movesFor(messages, storedRootKeys));
  duplicates += messages.length - stored;
  const counts: RunCounts = {
    read: batch.read,
    imported: stored + changed,
    duplicates,
    rejected: batch.rejects.length,
  };
  await recordBatch(tx, runId, counts, batch.rejects);
  return counts;
}
