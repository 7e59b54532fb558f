/**
 * `meetlat cases list` from outside, on both engines, exactly as its CLI contract says: JSON on
 * stdout only, `{ cases: [{ number, status, organisation, channel, opened_at, first_response_at,
 * sla_first_response_due_at, assignee, messages, … }] }`; on a demo workspace its citizens'
 * conversations are the cases, the same on both engines; `--org` and `--status` narrow the list;
 * a bad status or organisation exits 2 with the reason on stderr.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoSource } from '../../src/demo/generator.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { openDb } from '../../src/store/open.ts';
import { runMeetlat } from '../support/cli.ts';
import { tempDir } from '../support/corpusSources.ts';
import { ENGINES, freshDbLocation } from '../support/engines.ts';

interface Printed {
  cases: {
    number: string;
    status: string;
    organisation: string;
    channel: string;
    opened_at: string;
    first_response_at: string | null;
    sla_first_response_due_at: string;
    assignee: string | null;
    messages: number;
  }[];
}

const CONTRACT = [
  'number',
  'status',
  'organisation',
  'channel',
  'opened_at',
  'first_response_at',
  'sla_first_response_due_at',
  'assignee',
  'messages',
];
const answers = new Map<string, string>();

for (const engine of ENGINES) {
  describe(`meetlat cases list [${engine}]`, () => {
    const dir = tempDir();
    let location: string;
    let drop: () => Promise<void>;
    const cases = (...args: string[]) => runMeetlat(['cases', 'list', ...args, '--db', location]);

    before(async () => {
      ({ location, drop } = await freshDbLocation(engine, dir.dir));
      const db = await openDb(location);
      try {
        await ingest(db, demoSource({ size: 3000, seed: 5 }), {
          sourceKind: 'demo',
          source: 'demo size=3000 seed=5',
          sourceSha256: null,
        });
      } finally {
        await db.close();
      }
    });
    after(async () => {
      await drop();
      dir.remove();
    });

    test('the contract: the demo’s citizen conversations as cases, JSON only on stdout, the same on both engines', async () => {
      const run = await cases('--format', 'json');
      assert.equal(run.status, 0, run.stderr);
      const printed = JSON.parse(run.stdout) as Printed;
      assert.ok(printed.cases.length > 100, `cases: ${printed.cases.length}`);
      for (const c of printed.cases) {
        assert.deepEqual(Object.keys(c).slice(0, CONTRACT.length), CONTRACT);
        assert.match(c.number, /^\d{4}-\d{6}$/);
        assert.ok(['nieuw', 'open', 'wacht', 'opgelost', 'gesloten'].includes(c.status));
        assert.ok(c.messages >= 1);
        assert.ok(Date.parse(c.sla_first_response_due_at) > Date.parse(c.opened_at), 'due after it opened');
        if (c.first_response_at) assert.ok(Date.parse(c.first_response_at) >= Date.parse(c.opened_at));
      }
      // Numbers are unique per organisation.
      const keys = printed.cases.map((c) => `${c.organisation} ${c.number}`);
      assert.equal(new Set(keys).size, keys.length);
      // The demo answers most questions: most cases are answered, some are not.
      assert.ok(printed.cases.some((c) => c.first_response_at === null));
      assert.ok(printed.cases.filter((c) => c.first_response_at !== null).length > printed.cases.length / 2);
      const key = JSON.stringify(printed.cases.map((c) => [c.organisation, c.number, c.status, c.messages]));
      answers.set(engine, key);
      if (answers.size === ENGINES.length)
        assert.equal(answers.get('pglite'), answers.get('postgres'), 'both engines agree');
    });

    test('--org and --status narrow the list; bad usage exits 2 naming the problem', async () => {
      const all = JSON.parse((await cases('--format', 'json')).stdout) as Printed;
      const org = all.cases[0]?.organisation ?? '';
      const own = JSON.parse(
        (await cases('--org', org, '--status', 'nieuw', '--format', 'json')).stdout,
      ) as Printed;
      assert.ok(own.cases.length > 0);
      assert.ok(own.cases.every((c) => c.organisation === org && c.status === 'nieuw'));
      assert.equal(
        own.cases.length,
        all.cases.filter((c) => c.organisation === org && c.status === 'nieuw').length,
      );
      const bad = await cases('--status', 'kwijt', '--format', 'json');
      assert.equal(bad.status, 2);
      assert.equal(bad.stdout, '');
      assert.match(bad.stderr, /--status must be one of nieuw, open, wacht, opgelost, gesloten/);
      const unknown = await cases('--org', 'GM9999', '--format', 'json');
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /no organisation with code "GM9999"/);
    });
  });
}
