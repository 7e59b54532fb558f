/**
 * The webcare load test, in a process of its own, over real HTTP on loopback: `meetlat serve` on
 * a fresh database (PostgreSQL in `npm run bench`), an organisation whose Mastodon account (the
 * fake Mastodon server, on 127.0.0.1) has brought in `cases` citizens' questions by sync, and
 * `agents` webcare agents working the inbox at once for `seconds`: each reads the inbox's new
 * cases, claims one of the first few (so agents collide, as a team does on a busy morning), and
 * when it gets the case tags it and replies (through the adapter to the fake server) resolving it.
 *
 * Reports p50 and p95 per kind of request against `GET /healthz` measured on the same server
 * under the same load (the floor of a request), and checks afterwards that nothing was lost or
 * done twice: each case claimed by at most one agent, held by the agent that won it, with the
 * tags that agent gave it, and one post on the platform per reply sent. Prints one JSON line.
 *   webcareWorker.ts <database-location> <work-dir> [seconds] [agents] [cases]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { startFakeMastodon } from '../src/channels/mastodon/fakeServer.ts';
import { addUser } from '../src/identity/people.ts';
import { syncAccount } from '../src/ingest/sync.ts';
import { openDb } from '../src/store/open.ts';
import { upsertOrganisations } from '../src/store/organisations.ts';
import { SecretBox } from '../src/store/secretBox.ts';
import { connectFake } from '../test/support/channels.ts';
import { quantile } from './stats.ts';

const [location, workDir, secondsArg, agentsArg, casesArg] = process.argv.slice(2) as [
  string,
  string,
  string | undefined,
  string | undefined,
  string | undefined,
];
const seconds = Number(secondsArg ?? 60);
const agentCount = Number(agentsArg ?? 50);
const caseCount = Number(casesArg ?? 1500);
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const ORG = 'GM0344';
const PASSWORD = 'lang genoeg wachtwoord 42';
const log = (s: string) => process.stderr.write(`bench webcare: ${s}\n`);
const round = (x: number) => Number(x.toFixed(1));

// ---------------------------------------------------------------------------------------------
// The world: an organisation, its agents, its Mastodon account with the citizens' questions

const key = randomBytes(32);
const box = SecretBox.fromKey(key);
const fake = await startFakeMastodon({ pageSize: 40 });
const db = await openDb(location);
await upsertOrganisations(db, [
  {
    code: ORG,
    name: 'Utrecht',
    displayName: null,
    kind: 'gemeente',
    provinceCode: null,
    safetyRegionCode: null,
    inhabitants: [],
  },
]);
const [org] = await db.query<{ id: number }>('SELECT id FROM organisations WHERE code = $1', [ORG]);
const organisationId = Number(org?.id);
log(`${agentCount} agents`);
const agents: { email: string; name: string; id: number }[] = [];
for (let i = 0; i < agentCount; i++) {
  const email = `agent${i}@utrecht.bench`;
  const name = `Agent ${i}`;
  const initials = `A${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`;
  const id = await addUser(
    db,
    { userId: null, name: 'bench', ip: null },
    { email, name, initials, password: PASSWORD, membership: { organisationId, role: 'webcare' } },
  );
  agents.push({ email, name, id });
}
const accountId = await connectFake(db, box, fake, { organisationCode: ORG });
log(`${caseCount} questions, synced`);
for (let i = 0; i < caseCount; i++)
  fake.addInbound(`vraag ${i}: wanneer wordt het afval opgehaald in straat ${i}?`);
for (;;) {
  const result = await syncAccount(db, box, accountId, { trigger: 'manual' });
  if (!result.ok) throw new Error(`sync failed: ${JSON.stringify(result.error)}`);
  if (result.stored === 0) break;
}
const [{ n: cases } = { n: 0 }] = await db.query<{ n: number }>(
  'SELECT count(*)::integer AS n FROM cases WHERE organisation_id = $1',
  [organisationId],
);
await db.close();

// ---------------------------------------------------------------------------------------------
// The server

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  mkdirSync(workDir, { recursive: true });
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'meetlat.js'), 'serve', '--quiet', '--port', '0', '--db', location],
    {
      cwd: workDir,
      // Each agent is its own client, as in an office: their addresses come in X-Forwarded-For (all
      // loopback addresses), so the login rate limit per address counts per agent.
      env: {
        ...process.env,
        MEETLAT_DB: '',
        MEETLAT_SECRET_KEY: key.toString('hex'),
        MEETLAT_TRUST_PROXY: '1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const url = /Meetlat draait op (http:\/\/\S+)/.exec(stderr)?.[1];
    if (url) return { url, child };
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`meetlat serve did not start:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const server = await startServer();

interface Session {
  cookie: string;
  csrf: string;
}

function cookiesOf(response: Response, jar: Map<string, string>): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair?.indexOf('=') ?? -1;
    if (pair && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
}

async function logIn(email: string, index: number): Promise<Session> {
  const address = { 'x-forwarded-for': `127.0.${1 + Math.floor(index / 250)}.${1 + (index % 250)}` };
  const jar = new Map<string, string>();
  const form = await fetch(`${server.url}/inloggen`, { headers: address });
  cookiesOf(form, jar);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const response = await fetch(`${server.url}/inloggen`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...address, cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD, _csrf: token }),
  });
  cookiesOf(response, jar);
  if (response.status !== 303) throw new Error(`login of ${email} failed: ${response.status}`);
  const me = await fetch(`${server.url}/api/me`, { headers: { ...address, cookie: cookie() } });
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return { cookie: cookie(), csrf: csrfToken };
}

log('logging in');
const sessions: Session[] = [];
for (const [i, a] of agents.entries()) sessions.push(await logIn(a.email, i));

// ---------------------------------------------------------------------------------------------
// The load

const times = new Map<string, number[]>();
let failures = 0;
const errors: string[] = [];
const claims = new Map<number, number>(); // case → the agent that won it
const tagged = new Map<number, string[]>();
let conflicts = 0;
let repliesSent = 0;
let repliesFailed = 0;

async function timed(kind: string, url: string, init: RequestInit): Promise<Response> {
  const started = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer().then((b) => {
    (response as Response & { bodyBytes?: ArrayBuffer }).bodyBytes = b;
  });
  const list = times.get(kind) ?? [];
  list.push(performance.now() - started);
  times.set(kind, list);
  if (response.status >= 500 && kind !== 'reply') {
    failures++;
    if (errors.length < 5) errors.push(`${kind} ${response.status}`);
  }
  return response;
}

const json = <T>(r: Response) =>
  JSON.parse(new TextDecoder().decode((r as Response & { bodyBytes?: ArrayBuffer }).bodyBytes)) as T;

const end = Date.now() + seconds * 1000;
const api = `${server.url}/api/orgs/${ORG}`;

async function agentLoop(index: number): Promise<void> {
  const s = sessions[index] as Session;
  const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' };
  while (Date.now() < end) {
    const inbox = await timed('inbox', `${api}/cases?weergave=nieuw`, { headers: { cookie: s.cookie } });
    if (inbox.status !== 200) continue;
    const list = json<{ cases: { id: number; version: number }[] }>(inbox).cases;
    if (list.length === 0) break;
    // One of the first few: agents collide on the same cases, as a busy team does.
    const target = list[Math.floor(Math.random() * Math.min(5, list.length))] as { id: number };
    const claim = await timed('claim', `${api}/cases/${target.id}/claim`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    if (claim.status === 409) {
      conflicts++;
      continue;
    }
    if (claim.status !== 200) continue;
    if (claims.has(target.id)) errors.push(`case ${target.id} claimed twice`);
    claims.set(target.id, index);
    let { version } = json<{ version: number }>(claim);
    const tags = ['bench', `agent-${index}`];
    const label = await timed('tag', `${api}/cases/${target.id}/labels`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ category: 'afval', tags, version }),
    });
    if (label.status === 200) {
      version = json<{ version: number }>(label).version;
      tagged.set(target.id, tags);
    }
    const reply = await timed('reply', `${api}/cases/${target.id}/replies`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        text: 'Dank je wel {naam}! Je melding staat onder nummer {zaaknummer}.',
        after: 'opgelost',
      }),
    });
    if (reply.status === 201) repliesSent++;
    else repliesFailed++;
  }
}

async function healthLoop(): Promise<void> {
  while (Date.now() < end) {
    await timed('healthz', `${server.url}/healthz`, {});
    await new Promise((r) => setTimeout(r, 50));
  }
}

log(`${agentCount} agents for ${seconds} s`);
const postsBefore = fake.sent.length;
await Promise.all([...sessions.map((_, i) => agentLoop(i)), healthLoop()]);
const posts = fake.sent.length - postsBefore;

// ---------------------------------------------------------------------------------------------
// What the store says afterwards

const check = await openDb(location);
const claimedTwice = await check.query<{ case_id: number }>(
  `SELECT case_id FROM case_events WHERE kind = 'claimed' GROUP BY case_id HAVING count(*) > 1`,
);
const held = await check.query<{ id: number; assignee_id: number | null; tags: string[] }>(
  'SELECT id, assignee_id, tags FROM cases WHERE organisation_id = $1',
  [organisationId],
);
const byId = new Map(held.map((c) => [c.id, c]));
let lostUpdates = 0;
for (const [caseId, agent] of claims) {
  const c = byId.get(caseId);
  if (!c || c.assignee_id !== agents[agent]?.id) lostUpdates++;
  const tags = tagged.get(caseId);
  if (tags && JSON.stringify(c?.tags) !== JSON.stringify(tags)) lostUpdates++;
}
const [{ n: sentRows } = { n: 0 }] = await check.query<{ n: number }>(
  "SELECT count(*)::integer AS n FROM case_replies WHERE state = 'sent'",
);
await check.close();
server.child.kill('SIGTERM');
await fake.close();

const stats = (kind: string) => {
  const list = times.get(kind) ?? [];
  return { requests: list.length, p50_ms: round(quantile(list, 0.5)), p95_ms: round(quantile(list, 0.95)) };
};
const health = stats('healthz');
const kinds = Object.fromEntries(
  ['inbox', 'claim', 'tag', 'reply'].map((k) => {
    const s = stats(k);
    return [k, { ...s, ratio_p95: round(s.p95_ms / Math.max(health.p95_ms, 0.1)) }];
  }),
);
const all = ['inbox', 'claim', 'tag', 'reply'].flatMap((k) => times.get(k) ?? []);
process.stdout.write(
  `${JSON.stringify({
    agents: agentCount,
    seconds,
    cases,
    requests: all.length,
    requests_per_s: round(all.length / seconds),
    p95_ms: round(quantile(all, 0.95)),
    goal_p95_ms: 100,
    ...kinds,
    baseline_healthz: health,
    claims_won: claims.size,
    claim_conflicts: conflicts,
    cases_claimed_twice: claimedTwice.length,
    lost_updates: lostUpdates,
    replies_sent: repliesSent,
    replies_failed: repliesFailed,
    platform_posts: posts,
    replies_stored_sent: sentRows,
    server_errors: failures,
    errors,
  })}\n`,
);
