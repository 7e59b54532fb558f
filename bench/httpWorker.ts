/**
 * The server as `npm start` runs it, measured from outside: `meetlat serve --demo` in a process of
 * its own on a fresh database of the given engine (the demo workspace and a first user, as on a
 * new machine), then, over real HTTP on loopback, as that first user:
 *
 * - every page and API read of the web app, one request at a time: median and p95 latency, and
 *   the ratio to `GET /healthz` on the same server (the floor of any request: HTTP, routing, the
 *   security headers), measured in the same runs;
 * - the yardstick's routes against the engine's raw speed for the same work: the same figures
 *   (`loadReportInput`, the default period) computed by a direct call on the same database;
 * - throughput under load (autocannon, 10 connections) of an organisation's home page and of an
 *   API read, each against `/healthz` under the same load;
 * - responsiveness: `/healthz` latency while four yardstick computations run at once, against
 *   idle (on the embedded database the queries run on a worker thread; this shows it works).
 *
 * Prints one JSON line.
 *   httpWorker.ts <engine-location> <work-dir> [runs]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import autocannon from 'autocannon';
import type { FirstLogin } from '../src/demo/firstStart.ts';
import { loadReportInput } from '../src/report/loadReport.ts';
import { defaultPeriod } from '../src/server/routes/yardstick.ts';
import { isPostgresUrl, openDb } from '../src/store/open.ts';
import { messageSpan } from '../src/yardstick/queries.ts';
import { median, quantile } from './stats.ts';

const [location, workDir, runsArg] = process.argv.slice(2) as [string, string, string | undefined];
const runs = Number(runsArg ?? 20);
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const log = (s: string) => process.stderr.write(`bench http: ${s}\n`);

const round = (x: number, digits = 1) => Number(x.toFixed(digits));

// ---------------------------------------------------------------------------------------------
// The server, started as a user starts it

interface Server {
  url: string;
  login: FirstLogin;
  child: ChildProcess;
  startSeconds: number;
}

async function startServer(): Promise<Server> {
  mkdirSync(workDir, { recursive: true });
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'meetlat.js'), 'serve', '--demo', '--quiet', '--port', '0', '--db', location],
    { cwd: workDir, env: { ...process.env, MEETLAT_DB: '' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const deadline = Date.now() + 10 * 60_000;
  let url: string | undefined;
  while (!url) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`meetlat serve did not start:\n${stderr}`);
    }
    url = /Meetlat draait op (http:\/\/\S+)/.exec(stderr)?.[1];
    await new Promise((r) => setTimeout(r, 50));
  }
  const loginFile = isPostgresUrl(location)
    ? join(workDir, '.meetlat', 'eerste-login.txt')
    : join(dirname(resolve(location)), 'eerste-login.txt');
  const login = JSON.parse(readFileSync(loginFile, 'utf8')) as FirstLogin;
  return { url, login, child, startSeconds: (performance.now() - started) / 1000 };
}

/**
 * The server's resident memory now and at its peak (Linux), in MB. The peak includes seeding the
 * demo, which the same process does before it serves.
 */
function memoryOf(pid: number | undefined): { rss_mb: number | null; peak_rss_mb: number | null } {
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    // not Linux: no figures
  }
  const mb = (field: string) => {
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  };
  return { rss_mb: mb('VmRSS'), peak_rss_mb: mb('VmHWM') };
}

// ---------------------------------------------------------------------------------------------
// A logged-in client

function cookiesOf(response: Response, jar: Map<string, string>): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}

/** Logs in by the login form, as a browser does; returns the Cookie header and the time taken. */
async function logIn(server: Server): Promise<{ cookie: string; ms: number }> {
  const jar = new Map<string, string>();
  const form = await fetch(`${server.url}/inloggen`);
  cookiesOf(form, jar);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error('the login page has no CSRF token');
  const started = performance.now();
  const response = await fetch(`${server.url}/inloggen`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    },
    body: new URLSearchParams({ email: server.login.email, password: server.login.password, _csrf: csrf }),
  });
  const ms = performance.now() - started;
  cookiesOf(response, jar);
  if (response.status !== 303 || !jar.has('meetlat_sessie')) {
    throw new Error(`login failed: ${response.status} ${await response.text()}`);
  }
  return { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ms };
}

async function timedGet(url: string, cookie: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
  return ms;
}

// ---------------------------------------------------------------------------------------------
// The measurements

