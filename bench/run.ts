/**
 * `npm run bench`: speed and memory, as JSON on stdout (and in bench/results/latest.json).
 * Every figure comes with a baseline measured in the same run on the same machine, because these
 * machines are noisy: the import of N generated messages through the whole pipeline against the
 * engine's raw COPY of the same rows into the same table.
 *
 * The server is measured too (bench/httpWorker.ts): `meetlat serve --demo` on a fresh database,
 * every page and API read over HTTP against `/healthz` on the same server, the yardstick's routes
 * against a direct call of the engine for the same figures, throughput under load, and how
 * responsive the server stays during long queries.
 *
 * Search (bench/searchWorker.ts) over the same store: two terms, a phrase and a boolean query in an
 * organisation and in everything, and a saved search's dashboard, against the bare full-text query.
 * Sentiment (bench/sentiment.ts): macro-F1 on the labelled Dutch test set against the raw nlp.js
 * analyser, and speed against it.
 *
 * Webcare (bench/webcareWorker.ts): 50 agents claiming, tagging and replying for 60 s against the
 * server on PostgreSQL, p95 per kind of request against /healthz under the same load, and a check
 * that no claim or update was lost or done twice.
 *
 *   npm run bench [-- --size 1000000 --seed 1 --engines pglite,postgres --parts import,http,sentiment,webcare]
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { demoSource } from '../src/demo/generator.ts';
import { parseNdjsonLine, recordToNdjson } from '../src/importers/ndjson.ts';
import { classifyMessage } from '../src/ingest/steps/classify.ts';
import { normaliseMessage } from '../src/ingest/steps/normalise.ts';
import { analyseSentiment } from '../src/sentiment/analyse.ts';
import { messageCsvRow } from '../src/store/messages.ts';
import { benchSentiment } from './sentiment.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
}

const size = Number(arg('size', '1000000'));
const seed = Number(arg('seed', '1'));
const engines = arg('engines', 'pglite,postgres').split(',');
const PARTS = ['import', 'http', 'sentiment', 'webcare'];
const parts = new Set(arg('parts', PARTS.join(',')).split(','));
for (const part of parts) {
  if (!PARTS.includes(part)) throw new Error(`--parts takes ${PARTS.join(', ')}, not ${part}`);
}
const pgAdmin = process.env.MEETLAT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const work = join(tmpdir(), 'meetlat-bench');
mkdirSync(work, { recursive: true });
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** The demo workspace of `size` messages as NDJSON (timed: the generator's speed is reported too). */
async function generated(): Promise<{ file: string; messages: number; records: number; seconds: number }> {
  log(`generating ${size} messages (seed ${seed})`);
  const file = join(work, `demo-${size}-${seed}.ndjson`);
  const started = performance.now();
  let messages = 0;
  let records = 0;
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  for await (const parsed of demoSource({ size, seed }).records()) {
    if (!parsed.ok) continue;
    records++;
    if (parsed.record.type === 'message') messages++;
    if (!out.write(`${recordToNdjson(parsed.record)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(partial, file);
  return { file, messages, records, seconds: (performance.now() - started) / 1000 };
}

/** The same messages as CSV chunks for the COPY baseline (prepared untimed). */
async function baselineChunks(ndjson: string): Promise<string> {
  log('preparing the COPY baseline rows');
  const dir = join(work, `copy-${size}-${seed}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const { readLines } = await import('../src/importers/lines.ts');
  let chunk: string[] = [];
  let n = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    writeFileSync(join(dir, `${String(n++).padStart(6, '0')}.csv`), chunk.join(''));
    chunk = [];
  };
  for await (const line of readLines(ndjson)) {
    if (!line.ok || line.text === '') continue;
    const record = parseNdjsonLine(line.text);
    if (record.type !== 'message') continue;
    const m = normaliseMessage(record.message);
    chunk.push(
      messageCsvRow({
        ...m,
        ...classifyMessage(m),
        conversationRoot: m.platformId,
        sentiment: analyseSentiment(m.text),
      }),
    );
    if (chunk.length === 5000) flush();
  }
  flush();
  return dir;
}

async function freshLocation(
  engine: string,
  label: string,
): Promise<{ location: string; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dir = join(work, `db-${label}`);
    rmSync(dir, { recursive: true, force: true });
    return { location: dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `meetlat_bench_${label}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: pgAdmin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(pgAdmin);
  url.pathname = `/${name}`;
  return { location: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function measure(mode: 'import' | 'copy', location: string, input: string) {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join('bench', 'importWorker.ts'), mode, location, input],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1) as string) as {
    messages: number;
    seconds: number;
    peak_rss_mb: number;
  };
}

const importResults: Record<string, unknown> = {};
const yardstickResults: Record<string, unknown> = {};
const searchResults: Record<string, unknown> = {};

/** Search and a dashboard over the imported store, each against the bare full-text query. */
function searchOf(location: string): unknown {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join('bench', 'searchWorker.ts'), location],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const result = JSON.parse(out.trim().split('\n').at(-1) as string) as unknown;
  log(`search: ${JSON.stringify(result)}`);
  return result;
}

/** The yardstick (all time) over the imported store: engine vs one hand-written SQL query. */
function yardstickOf(location: string) {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join('bench', 'yardstickWorker.ts'), location],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const run = JSON.parse(out.trim().split('\n').at(-1) as string) as {
    seconds: number;
    baseline_seconds: number;
    activity_rebuild_seconds: number;
    same_figures_as_baseline: boolean;
  };
  const result = {
    ...run,
    seconds: round(run.seconds, 3),
    baseline_seconds: round(run.baseline_seconds, 3),
    ratio: round(run.seconds / run.baseline_seconds, 3),
    goal_ratio: 1.5,
    activity_rebuild_seconds: round(run.activity_rebuild_seconds, 3),
    activity_rebuild_ratio: round(run.activity_rebuild_seconds / run.baseline_seconds, 3),
  };
  log(`yardstick: ${JSON.stringify(result)}`);
  return result;
}
const gen = parts.has('import') ? await generated() : null;
const chunks = gen ? await baselineChunks(gen.file) : null;
for (const engine of engines) {
  if (!gen || !chunks) break;
  log(`${engine}: COPY baseline`);
  const base = await freshLocation(engine, 'copy');
  const copy = measure('copy', base.location, chunks);
  await base.drop();
  log(`${engine}: import through the pipeline`);
  const target = await freshLocation(engine, 'import');
  const run = measure('import', target.location, gen.file);
  log(`${engine}: the yardstick over what was imported, against a hand-written query`);
  yardstickResults[engine] = yardstickOf(target.location);
  log(`${engine}: search and a dashboard, against the bare full-text query`);
  searchResults[engine] = searchOf(target.location);
  await target.drop();
  const importRate = run.messages / run.seconds;
  const copyRate = copy.messages / copy.seconds;
  importResults[engine] = {
    messages: run.messages,
    seconds: round(run.seconds),
    messages_per_s: Math.round(importRate),
    peak_rss_mb: run.peak_rss_mb,
    baseline_copy: {
      messages: copy.messages,
      seconds: round(copy.seconds),
      messages_per_s: Math.round(copyRate),
    },
    ratio: round(importRate / copyRate, 3),
    goal_ratio: 0.5,
  };
  log(`${engine}: ${JSON.stringify(importResults[engine])}`);
}

/** The server on the demo workspace (bench/httpWorker.ts), on a fresh database of `engine`. */
async function httpOf(engine: string) {
  const target = await freshLocation(engine, 'http');
  try {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', join('bench', 'httpWorker.ts'), target.location, join(work, `http-${engine}`)],
      { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    return JSON.parse(out.trim().split('\n').at(-1) as string) as unknown;
  } finally {
    await target.drop();
  }
}
const httpResults: Record<string, unknown> = {};
for (const engine of parts.has('http') ? engines : []) {
  log(`${engine}: the server on the demo workspace`);
  httpResults[engine] = await httpOf(engine);
}

/** The webcare load test on a fresh PostgreSQL database (the issue asks for the server on PostgreSQL). */
async function webcareOf(): Promise<unknown> {
  const target = await freshLocation('postgres', 'webcare');
  try {
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join('bench', 'webcareWorker.ts'),
        target.location,
        join(work, 'webcare'),
        '60',
        '50',
        '1500',
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    return JSON.parse(out.trim().split('\n').at(-1) as string) as unknown;
  } finally {
    await target.drop();
  }
}
let webcare: unknown = null;
if (parts.has('webcare')) {
  log('webcare: 50 agents against the server on PostgreSQL');
  webcare = await webcareOf();
  log(`webcare: ${JSON.stringify(webcare)}`);
}

const sentiment = parts.has('sentiment') ? await benchSentiment() : null;
if (sentiment) log(`sentiment: ${JSON.stringify(sentiment)}`);

function round(x: number, digits = 2): number {
  return Number(x.toFixed(digits));
}

const result = {
  at: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  generator: gen && {
    size,
    seed,
    messages: gen.messages,
    records: gen.records,
    seconds: round(gen.seconds),
    messages_per_s: Math.round(gen.messages / gen.seconds),
  },
  import: importResults,
  yardstick: yardstickResults,
  search: searchResults,
  http: httpResults,
  webcare,
  sentiment,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
