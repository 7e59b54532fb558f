/**
 * One measured run in a process of its own, so its peak memory is its own. Prints one JSON line.
 *   import   <engine-location> <ndjson>   the full pipeline (`meetlat import ndjson`)
 *   copy     <engine-location> <csv-dir>  the baseline: the same rows COPY'd straight into `messages`
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ndjsonSource } from '../src/importers/ndjson.ts';
import { ingest } from '../src/ingest/pipeline.ts';
import { MESSAGE_COLUMNS } from '../src/store/messages.ts';
import { openDb } from '../src/store/open.ts';

const [mode, location, input] = process.argv.slice(2) as [string, string, string];
const db = await openDb(location);
const started = performance.now();
let messages = 0;
if (mode === 'import') {
  const report = await ingest(db, ndjsonSource(input), {
    sourceKind: 'file',
    source: input,
    sourceSha256: null,
  });
  messages = (await db.query<{ n: number }>('SELECT count(*) AS n FROM messages'))[0]?.n ?? 0;
  if (report.rejected > 0) throw new Error(`benchmark input had ${report.rejected} rejects`);
} else if (mode === 'copy') {
  for (const file of readdirSync(input).sort()) {
    const csv = readFileSync(join(input, file), 'utf8');
    await db.transaction((tx) => tx.copyCsv('messages', MESSAGE_COLUMNS, csv));
  }
  await db.checkpoint();
  messages = (await db.query<{ n: number }>('SELECT count(*) AS n FROM messages'))[0]?.n ?? 0;
} else {
  throw new Error(`unknown mode ${mode}`);
}
const seconds = (performance.now() - started) / 1000;
await db.close();
process.stdout.write(
  `${JSON.stringify({ mode, messages, seconds, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
