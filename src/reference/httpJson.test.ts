import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { FetchError, fetchJson, jsonPages } from './httpJson.ts';

let origin = '';
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', origin);
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  switch (url.pathname) {
    case '/ok':
      return json(200, { page: Number(url.searchParams.get('p') ?? 1) });
    case '/paged': {
      const p = Number(url.searchParams.get('p') ?? 1);
      return json(200, { page: p, next: p < 3 ? `/paged?p=${p + 1}` : null });
    }
    case '/loop':
      return json(200, { next: '/loop' });
    case '/away':
      return json(200, { next: 'http://example.org/elsewhere' });
    case '/error':
      res.writeHead(500, { 'content-type': 'text/html' });
      return res.end('<html><body>Internal   Server\nError</body></html>');
    case '/garbage':
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('<?xml version="1.0"?><feed/>');
    case '/slow':
      setTimeout(() => json(200, {}), 1000);
      return;
    default:
      return json(404, { error: 'not found' });
  }
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const options = { timeoutMs: 5000 };
const next = (json: unknown) => ((json as { next?: string | null }).next ?? null) as string | null;

test('fetchJson parses a JSON answer', async () => {
  assert.deepEqual(await fetchJson(`${origin}/ok?p=7`, options), { page: 7 });
});

test('an HTTP error names the URL, the status and the start of the body', async () => {
  await assert.rejects(fetchJson(`${origin}/error`, options), (error: Error) => {
    assert.ok(error instanceof FetchError);
    assert.equal(
      error.message,
      `GET ${origin}/error: HTTP 500 Internal Server Error: <html><body>Internal Server Error</body></html>`,
    );
    return true;
  });
});

test('an answer that is not JSON is a clear error', async () => {
  await assert.rejects(
    fetchJson(`${origin}/garbage`, options),
    new FetchError(
      `GET ${origin}/garbage: the answer is not JSON (it starts "<?xml version=\\"1.0\\"?><feed/>")`,
    ),
  );
});

test('a timeout and a refused connection name the URL', async () => {
  await assert.rejects(fetchJson(`${origin}/slow`, { timeoutMs: 200 }), {
    message: `GET ${origin}/slow: no complete answer within 0.2 s`,
  });
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  await assert.rejects(fetchJson(`http://127.0.0.1:${port}/x`, options), (error: Error) => {
    assert.ok(error instanceof FetchError);
    assert.match(
      error.message,
      new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/x failed: fetch failed \\(ECONNREFUSED\\)$`),
    );
    return true;
  });
});

test('jsonPages follows relative next links in order', async () => {
  const pages: unknown[] = [];
  for await (const page of jsonPages(`${origin}/paged`, next, options)) pages.push([page.url, page.json]);
  assert.deepEqual(pages, [
    [`${origin}/paged`, { page: 1, next: '/paged?p=2' }],
    [`${origin}/paged?p=2`, { page: 2, next: '/paged?p=3' }],
    [`${origin}/paged?p=3`, { page: 3, next: null }],
  ]);
});

test('jsonPages refuses a paging loop, a link to another server and endless paging', async () => {
  const drain = async (url: string, maxPages?: number) => {
    for await (const _ of jsonPages(url, next, { ...options, ...(maxPages ? { maxPages } : {}) })) {
      // read every page
    }
  };
  await assert.rejects(drain(`${origin}/loop`), /the server sent this page before \(paging loops\)/);
  await assert.rejects(
    drain(`${origin}/away`),
    /leads to another server \(http:\/\/example\.org\); not followed/,
  );
  await assert.rejects(drain(`${origin}/paged`, 2), /more than 2 pages; stopped/);
});
