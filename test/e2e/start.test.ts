/**
 * The README's main command as a new user meets it: `npm start` on an empty folder fills the
 * embedded database with the demo workspace, prints the address and the first login; logging in
 * with exactly that works, and the demo gemeente's pages and yardstick figures are there. A second
 * start keeps the data and shows the same login.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEMO_SEARCHES, DEMO_SIZE } from '../../src/demo/firstStart.ts';
import { demoOrganisations } from '../../src/demo/organisations.ts';
import { tempDir } from '../support/corpusSources.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = tempDir();
after(() => dir.remove());

interface Started {
  child: ChildProcess;
  url: string;
  email: string;
  password: string;
  output: () => string;
}

/** `npm start` (with a free port instead of 8080), until it says where it runs. */
async function npmStart(): Promise<Started> {
  const child = spawn('npm', ['start', '--', '--port', '0', '--quiet'], {
    cwd: ROOT,
    env: { ...process.env, MEETLAT_DB: join(dir.dir, 'db') },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a stop reaches the server under npm, as Ctrl-C in a terminal does.
    detached: true,
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => {
    output += c;
  });
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    output += c;
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const url = /Meetlat draait op (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    const login = /Eerste login: (\S+) met wachtwoord (\S+)/.exec(output);
    if (url && login?.[1] && login[2])
      return { child, url, email: login[1], password: login[2], output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  if (child.pid) process.kill(-child.pid, 'SIGTERM');
  throw new Error(`npm start did not print its address and first login:\n${output}`);
}

async function stop(started: Started): Promise<void> {
  if (started.child.pid) process.kill(-started.child.pid, 'SIGTERM');
  await once(started.child, 'close');
}

/** Logs in through the login form as a browser would; returns the cookie and the user's own gemeente. */
async function login(
  url: string,
  email: string,
  password: string,
): Promise<{ cookie: string; landing: string }> {
  const page = await fetch(`${url}/inloggen`);
  const csrfCookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const posted = await fetch(`${url}/inloggen`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  assert.equal(posted.status, 303, 'the printed login works');
  const session = posted.headers.getSetCookie().find((c) => c.startsWith('meetlat_sessie='));
  assert.ok(session, 'a session cookie');
  const cookie = session.split(';')[0] ?? '';
  // The first user is superbeheerder and beheerder of one demo gemeente, listed first on the start page.
  const start = await fetch(`${url}/`, { headers: { cookie } });
  assert.equal(start.status, 200);
  const landing = /href="(\/o\/GM\d{4})"/.exec(await start.text())?.[1] ?? '';
  return { cookie, landing };
}

test('the README starts with the command this test runs', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.match(readme, /```sh\nnpm install && npm start\nnpm test\n```/);
});

test('npm start: demo workspace, first login, pages with the demo data; a second start keeps them', async () => {
  const first = await npmStart();
  let orgPath: string;
  try {
    assert.match(first.output(), /demo-werkruimte/);
    const { cookie, landing } = await login(first.url, first.email, first.password);
    assert.match(landing, /^\/o\/GM\d{4}$/);
    orgPath = landing;
    const home = await fetch(`${first.url}${orgPath}`, { headers: { cookie } });
    assert.equal(home.status, 200);
    const homeHtml = await home.text();
    assert.match(homeHtml, /<html lang="nl"/);
    const yardstick = await (await fetch(`${first.url}${orgPath}/meetlat`, { headers: { cookie } })).text();
    assert.doesNotMatch(yardstick, /Nog geen gegevens/);
    assert.match(yardstick, /<table/);
    const channels = await (
      await fetch(`${first.url}/api/orgs/${orgPath.slice(3)}/channels`, { headers: { cookie } })
    ).json();
    assert.ok(Array.isArray((channels as { channels: unknown[] }).channels));
    // Listening is set up: the demo's saved searches, each finding messages, with alert rules.
    const api = `${first.url}/api/orgs/${orgPath.slice(3)}`;
    const { searches } = (await (await fetch(`${api}/searches`, { headers: { cookie } })).json()) as {
      searches: { id: number; name: string }[];
    };
    assert.deepEqual(
      searches.map((s) => s.name).sort(),
      [...DEMO_SEARCHES.map((s) => s.name), 'Brand en incidenten'].sort(),
    );
    for (const search of searches) {
      const found = (await (
        await fetch(`${api}/searches/${search.id}/messages`, { headers: { cookie } })
      ).json()) as { total: number };
      assert.ok(found.total > 0, `${search.name} finds demo messages`);
    }
    const rules = (await (
      await fetch(`${api}/searches/${searches.find((s) => s.name === 'Brand en incidenten')?.id}/alerts`, {
        headers: { cookie },
      })
    ).json()) as { rules: unknown[] };
    assert.equal(rules.rules.length, 1);
    const orgs = (await (await fetch(`${first.url}/api/orgs`, { headers: { cookie } })).json()) as {
      code: string;
    }[];
    assert.deepEqual(
      orgs.map((o) => o.code).sort(),
      demoOrganisations(DEMO_SIZE, 2025)
        .map((o) => o.code)
        .sort(),
      "the demo's organisations, all visible to the first user (a superbeheerder)",
    );
  } finally {
    await stop(first);
  }
  const second = await npmStart();
  try {
    assert.doesNotMatch(second.output(), /demo-werkruimte/, 'no second demo');
    assert.deepEqual([second.email, second.password], [first.email, first.password]);
    const { landing } = await login(second.url, second.email, second.password);
    assert.equal(landing, orgPath);
  } finally {
    await stop(second);
  }
});
