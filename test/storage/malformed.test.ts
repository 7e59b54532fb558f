/**
 * The malformed-input corpus (test/support/malformedCorpus.ts) through every importer and the
 * ingest pipeline, on both engines. For each case: the pipeline does not crash (or, when the
 * whole file is unusable, fails with an Error that names it and leaves a failed run and nothing
 * stored); each bad record is rejected at its `file:line` (`file:line (item N)` in JSON arrays)
 * with the right code and a reason that says what is wrong, in the report and in the ingest
 * audit; and every good record of the file is stored.
 */
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { beforeEach, test } from 'node:test';
import { findImporter } from '../../src/importers/index.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { REJECT_CODES } from '../../src/ingest/records.ts';
import type { Db } from '../../src/store/db.ts';
import { runRejects } from '../../src/store/ingestRuns.ts';
import { tempDir } from '../support/corpusSources.ts';
import { describeOnEngines } from '../support/engines.ts';
import {
  type Family,
  type Format,
  type ImportStep,
  isUnusable,
  MALFORMED_CASES,
  type MalformedCase,
  type UnusableStep,
} from '../support/malformedCorpus.ts';

async function count(db: Db, sql: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql);
  return Number(row?.n);
}

async function importStep(db: Db, format: Format, step: ImportStep | UnusableStep) {
  const importer = findImporter(format);
  assert.ok(importer, format);
  const source = await importer.open(step.path, step.options ?? {});
  // Small batches: every case spans several transactions, as large files do.
  return ingest(db, source, { sourceKind: 'file', source: step.path, sourceSha256: null, batchSize: 7 });
}

async function latestRun(db: Db) {
  const [run] = await db.query<{ id: number; status: string; error: string | null }>(
    'SELECT id, status, error FROM ingest_runs ORDER BY id DESC LIMIT 1',
  );
  assert.ok(run, 'the import is in the ingest audit');
  return run;
}

async function runCase(db: Db, c: MalformedCase): Promise<void> {
  const temp = tempDir();
  try {
    const built = c.build(temp.dir);
    let stored = 0;
    for (const step of built.imports) {
      const file = basename(step.path);
      if (isUnusable(step)) {
        const error = await importStep(db, c.format, step).then(
          () => undefined,
          (e: unknown) => e,
        );
        assert.ok(error instanceof Error, `${file}: the import must fail with an Error`);
        assert.match(error.message, step.error);
        const names = step.names ?? file;
        assert.ok(error.message.includes(names), `the error must name ${names}: ${error.message}`);
        const run = await latestRun(db);
        assert.equal(run.status, 'failed');
        assert.equal(run.error, error.message);
        assert.equal(await count(db, 'SELECT count(*) AS n FROM messages'), stored, 'nothing stored');
        continue;
      }

      const report = await importStep(db, c.format, step);
      const expected = step.rejects ?? [];
      const duplicates = step.duplicates ?? 0;
      assert.deepEqual(
        report.rejects.map((r) => ({ location: r.location, code: r.code })),
        expected.map((r) => ({ location: r.location, code: r.code })),
        `${file}: rejects (location, code)`,
      );
      report.rejects.forEach((r, i) => {
        assert.match(r.reason, (expected[i] ?? { reason: /^$/ }).reason, `reason of ${r.location}`);
      });
      assert.deepEqual(
        {
          read: report.read,
          imported: report.imported,
          duplicates: report.duplicates,
          rejected: report.rejected,
        },
        {
          read: step.stored + expected.length + duplicates,
          imported: step.stored,
          duplicates,
          rejected: expected.length,
        },
        `${file}: report counts`,
      );
      // Every reject is in the audit too, and the run completed.
      assert.deepEqual(await runRejects(db, report.runId), report.rejects, 'ingest_rejects');
      const run = await latestRun(db);
      assert.deepEqual(
        { id: run.id, status: run.status, error: run.error },
        {
          id: report.runId,
          status: 'completed',
          error: null,
        },
      );
      stored += step.stored;
      assert.equal(await count(db, 'SELECT count(*) AS n FROM messages'), stored, 'every good record stored');
    }
    await built.check?.(db);
  } finally {
    temp.remove();
  }
}

const FORMATS: Format[] = ['twcs', 'x-archive', 'mastodon-outbox', 'ndjson'];

test('the corpus: at least 50 cases, every format, every family the brief names', () => {
  assert.ok(MALFORMED_CASES.length >= 50, `${MALFORMED_CASES.length} cases`);
  assert.equal(new Set(MALFORMED_CASES.map((c) => c.name)).size, MALFORMED_CASES.length, 'names are unique');
  for (const format of FORMATS) {
    assert.ok(
      MALFORMED_CASES.filter((c) => c.format === format).length >= 10,
      `${format} has 10 cases or more`,
    );
  }
  const families: Family[] = [
    'truncated',
    'encoding',
    'columns',
    'dates',
    'duplicates',
    'cycles',
    'size',
    'text',
    'types',
    'structure',
  ];
  for (const family of families) {
    assert.ok(
      MALFORMED_CASES.some((c) => c.family === family),
      `a case of family ${family}`,
    );
  }
  const codes = new Set<string>();
  const temp = tempDir();
  try {
    for (const c of MALFORMED_CASES) {
      for (const step of c.build(temp.dir).imports) {
        if (!isUnusable(step)) for (const r of step.rejects ?? []) codes.add(r.code);
      }
    }
  } finally {
    temp.remove();
  }
  // Every code a file importer can give is exercised (unknown_reference needs accounts: see importers.test.ts).
  for (const code of REJECT_CODES.filter((c) => c !== 'unknown_reference')) assert.ok(codes.has(code), code);
});

/**
 * Empties every table (not the schema), so each case starts from a fresh, migrated database; all
 * but the audit log, which refuses TRUNCATE (it is append-only) and which imports do not touch.
 */
async function emptyDb(db: Db): Promise<void> {
  const tables = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables
     WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'audit_log')`,
  );
  await db.exec(`TRUNCATE ${tables.map((t) => t.name).join(', ')} RESTART IDENTITY CASCADE`);
}

// One database per engine, emptied before each case: a fresh PGlite per case would cost most of the run.
describeOnEngines('malformed input', (db) => {
  beforeEach(() => emptyDb(db()));
  for (const c of MALFORMED_CASES) {
    test(`${c.format} [${c.family}]: ${c.name.replace(/^[\w-]+: /, '')}`, async () => {
      try {
        await runCase(db(), c);
      } catch (error) {
        if (c.bug) throw new Error(`known product bug: ${c.bug}`, { cause: error });
        throw error;
      }
    });
  }
});
