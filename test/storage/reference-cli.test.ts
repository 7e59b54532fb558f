import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type FakeOpenData, startFakeOpenData } from '../../src/reference/fixtures/fakeOpenData.ts';
import { sharedFile } from '../../src/reference/fixtures/sharedData.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `meetlat` as a user would; asynchronously, so a fake server in this process can answer it. */
function meetlat(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'meetlat.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, MEETLAT_DB: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('meetlat orgs (embedded database)', () => {
  let dir: string;
  let db: string;
  let fake: FakeOpenData;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meetlat-orgs-cli-'));
    db = join(dir, 'db');
    fake = await startFakeOpenData({ pageSize: 4 });
  });
  after(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('import-gemeenten prints the JSON report and exits 0, also when rows are rejected', async () => {
    const run = await meetlat([
      'orgs',
      'import-gemeenten',
      sharedFile('gemeenten.csv'),
      '--geometry',
      sharedFile('nl-vr-gm_2023.topo.json'),
      '--valid-year',
      '2023',
      '--db',
      db,
    ]);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(
      { ...report, boundaries: { ...report.boundaries, file: undefined } },
      {
        file: sharedFile('gemeenten.csv'),
        kind: 'gemeente',
        population_year: 2022,
        read: 342,
        imported: 342,
        rejected: [],
        boundaries: {
          file: undefined,
          object: 'gm_features',
          valid_year: 2023,
          read: 342,
          imported: 342,
          rejected: [],
        },
      },
    );
    assert.match(
      run.stderr,
      /342 of 342 gemeente row\(s\) imported, 0 rejected \(inhabitants on 1 January 2022\)/,
    );

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'gm_code,name,population\nGM9901,Testdorp,100\nGM99,Fout,1\n');
    const partial = await meetlat(['orgs', 'import-gemeenten', bad, '--db', db]);
    assert.equal(partial.status, 0, partial.stderr);
    const partialReport = JSON.parse(partial.stdout);
    assert.equal(partialReport.imported, 1);
    assert.deepEqual(partialReport.rejected, [
      {
        location: `${bad}:3`,
        code: 'invalid_field',
        reason: 'gm_code "GM99" is not a gemeente code (GM followed by 4 digits, e.g. GM0363)',
      },
    ]);
    assert.equal(partialReport.boundaries, null);
  });

  test('a file that cannot be used exits 2 with the reason on stderr and nothing on stdout', async () => {
    const header = join(dir, 'header.csv');
    writeFileSync(header, 'code,naam\nGM0001,X\n');
    const wrong = await meetlat(['orgs', 'import-gemeenten', header, '--db', db]);
    assert.equal(wrong.status, 2);
    assert.equal(wrong.stdout, '');
    assert.match(wrong.stderr, /is missing the column\(s\) gm_code, name, population/);
    const missing = await meetlat(['orgs', 'import-waterschappen', join(dir, 'nope.csv'), '--db', db]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.csv: cannot be read: does not exist/);
    const year = await meetlat([
      'orgs',
      'import-provincies',
      sharedFile('provincies.csv'),
      '--population-year',
      '22',
    ]);
    assert.equal(year.status, 2);
    assert.match(year.stderr, /--population-year must be a year/);
  });

  test('load-cbs reads the loopback stand-ins for CBS and PDOK; list shows the result', async () => {
    const run = await meetlat(['orgs', 'load-cbs', '--year', '2024', '--db', db], {
      MEETLAT_CBS_ODATA_URL: fake.cbsUrl,
      MEETLAT_PDOK_URL: fake.pdokUrl,
    });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.year, 2024);
    assert.equal(report.population.imported, 6);
    assert.equal(report.boundaries.imported, 6);

    const list = await meetlat(['orgs', 'list', '--kind', 'gemeente', '--format', 'json', '--db', db]);
    assert.equal(list.status, 0, list.stderr);
    const rows = JSON.parse(list.stdout) as { code: string; class: string | null; inhabitants: object }[];
    assert.equal(rows.length, 343);
    assert.deepEqual(
      rows.find((r) => r.code === 'GM1680'),
      {
        code: 'GM1680',
        name: 'Aa en Hunze',
        display_name: 'Aa en Hunze',
        kind: 'gemeente',
        province_code: 'PV22',
        safety_region_code: 'VR03',
        inhabitants: { 2022: 25579, 2024: 50000 },
        class: 'middelgroot',
        has_boundary: true,
      },
    );
    assert.equal(rows.find((r) => r.code === 'GM9901')?.class, 'klein');

    const table = await meetlat(['orgs', 'list', '--kind', 'gemeente', '--db', db]);
    assert.equal(table.status, 0, table.stderr);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^code\s+name\s+kind\s+class\s+inhabitants\s+year\s+boundary$/);
    assert.equal(lines.length, 344);
    assert.match(
      table.stdout,
      /GM0518\s+'s-Gravenhage \(Den Haag\)\s+gemeente\s+groot\s+553417\s+2022\s+yes/,
    );
  });

  test('load-cbs with a failing server exits 1 naming the URL', async () => {
    const failing = await startFakeOpenData({
      fail: { match: /TypedDataSet/, status: 503, body: 'maintenance' },
    });
    try {
      const run = await meetlat([
        'orgs',
        'load-cbs',
        '--year',
        '2024',
        '--base-url',
        failing.cbsUrl,
        '--db',
        db,
      ]);
      assert.equal(run.status, 1);
      assert.equal(run.stdout, '');
      assert.match(
        run.stderr,
        /GET http:\/\/127\.0\.0\.1:\d+\/cbs\/03759ned\/TypedDataSet\?\S+: HTTP 503 Service Unavailable: maintenance/,
      );
    } finally {
      await failing.close();
    }
  });
});
