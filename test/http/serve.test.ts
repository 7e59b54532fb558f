/**
 * `meetlat serve` from outside, on both engines, as the CLI contract says: it prints where it
 * listens, `GET /healthz` answers 200 once it is ready, `/readyz` names the database,
 * `/api/openapi.json` is an OpenAPI 3 document, logs are JSON lines, and SIGTERM stops it cleanly.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { startMeetlat } from '../support/cli.ts';
import { tempDir } from '../support/corpusSources.ts';
import { ENGINES, freshDbLocation } from '../support/engines.ts';

for (const engine of ENGINES) {
  describe(`meetlat serve [${engine}]`, () => {
    const dir = tempDir();
    after(() => dir.remove());

    test('serves health, readiness and the OpenAPI document, and stops on SIGTERM', async () => {
      const { location, drop } = await freshDbLocation(engine, dir.dir);
      const run = startMeetlat(['serve', '--db', location, '--port', '0']);
      const { child } = run;
      try {
        const deadline = Date.now() + 60_000;
        let url: string | undefined;
        while (!url && Date.now() < deadline && child.exitCode === null) {
          url = /Meetlat draait op (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stderr())?.[1];
          await new Promise((r) => setTimeout(r, 50));
        }
        assert.ok(url, `the server tells where it listens: ${run.stderr()}`);
        const health = await fetch(`${url}/healthz`);
        assert.equal(health.status, 200);
        assert.deepEqual(await health.json(), { status: 'ok' });
        const ready = await fetch(`${url}/readyz`);
        assert.deepEqual(await ready.json(), { status: 'ready', database: engine });
        const openapi = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
          openapi: string;
          paths: Record<string, unknown>;
        };
        assert.match(openapi.openapi, /^3\./);
        assert.ok(openapi.paths['/healthz'] && openapi.paths['/readyz']);
        child.kill('SIGTERM');
        assert.equal(await run.exited, 0, run.stderr());
        const lines = run.stdout().trim().split('\n');
        assert.ok(lines.length >= 3);
        for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `a log line is JSON: ${line}`);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await drop();
      }
    });
  });
}