const server = await startServer();
log(`server up at ${server.url} after ${round(server.startSeconds)} s (demo seeded)`);
try {
  const { cookie, ms: loginMs } = await logIn(server);
  const org = server.login.organisation;
  const paths: Record<string, string> = {
    'GET /healthz': '/healthz',
    'GET /': '/',
    'GET /o/:org': `/o/${org}`,
    'GET /o/:org/kanalen': `/o/${org}/kanalen`,
    'GET /o/:org/gebruikers': `/o/${org}/gebruikers`,
    'GET /o/:org/instellingen': `/o/${org}/instellingen`,
    'GET /o/:org/logboek': `/o/${org}/logboek`,
    'GET /o/:org/meetlat': `/o/${org}/meetlat`,
    'GET /meetlat': '/meetlat',
    'GET /meetlat/kaart': '/meetlat/kaart',
    'GET /account': '/account',
    'GET /api/me': '/api/me',
    'GET /api/orgs': '/api/orgs',
    'GET /api/orgs/:org/channels': `/api/orgs/${org}/channels`,
    'GET /api/orgs/:org/members': `/api/orgs/${org}/members`,
    'GET /api/orgs/:org/audit': `/api/orgs/${org}/audit`,
    'GET /api/yardstick': '/api/yardstick',
    'GET /api/yardstick/orgs/:code': `/api/yardstick/orgs/${org}`,
    'GET /api/yardstick/map': '/api/yardstick/map',
  };
  // Warm every route twice, then take them in rounds so drift hits all alike.
  for (let i = 0; i < 2; i++) {
    for (const path of Object.values(paths)) await timedGet(server.url + path, cookie);
  }
  const times = new Map<string, number[]>(Object.keys(paths).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, path] of Object.entries(paths)) {
      times.get(name)?.push(await timedGet(server.url + path, cookie));
    }
  }
  const floor = median(times.get('GET /healthz') ?? []);
  const routes = Object.fromEntries(
    [...times].map(([name, ms]) => [
      name,
      {
        median_ms: round(median(ms)),
        p95_ms: round(quantile(ms, 0.95)),
        ratio: round(median(ms) / floor, 2),
      },
    ]),
  );
  log(`${Object.keys(routes).length} routes timed, ${runs} runs each (healthz ${round(floor)} ms)`);

  // Throughput under load, each against /healthz under the same load.
  async function load(path: string, withCookie: boolean) {
    const result = await autocannon({
      url: server.url + path,
      connections: 10,
      duration: 5,
      headers: withCookie ? { cookie } : {},
    });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`load on ${path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    }
    return {
      requests_per_s: round(result.requests.average),
      p50_ms: result.latency.p50,
      p99_ms: result.latency.p99,
    };
  }
  const loadFloor = await load('/healthz', false);
  const loadHome = await load(`/o/${org}`, true);
  const loadApi = await load(`/api/orgs/${org}/channels`, true);
  const underLoad = {
    connections: 10,
    seconds_each: 5,
    baseline_healthz: loadFloor,
    'GET /o/:org': { ...loadHome, ratio: round(loadHome.requests_per_s / loadFloor.requests_per_s, 3) },
    'GET /api/orgs/:org/channels': {
      ...loadApi,
      ratio: round(loadApi.requests_per_s / loadFloor.requests_per_s, 3),
    },
  };
  log(`under load: ${JSON.stringify(underLoad)}`);

  // Responsiveness: /healthz every 25 ms, idle and while four yardstick computations run.
  async function probe(ms: number): Promise<number[]> {
    const samples: number[] = [];
    const until = performance.now() + ms;
    while (performance.now() < until) {
      samples.push(await timedGet(`${server.url}/healthz`, ''));
      await new Promise((r) => setTimeout(r, 25));
    }
    return samples;
  }
  const idle = await probe(2000);
  let busy = true;
  const heavy = Array.from({ length: 4 }, async () => {
    let n = 0;
    while (busy) {
      await timedGet(`${server.url}/api/yardstick`, cookie);
      n++;
    }
    return n;
  });
  const during = await probe(4000);
  busy = false;
  const computed = (await Promise.all(heavy)).reduce((a, b) => a + b, 0);
  const responsiveness = {
    healthz_idle_p50_ms: round(median(idle)),
    healthz_busy_p50_ms: round(median(during)),
    healthz_busy_p95_ms: round(quantile(during, 0.95)),
    healthz_busy_max_ms: round(Math.max(...during)),
    yardsticks_computed_meanwhile: computed,
    ratio: round(median(during) / median(idle), 2),
  };
  log(`responsiveness: ${JSON.stringify(responsiveness)}`);
  const serverMemory = memoryOf(server.child.pid);

  server.child.kill('SIGTERM');
  await once(server.child, 'close');

  // The engine's raw speed for the yardstick's work: the same figures by a direct call.
  const db = await openDb(location);
  const direct: number[] = [];
  let messages = 0;
  try {
    [{ n: messages } = { n: 0 }] = await db.query<{ n: number }>(
      'SELECT count(*)::integer AS n FROM messages',
    );
    const span = await messageSpan(db);
    const { period } = defaultPeriod(span, new Date());
    const work = () => loadReportInput(db, period, { mapMetric: 'response_rate', boundaries: false });
    await work();
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await work();
      direct.push(performance.now() - started);
    }
  } finally {
    await db.close();
  }
  const directMs = median(direct);
  const yardstick = Object.fromEntries(
    ['GET /api/yardstick', 'GET /api/yardstick/orgs/:code', 'GET /o/:org/meetlat', 'GET /meetlat'].map(
      (name) => {
        const ms = median(times.get(name) ?? []);
        return [name, { median_ms: round(ms), ratio: round(ms / directMs, 2) }];
      },
    ),
  );
  process.stdout.write(
    `${JSON.stringify({
      demo_messages: messages,
      organisation: org,
      start_with_demo_seconds: round(server.startSeconds),
      login_ms: round(loginMs),
      runs,
      baseline_healthz_ms: round(floor),
      routes,
      yardstick: { baseline_direct_ms: round(directMs), goal_ratio: 1.25, ...yardstick },
      under_load: underLoad,
      responsiveness,
      server_memory_after_load: serverMemory,
    })}\n`,
  );
} finally {
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
}
