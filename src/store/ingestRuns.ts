import type { Queryable } from './db.ts';

export type RunSourceKind = 'file' | 'sync' | 'demo';

export interface RunCounts {
  read: number;
  imported: number;
  duplicates: number;
  rejected: number;
}

export interface Reject {
  location: string;
  code: string;
  reason: string;
}

export interface IngestRun extends RunCounts {
  id: number;
  sourceKind: RunSourceKind;
  format: string;
  source: string;
  sourceSha256: string | null;
  resumesRunId: number | null;
  status: 'running' | 'completed' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

/**
 * Opens a run in the ingest audit. When an earlier run of the same content never finished (it
 * was killed or crashed), the new run records that it resumes it.
 */
export async function startRun(
  q: Queryable,
  run: { sourceKind: RunSourceKind; format: string; source: string; sourceSha256: string | null },
): Promise<{ id: number; resumesRunId: number | null }> {
  let resumesRunId: number | null = null;
  if (run.sourceSha256) {
    const [unfinished] = await q.query<{ id: number }>(
      `SELECT id FROM ingest_runs
       WHERE source_sha256 = $1 AND format = $2 AND status = 'running'
       ORDER BY id DESC LIMIT 1`,
      [run.sourceSha256, run.format],
    );
    resumesRunId = unfinished?.id ?? null;
  }
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO ingest_runs (source_kind, format, source, source_sha256, resumes_run_id, status)
     VALUES ($1, $2, $3, $4, $5, 'running') RETURNING id`,
    [run.sourceKind, run.format, run.source, run.sourceSha256, resumesRunId],
  );
  return { id: (row as { id: number }).id, resumesRunId };
}

/** Adds a batch's counts and rejects to the run (inside the batch's transaction). */
export async function recordBatch(
  q: Queryable,
  runId: number,
  counts: RunCounts,
  rejects: readonly Reject[],
) {
  await q.execute(
    `UPDATE ingest_runs SET records_read = records_read + $2, imported = imported + $3,
       duplicates = duplicates + $4, rejected = rejected + $5
     WHERE id = $1`,
    [runId, counts.read, counts.imported, counts.duplicates, counts.rejected],
  );
  if (rejects.length === 0) return;
  await q.execute(
    `INSERT INTO ingest_rejects (run_id, seq, location, reason_code, reason)
     SELECT $1, COALESCE((SELECT max(seq) FROM ingest_rejects WHERE run_id = $1), 0) + t.n, t.location, t.code, t.reason
     FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(location, code, reason, n)`,
    [runId, rejects.map((r) => r.location), rejects.map((r) => r.code), rejects.map((r) => r.reason)],
  );
}

export async function finishRun(
  q: Queryable,
  runId: number,
  outcome: { error: string | null },
): Promise<void> {
  await q.execute(`UPDATE ingest_runs SET status = $2, error = $3, finished_at = now() WHERE id = $1`, [
    runId,
    outcome.error ? 'failed' : 'completed',
    outcome.error,
  ]);
  // A completed run also settles the unfinished runs of the same content it took over.
  if (!outcome.error) {
    await q.execute(
      `UPDATE ingest_runs SET status = 'failed', error = 'interrupted; completed by run ' || $1, finished_at = now()
       WHERE status = 'running' AND id < $1
         AND source_sha256 = (SELECT source_sha256 FROM ingest_runs WHERE id = $1)
         AND format = (SELECT format FROM ingest_runs WHERE id = $1)`,
      [runId],
    );
  }
}

export async function listRuns(q: Queryable, limit = 50): Promise<IngestRun[]> {
  const rows = await q.query<{
    id: number;
    source_kind: RunSourceKind;
    format: string;
    source: string;
    source_sha256: string | null;
    resumes_run_id: number | null;
    status: IngestRun['status'];
    started_at: Date;
    finished_at: Date | null;
    records_read: number;
    imported: number;
    duplicates: number;
    rejected: number;
    error: string | null;
  }>('SELECT * FROM ingest_runs ORDER BY id DESC LIMIT $1', [limit]);
  return rows.map((r) => ({
    id: r.id,
    sourceKind: r.source_kind,
    format: r.format,
    source: r.source,
    sourceSha256: r.source_sha256,
    resumesRunId: r.resumes_run_id,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    read: r.records_read,
    imported: r.imported,
    duplicates: r.duplicates,
    rejected: r.rejected,
    error: r.error,
  }));
}

export async function runRejects(q: Queryable, runId: number): Promise<Reject[]> {
  return q.query<Reject>(
    'SELECT location, reason_code AS code, reason FROM ingest_rejects WHERE run_id = $1 ORDER BY seq',
    [runId],
  );
}
