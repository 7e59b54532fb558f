/**
 * Idempotence and crash-resume of `meetlat import`, through the CLI in child processes, on both
 * engines, with a large seeded NDJSON file (test/support/corpusLarge.ts: ~40,000 messages whose
 * threads run across batches, both ways through the file).
 *
 * - A clean import stores every good record and threads exactly as the file says.
 * - Importing the same file again stores nothing and changes nothing.
 * - An import killed (SIGKILL) after some batches were committed, then run again, ends with
 *   exactly the database of the clean import; the rerun names the run it resumes, and that run
 *   is no longer `running`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDb } from '../../src/store/open.ts';
import { type LargeCorpus, writeLargeCorpus } from '../support/corpusLarge.ts';
import { tempDir } from '../support/corpusSources.ts';
import { ENGINES, freshDbLocation } from '../support/engines.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Copies of the 1,836-tweet sample: 40,392 messages. */
const COPIES = 22;
const SEED = 20_251_123;
const BATCH_SIZE = '500';
const CLI_TIMEOUT_MS = 120_000;

interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Whether the test killed it. */
  killed: boolean;
  /** Milliseconds from the first progress line (the first batch committed) to the end. */
  afterFirstProgressMs: number | undefined;
}

/** `meetlat import ndjson <file> --db <location> --batch-size 500` in a child process. */
async function importCli(
  file: string,
  location: string,
  options: { killAfterFirstProgressMs?: number } = {},
): Promise<CliResult> {
  const child = spawn(
    process.execPath,
    ['bin/meetlat.js', 'import', 'ndjson', file, '--db', location, '--batch-size', BATCH_SIZE],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let killed = false;
  let firstProgress: number | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    // Progress lines (stderr is not a terminal: plain lines) come after a batch committed, the
    // first one at once.
    if (firstProgress === undefined && / gelezen, /.test(stderr)) {
      firstProgress = Date.now();
      const delay = options.killAfterFirstProgressMs;
      if (delay !== undefined) {
        killTimer = setTimeout(() => {
          killed = child.exitCode === null && child.kill('SIGKILL');
        }, delay);
      }
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  clearTimeout(killTimer);
  const afterFirstProgressMs = firstProgress === undefined ? undefined : Date.now() - firstProgress;
  return { code, signal, stdout, stderr, killed, afterFirstProgressMs };
}

interface FileReport {
  file: string;
  run_id: number;
  resumes_run_id: number | null;
  read: number;
  imported: number;
  duplicates: number;
  rejected: number;
  rejects: { location: string; code: string; reason: string }[];
  rejects_truncated: boolean;
}

function reportOf(result: CliResult): FileReport {
  assert.equal(result.code, 0, `the import must succeed:\n${result.stderr.slice(-2000)}`);
  const { files } = JSON.parse(result.stdout) as { files: FileReport[] };
  assert.equal(files.length, 1);
  return files[0] as FileReport;
}

interface Figures {
  messages: number;
  conversations: number;
  organisations: number;
  accounts: number;
  snapshots: number;
  /** md5 over (platform, platform_id, conversation_root) of every message, in a fixed order. */
  checksum: string;
}

interface Inspection {
  figures: Figures;
  roots: Map<string, string>;
  runs: { id: number; status: string; resumes_run_id: number | null; error: string | null }[];
}

/** Opens the database (after the child closed it) and reads what the tests compare. */
async function inspect(location: string): Promise<Inspection> {
  const db = await openDb(location);
  try {
    const one = async (sql: string) => {
      const [row] = await db.query<{ v: number | string }>(sql);
      return row?.v;
    };
    const figures: Figures = {
      messages: Number(await one('SELECT count(*) AS v FROM messages')),
      conversations: Number(await one('SELECT count(*) AS v FROM conversations')),
      organisations: Number(await one('SELECT count(*) AS v FROM organisations')),
      accounts: Number(await one('SELECT count(*) AS v FROM accounts')),
      snapshots: Number(await one('SELECT count(*) AS v FROM account_snapshots')),
      checksum: String(
        await one(
          `SELECT coalesce(md5(string_agg(platform || ' ' || platform_id || ' ' || conversation_root, E'\\n'
             ORDER BY platform COLLATE "C", platform_id COLLATE "C")), '') AS v FROM messages`,
        ),
      ),
    };
    const rows = await db.query<{ id: string; root: string }>(
      "SELECT platform_id AS id, conversation_root AS root FROM messages WHERE platform = 'x'",
    );
    const runs = await db.query<Inspection['runs'][number]>(
      'SELECT id, status, resumes_run_id, error FROM ingest_runs ORDER BY id',
    );
    return { figures, roots: new Map(rows.map((r) => [r.id, r.root])), runs };
  } finally {
    await db.close();
  }
}

function assertRootsAsExpected(actual: Map<string, string>, corpus: LargeCorpus): void {
  const wrong: string[] = [];
  for (const [id, root] of corpus.roots) {
    if (actual.get(id) !== root) wrong.push(`${id}: ${actual.get(id)} instead of ${root}`);
  }
  assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} messages in the wrong conversation`);
}

let temp: ReturnType<typeof tempDir>;
let corpus: LargeCorpus;

before(() => {
  temp = tempDir();
  corpus = writeLargeCorpus(temp.dir, { copies: COPIES, seed: SEED });
});

after(() => temp?.remove());

test('the large file: 30,000–60,000 messages, threads across batches both ways, a few bad lines', () => {
  assert.ok(corpus.messages >= 30_000 && corpus.messages <= 60_000, `${corpus.messages} messages`);
  assert.equal(corpus.rejects.length, 5);
  assert.equal(corpus.repeated, 1);
  assert.ok(corpus.conversations < COPIES * 555, 'conversations joined across copies');
  const again = tempDir();
  try {
    const second = writeLargeCorpus(again.dir, { copies: COPIES, seed: SEED });
    assert.deepEqual([...second.roots], [...corpus.roots], 'deterministic');
  } finally {
    again.remove();
  }
});

for (const engine of ENGINES) {
  describe(`import through the CLI: idempotent and resumable [${engine}]`, () => {
    const drops: (() => Promise<void>)[] = [];
    let clean: Figures | undefined;
    let cleanLocation: string | undefined;
    /** How long the clean import went on after its first batch: the kill comes within that. */
    let cleanRestMs = 0;

    after(async () => {
      for (const drop of drops) await drop();
    });

    test('a clean import stores every good record and threads as the file says', async () => {
      const db = await freshDbLocation(engine, temp.dir);
      drops.push(db.drop);
      cleanLocation = db.location;
      const result = await importCli(corpus.path, db.location);
      const report = reportOf(result);
      cleanRestMs = result.afterFirstProgressMs ?? 0;
      assert.deepEqual(
        {
          resumes_run_id: report.resumes_run_id,
          read: report.read,
          imported: report.imported,
          duplicates: report.duplicates,
          rejected: report.rejected,
          rejects_truncated: report.rejects_truncated,
        },
        {
          resumes_run_id: null,
          read: corpus.lines,
          imported: corpus.messages + corpus.organisations + corpus.accounts + corpus.snapshots,
          duplicates: corpus.repeated,
          rejected: corpus.rejects.length,
          rejects_truncated: false,
        },
      );
      assert.deepEqual(
        report.rejects.map((r) => ({ location: r.location, code: r.code })),
        corpus.rejects,
      );
      const { figures, roots } = await inspect(db.location);
      assert.deepEqual(
        {
          messages: figures.messages,
          conversations: figures.conversations,
          organisations: figures.organisations,
          accounts: figures.accounts,
          snapshots: figures.snapshots,
        },
        {
          messages: corpus.messages,
          conversations: corpus.conversations,
          organisations: corpus.organisations,
          accounts: corpus.accounts,
          snapshots: corpus.snapshots,
        },
      );
      assertRootsAsExpected(roots, corpus);
      clean = figures;
    });

    test('importing the same file again stores nothing and changes nothing', async () => {
      assert.ok(clean && cleanLocation, 'needs the clean import');
      const report = reportOf(await importCli(corpus.path, cleanLocation));
      assert.deepEqual(
        {
          resumes_run_id: report.resumes_run_id,
          read: report.read,
          imported: report.imported,
          duplicates: report.duplicates,
          rejected: report.rejected,
        },
        {
          resumes_run_id: null,
          read: corpus.lines,
          imported: 0,
          duplicates: corpus.messages + corpus.repeated,
          rejected: corpus.rejects.length,
        },
      );
      const { figures, runs } = await inspect(cleanLocation);
      assert.deepEqual(figures, clean);
      assert.deepEqual(
        runs.map((r) => r.status),
        ['completed', 'completed'],
      );
    });

    test('an import killed mid-way and run again ends exactly as the clean import', async (t) => {
      assert.ok(clean, 'needs the clean import');
      const db = await freshDbLocation(engine, temp.dir);
      drops.push(db.drop);

      // Killed once some batches are in: a quarter into what followed the first batch in the clean run.
      const killed = await importCli(corpus.path, db.location, {
        killAfterFirstProgressMs: Math.round(cleanRestMs * 0.25),
      });
      assert.ok(killed.killed, `the import was killed (it ended with ${killed.code}):\n${killed.stderr}`);
      assert.equal(killed.signal, 'SIGKILL');
      const atKill = await inspect(db.location);
      t.diagnostic(`killed with ${atKill.figures.messages} of ${corpus.messages} messages stored`);
      assert.ok(
        atKill.figures.messages > 0 && atKill.figures.messages < corpus.messages,
        `killed mid-way: ${atKill.figures.messages} of ${corpus.messages} messages stored`,
      );
      // Whole batches only, in file order: the first records of the file, a multiple of the batch size.
      const k = atKill.figures;
      assert.equal((k.messages + k.organisations + k.accounts + k.snapshots) % Number(BATCH_SIZE), 0);
      const firstMessages = new Set(corpus.order.slice(0, k.messages));
      assert.deepEqual(
        [...atKill.roots.keys()].filter((id) => !firstMessages.has(id)),
        [],
        'only the first messages of the file are stored',
      );
      assert.equal(atKill.runs.length, 1);
      const killedRun = atKill.runs[0] as Inspection['runs'][number];
      assert.equal(killedRun.status, 'running', 'a killed run cannot say it stopped');

      const report = reportOf(await importCli(corpus.path, db.location));
      const before = atKill.figures;
      assert.deepEqual(
        {
          resumes_run_id: report.resumes_run_id,
          read: report.read,
          imported: report.imported,
          duplicates: report.duplicates,
          rejected: report.rejected,
        },
        {
          resumes_run_id: killedRun.id,
          read: corpus.lines,
          imported:
            corpus.messages -
            before.messages +
            (corpus.organisations - before.organisations) +
            (corpus.accounts - before.accounts) +
            (corpus.snapshots - before.snapshots),
          duplicates: before.messages + corpus.repeated,
          rejected: corpus.rejects.length,
        },
      );

      const after = await inspect(db.location);
      assert.deepEqual(after.figures, clean, 'the same database as the clean import');
      assertRootsAsExpected(after.roots, corpus);
      const runs = new Map(after.runs.map((r) => [r.id, r]));
      assert.notEqual(runs.get(killedRun.id)?.status, 'running', 'the killed run is settled');
      assert.match(
        runs.get(killedRun.id)?.error ?? '',
        new RegExp(`interrupted; completed by run ${report.run_id}`),
      );
      assert.equal(runs.get(report.run_id)?.status, 'completed');
    });
  });
}
