import { SingleBar } from 'cli-progress';
import type { IngestProgress } from '../ingest/pipeline.ts';

export interface ProgressView {
  update(progress: IngestProgress): void;
  stop(): void;
}

function describe(p: IngestProgress): string {
  const counts = `${p.read} gelezen, ${p.imported} nieuw, ${p.duplicates} dubbel, ${p.rejected} afgewezen`;
  return p.updatingActivity ? `${counts}; cijfers per account bijwerken…` : counts;
}

/**
 * Progress of a long import on stderr: a bar on a terminal, a plain line every few seconds
 * otherwise (logs, CI), and nothing at all when `quiet`.
 */
export function progressView(label: string, options: { quiet?: boolean } = {}): ProgressView {
  if (options.quiet) return { update() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: `${label} [{bar}] {percentage}% | {counts}`, hideCursor: true, stream: process.stderr },
      undefined,
    );
    let started = false;
    return {
      update(p) {
        const total = p.bytesTotal ?? 0;
        if (!started) {
          bar.start(total || 1, 0, { counts: '' });
          started = true;
        }
        bar.update(p.bytesTotal ? (p.bytesDone ?? 0) : 0, { counts: describe(p) });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  let latest: IngestProgress | undefined;
  let printed: IngestProgress | undefined;
  const line = (p: IngestProgress) => {
    const pct = p.bytesTotal ? ` ${Math.floor(((p.bytesDone ?? 0) / p.bytesTotal) * 100)}%` : '';
    process.stderr.write(`${label}:${pct} ${describe(p)}\n`);
  };
  return {
    update(p) {
      latest = p;
      if (Date.now() - last >= 5000 || p.updatingActivity) {
        last = Date.now();
        printed = p;
        line(p);
      }
    },
    stop() {
      if (latest && latest !== printed) line(latest);
    },
  };
}
