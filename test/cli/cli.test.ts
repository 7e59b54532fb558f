/**
 * The CLI from outside, as a user and the acceptance checks call it: results on stdout as JSON
 * only, progress and rejects on stderr, exit 2 for bad usage. Embedded database only here (the
 * storage tests cover PostgreSQL); one database folder per test.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sharedFile } from '../support/data.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function meetlat(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'meetlat.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, MEETLAT_DB: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'meetlat-cli-'));
}

test('import prints one JSON report on stdout and the rejects as file:line on stderr', () => {
  const dir = tempDir();
  const file = join(dir, 'bad.ndjson');
  writeFileSync(
    file,
    '{"platform":"x","id":"1","author":{"id":"a"},"created_at":"2025-01-01T10:00:00Z","text":"@gemeente hallo"}\n{"platform":"x"\n',
  );
  const run = meetlat(['import', 'ndjson', file, '--db', join(dir, 'db')]);
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.equal(report.files[0].imported, 1);
  assert.equal(report.files[0].rejected, 1);
  assert.match(run.stderr, /bad\.ndjson:2: not valid JSON/);
});

test('twcs import twice through the CLI: the second adds nothing', () => {
  const dir = tempDir();
  const file = sharedFile('twcs-sample', 'kaggle_sample.csv');
  const first = JSON.parse(meetlat(['import', 'twcs', file, '--db', join(dir, 'db'), '--quiet']).stdout);
  const second = JSON.parse(meetlat(['import', 'twcs', file, '--db', join(dir, 'db'), '--quiet']).stdout);
  assert.equal(first.files[0].imported, 93);
  assert.deepEqual([second.files[0].imported, second.files[0].duplicates], [0, 93]);
});

test('bad usage exits 2 with a message naming the problem', () => {
  const dir = tempDir();
  const unknown = meetlat(['import', 'csv', 'x.csv', '--db', join(dir, 'db')]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown format "csv"/);
  const missing = meetlat(['import', 'twcs', join(dir, 'nope.csv'), '--db', join(dir, 'db')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.csv: no such file/);
  const size = meetlat(['demo', '--size', 'lots', '--db', join(dir, 'db')]);
  assert.equal(size.status, 2);
  assert.match(size.stderr, /--size must be a whole number/);
  const wrongHeader = join(dir, 'wrong.csv');
  writeFileSync(wrongHeader, 'a,b,c\n1,2,3\n');
  const header = meetlat(['import', 'twcs', wrongHeader, '--db', join(dir, 'db')]);
  assert.equal(header.status, 2);
  assert.match(header.stderr, /^wrong\.csv:1: not a twcs file/m);
});

test('demo fills a database that status then describes, the same for the same seed', () => {
  const dir = tempDir();
  const demo = meetlat(['demo', '--size', '800', '--seed', '7', '--db', join(dir, 'db')]);
  assert.equal(demo.status, 0, demo.stderr);
  assert.equal(JSON.parse(demo.stdout).rejected, 0);
  const status = JSON.parse(meetlat(['status', '--format', 'json', '--db', join(dir, 'db')]).stdout);
  assert.ok(status.messages >= 700 && status.messages <= 900, String(status.messages));
  assert.ok(status.organisations >= 20);
  const again = JSON.parse(meetlat(['demo', '--size', '800', '--seed', '7', '--db', join(dir, 'db')]).stdout);
  assert.equal(again.imported, 0);
  const out = join(dir, 'demo.ndjson');
  const written = meetlat(['demo', '--size', '800', '--seed', '7', '--out', out]);
  assert.equal(written.status, 0, written.stderr);
  const imported = JSON.parse(meetlat(['import', 'ndjson', out, '--db', join(dir, 'db2'), '--quiet']).stdout);
  assert.equal(imported.files[0].rejected, 0);
  const status2 = JSON.parse(meetlat(['status', '--format', 'json', '--db', join(dir, 'db2')]).stdout);
  assert.equal(status2.messages, status.messages);
  assert.equal(status2.conversations, status.conversations);
});

test('report yardstick: JSON only on stdout in the documented shape, CSV alike, bad requests exit 2', () => {
  const dir = tempDir();
  const db = join(dir, 'db');
  const file = sharedFile('twcs-sample', 'kaggle_sample.csv');
  assert.equal(meetlat(['import', 'twcs', file, '--db', db, '--quiet']).status, 0);

  const run = meetlat(['report', 'yardstick', '--db', db, '--format', 'json']);
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.deepEqual(Object.keys(report), ['period', 'accounts', 'organisations', 'classes', 'totals']);
  assert.deepEqual(report.period, { from: null, to: null });
  const account = report.accounts[0];
  assert.ok(account.platform && account.handle);
  for (const metric of [
    'sent',
    'reply_pct',
    'median_first_response_s',
    'p90_first_response_s',
    'anomalies',
  ]) {
    assert.ok(metric in account, metric);
  }
  assert.ok(account.buckets === null || account.buckets.length === 8);
  assert.equal(account.followers, null, 'no snapshots: unknown, not 0');
  assert.equal(report.totals.accounts, report.accounts.length);

  const org = account.organisation.code;
  const narrowed = JSON.parse(
    meetlat(['report', 'yardstick', '--db', db, '--format', 'json', '--org', org, '--from', '2017-01-01'])
      .stdout,
  );
  assert.ok(narrowed.accounts.every((a: { organisation: { code: string } }) => a.organisation.code === org));
  assert.equal(narrowed.period.from, '2017-01-01T00:00:00.000Z');

  const csv = meetlat(['report', 'yardstick', '--db', db, '--format', 'csv', '--out', join(dir, 'm.csv')]);
  assert.equal(csv.status, 0, csv.stderr);
  assert.equal(csv.stdout, '');

  for (const args of [
    ['--from', '2017-13-01'],
    ['--from', '2018-01-01', '--to', '2017-01-01'],
    ['--org', 'GM9999'],
    ['--format', 'xml'],
  ]) {
    const bad = meetlat(['report', 'yardstick', '--db', db, '--format', 'json', ...args]);
    assert.equal(bad.status, 2, `${args.join(' ')}: ${bad.stderr}`);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /meetlat: |error: /);
  }
});
