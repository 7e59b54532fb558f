import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadCbs } from '../../src/reference/cbsOpenData.ts';
import { type FakeOpenData, startFakeOpenData } from '../../src/reference/fixtures/fakeOpenData.ts';
import { sharedFile } from '../../src/reference/fixtures/sharedData.ts';
import { importReferenceFile } from '../../src/reference/importer.ts';
import { UnusableFileError } from '../../src/reference/report.ts';
import { listBoundaries, listReferenceOrganisations } from '../../src/reference/store.ts';
import type { Queryable } from '../../src/store/db.ts';
import { describeOnEngines } from '../support/engines.ts';

const GEMEENTEN = sharedFile('gemeenten.csv');

/** The size classes counted straight from the CSV, by METRICS.md's thresholds, without Meetlat's code. */
function expectedClassCounts(): Record<string, number> {
  const rows = parse(readFileSync(GEMEENTEN, 'utf8'), { columns: true }) as { population: string }[];
  const counts: Record<string, number> = { klein: 0, middelgroot: 0, groot: 0 };
  for (const row of rows) {
    const n = Number(row.population);
    const cls = n < 50_000 ? 'klein' : n <= 100_000 ? 'middelgroot' : 'groot';
    counts[cls] = (counts[cls] ?? 0) + 1;
  }
  return counts;
}

async function classCounts(q: Queryable): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const o of await listReferenceOrganisations(q, 'gemeente')) {
    const key = String(o.class);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Everything an import writes, without timestamps, to compare two states. */
async function snapshot(q: Queryable): Promise<unknown[]> {
  return [
    await q.query(
      'SELECT code, name, display_name, kind, province_code, safety_region_code FROM organisations ORDER BY code',
    ),
    await q.query(
      `SELECT o.code, i.year, i.inhabitants, i.source FROM organisation_inhabitants i
       JOIN organisations o ON o.id = i.organisation_id ORDER BY o.code, i.year`,
    ),
    await q.query(
      'SELECT code, kind, name, valid_year, geometry, source FROM region_boundaries ORDER BY code',
    ),
  ];
}

async function count(q: Queryable, sql: string): Promise<number> {
  const [row] = await q.query<{ n: number }>(sql);
  return row?.n ?? -1;
}

describeOnEngines('reference data import', (db) => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'meetlat-reference-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('gemeenten.csv with the GeoJSON: 342 gemeenten, 342 boundaries, the class counts of the CSV', async () => {
    const report = await importReferenceFile(db(), 'gemeenten', {
      csv: GEMEENTEN,
      geometry: sharedFile('gemeenten_2023.geojson'),
      validYear: 2023,
    });
    assert.equal(report.read, 342);
    assert.equal(report.imported, 342);
    assert.deepEqual(report.rejected, []);
    assert.equal(report.population_year, 2022);
    assert.deepEqual(report.boundaries, {
      file: sharedFile('gemeenten_2023.geojson'),
      object: null,
      valid_year: 2023,
      read: 342,
      imported: 342,
      rejected: [],
    });
    assert.equal(await count(db(), "SELECT count(*) AS n FROM organisations WHERE kind = 'gemeente'"), 342);
    assert.equal(
      await count(db(), 'SELECT count(*) AS n FROM organisation_inhabitants WHERE year = 2022'),
      342,
    );
    const boundaries = await listBoundaries(db(), 'gemeente');
    assert.equal(boundaries.length, 342);
    assert.ok(boundaries.every((b) => b.validYear === 2023 && b.source === 'gemeenten_2023.geojson'));
    const expected = expectedClassCounts();
    assert.deepEqual(expected, { klein: 251, middelgroot: 59, groot: 32 });
    assert.deepEqual(await classCounts(db()), expected);
    const list = await listReferenceOrganisations(db(), 'gemeente');
    assert.deepEqual(
      list.find((o) => o.code === 'GM0518'),
      {
        code: 'GM0518',
        name: "'s-Gravenhage",
        display_name: 'Den Haag',
        kind: 'gemeente',
        province_code: 'PV28',
        safety_region_code: 'VR15',
        inhabitants: { 2022: 553417 },
        class: 'groot',
        has_boundary: true,
      },
    );
  });

  test('again with the TopoJSON: the same 342 rows, boundaries replaced by code', async () => {
    const report = await importReferenceFile(db(), 'gemeenten', {
      csv: GEMEENTEN,
      geometry: sharedFile('nl-vr-gm_2023.topo.json'),
      validYear: 2023,
    });
    assert.equal(report.imported, 342);
    assert.equal(report.boundaries?.object, 'gm_features');
    assert.equal(report.boundaries?.imported, 342);
    assert.equal(await count(db(), 'SELECT count(*) AS n FROM organisations'), 342);
    const boundaries = await listBoundaries(db(), 'gemeente');
    assert.equal(boundaries.length, 342);
    // The TopoJSON has codes only: the names come from the CSV.
    assert.equal(boundaries.find((b) => b.code === 'GM0363')?.name, 'Amsterdam');
    assert.ok(boundaries.every((b) => b.source === 'nl-vr-gm_2023.topo.json'));
    const groningen = boundaries.find((b) => b.code === 'GM0014');
    assert.equal(groningen?.geometry.type, 'Polygon');
    assert.deepEqual(await classCounts(db()), expectedClassCounts());
  });

  test('a second identical import leaves the same rows', async () => {
    const before = await snapshot(db());
    const report = await importReferenceFile(db(), 'gemeenten', {
      csv: GEMEENTEN,
      geometry: sharedFile('nl-vr-gm_2023.topo.json'),
      validYear: 2023,
    });
    assert.equal(report.imported, 342);
    assert.deepEqual(await snapshot(db()), before);
  });

  test("provincies, veiligheidsregio's (with boundaries) and waterschappen: 12, 25 and 21", async () => {
    const p = await importReferenceFile(db(), 'provincies', { csv: sharedFile('provincies.csv') });
    const v = await importReferenceFile(db(), 'veiligheidsregios', {
      csv: sharedFile('veiligheidsregios.csv'),
      geometry: sharedFile('nl-vr-gm_2023.topo.json'),
      validYear: 2023,
    });
    const w = await importReferenceFile(db(), 'waterschappen', { csv: sharedFile('waterschappen.csv') });
    assert.deepEqual([p.imported, v.imported, w.imported], [12, 25, 21]);
    assert.deepEqual([...p.rejected, ...v.rejected, ...w.rejected], []);
    assert.equal(v.boundaries?.object, 'vr_features');
    assert.equal(v.boundaries?.imported, 25);
    const kinds = await db().query<{ kind: string; n: number }>(
      'SELECT kind, count(*) AS n FROM organisations GROUP BY kind ORDER BY kind',
    );
    assert.deepEqual(kinds, [
      { kind: 'gemeente', n: 342 },
      { kind: 'provincie', n: 12 },
      { kind: 'veiligheidsregio', n: 25 },
      { kind: 'waterschap', n: 21 },
    ]);
    assert.equal((await listBoundaries(db())).length, 342 + 25);
    const vr = await listReferenceOrganisations(db(), 'veiligheidsregio');
    assert.ok(
      vr.every((o) => o.class === 'veiligheidsregio' && o.has_boundary && o.province_code?.startsWith('PV')),
    );
    const ws = await listReferenceOrganisations(db(), 'waterschap');
    assert.ok(
      ws.every((o) => o.class === 'waterschap' && !o.has_boundary && Object.keys(o.inhabitants).length === 0),
    );
    // The sums in the files add up to the national total (SOURCE.md: 1 January 2022).
    const [sums] = await db().query<{ p: number; v: number }>(
      `SELECT sum(i.inhabitants) FILTER (WHERE o.kind = 'provincie') AS p,
              sum(i.inhabitants) FILTER (WHERE o.kind = 'veiligheidsregio') AS v
       FROM organisation_inhabitants i JOIN organisations o ON o.id = i.organisation_id`,
    );
    assert.deepEqual(sums, { p: 17_590_672, v: 17_590_672 });
  });

  test('malformed rows: the good rows are kept, each bad one reported with file:line', async () => {
    const csv = join(dir, 'gemeenten-bad.csv');
    writeFileSync(
      csv,
      [
        'gm_code,cbs_code,name,display_name,province_code,province_name,vr_code,vr_name,population,search_terms',
        'GM9901,9901,Testdorp,Testdorp,PV20,Groningen,VR01,Groningen,12000,',
        'XX9902,9902,Fout,Fout,PV20,Groningen,VR01,Groningen,12000,',
        'GM9903,9903,Negatief,Negatief,PV20,Groningen,VR01,Groningen,-1,',
        'GM9904,9904,,,PV20,Groningen,VR01,Groningen,5000,',
        'GM9905,9905,Teststad,Teststad,PV20,Groningen,VR01,Groningen,150000,',
        'GM9906,9906,Tekst,Tekst,PV20,Groningen,VR01,Groningen,veel,',
      ].join('\n'),
    );
    const report = await importReferenceFile(db(), 'gemeenten', { csv, populationYear: 2024 });
    assert.equal(report.read, 6);
    assert.equal(report.imported, 2);
    assert.deepEqual(
      report.rejected.map((r) => [r.location, r.reason]),
      [
        [`${csv}:3`, 'gm_code "XX9902" is not a gemeente code (GM followed by 4 digits, e.g. GM0363)'],
        [`${csv}:4`, 'population -1 is negative'],
        [`${csv}:5`, 'missing name'],
        [`${csv}:7`, 'population "veel" is not a whole number'],
      ],
    );
    const list = await listReferenceOrganisations(db(), 'gemeente');
    assert.deepEqual(
      list
        .filter((o) => o.code.startsWith('GM99'))
        .map((o) => [o.code, o.inhabitants, o.class, o.has_boundary]),
      [
        ['GM9901', { 2024: 12000 }, 'klein', false],
        ['GM9905', { 2024: 150000 }, 'groot', false],
      ],
    );
  });

  test('a wrong header or a missing file is one error for the file, and nothing is written', async () => {
    const before = await snapshot(db());
    const csv = join(dir, 'gemeenten-header.csv');
    writeFileSync(csv, 'code,naam,inwoners\nGM9910,Ergens,1000\n');
    await assert.rejects(
      importReferenceFile(db(), 'gemeenten', { csv }),
      (error: Error) =>
        error instanceof UnusableFileError &&
        error.message.startsWith(`${csv}: is missing the column(s) gm_code, name, population`),
    );
    await assert.rejects(importReferenceFile(db(), 'gemeenten', { csv: join(dir, 'nope.csv') }), {
      message: `${join(dir, 'nope.csv')}: cannot be read: does not exist`,
    });
    const geometry = join(dir, 'broken.geojson');
    writeFileSync(geometry, '{"type":"FeatureCollection","features":[');
    await assert.rejects(
      importReferenceFile(db(), 'gemeenten', { csv: GEMEENTEN, geometry }),
      /is not valid JSON/,
    );
    assert.deepEqual(await snapshot(db()), before);
  });

  test('bad boundary features are reported and the good ones stored', async () => {
    const geometry = join(dir, 'bad.geojson');
    const square = [
      [
        [6.5, 53.1],
        [6.6, 53.1],
        [6.6, 53.2],
        [6.5, 53.2],
        [6.5, 53.1],
      ],
    ];
    writeFileSync(
      geometry,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { statcode: 'GM9901', statnaam: 'Testdorp' },
            geometry: { type: 'Polygon', coordinates: square },
          },
          {
            type: 'Feature',
            properties: { statcode: 'GM9905' },
            geometry: { type: 'Polygon', coordinates: [square[0]?.map(([x, y]) => [y, x])] },
          },
        ],
      }),
    );
    const csv = join(dir, 'two.csv');
    writeFileSync(csv, 'gm_code,name,population\nGM9901,Testdorp,12000\nGM9905,Teststad,150000\n');
    const report = await importReferenceFile(db(), 'gemeenten', { csv, geometry, populationYear: 2024 });
    assert.equal(report.boundaries?.imported, 1);
    assert.deepEqual(
      report.boundaries?.rejected.map((r) => r.location),
      [`${geometry}#features[1]`],
    );
    const stored = (await listBoundaries(db(), 'gemeente')).filter((b) => b.code.startsWith('GM99'));
    assert.deepEqual(
      stored.map((b) => [b.code, b.name, b.geometry]),
      [['GM9901', 'Testdorp', { type: 'Polygon', coordinates: square }]],
    );
  });
});

describeOnEngines('CBS and PDOK loader', (db) => {
  let fake: FakeOpenData;
  before(async () => {
    fake = await startFakeOpenData({ pageSize: 4 });
  });
  after(() => fake.close());

  test('loads inhabitants and boundaries of one year next to what the files gave', async () => {
    await importReferenceFile(db(), 'gemeenten', { csv: GEMEENTEN });
    const report = await loadCbs(db(), 2024, { cbsUrl: fake.cbsUrl, pdokUrl: fake.pdokUrl, timeoutMs: 5000 });
    assert.equal(report.population.read, 7);
    assert.equal(report.population.imported, 6);
    assert.equal(report.boundaries?.imported, 6);
    assert.equal(report.gemeenten, 6);
    const list = new Map((await listReferenceOrganisations(db(), 'gemeente')).map((o) => [o.code, o]));
    assert.equal(list.size, 342);
    const groningen = list.get('GM0014');
    assert.deepEqual(groningen?.inhabitants, { 2022: 234950, 2024: 240000 });
    assert.equal(groningen?.province_code, 'PV20'); // kept from the file
    assert.equal(groningen?.has_boundary, true);
    // Aa en Hunze: 50,000 on 1 January 2024 counts as middelgroot (METRICS.md: 50,000–100,000).
    assert.equal(list.get('GM1680')?.class, 'middelgroot');
    assert.equal(list.get('GM0344')?.name, 'Utrecht');
    const [source] = await db().query<{ source: string }>(
      `SELECT source FROM organisation_inhabitants WHERE year = 2024 LIMIT 1`,
    );
    assert.equal(source?.source, 'CBS StatLine 03759ned BevolkingOp1Januari_1 2024JJ00');
    const boundaries = await listBoundaries(db(), 'gemeente');
    assert.deepEqual(
      boundaries.map((b) => [b.code, b.validYear]),
      [
        ['GM0014', 2024],
        ['GM0034', 2024],
        ['GM0037', 2024],
        ['GM0344', 2024],
        ['GM0363', 2024],
        ['GM1680', 2024],
      ],
    );
    // Loading the same year again changes nothing.
    const before = await snapshot(db());
    await loadCbs(db(), 2024, { cbsUrl: fake.cbsUrl, pdokUrl: fake.pdokUrl, timeoutMs: 5000 });
    assert.deepEqual(await snapshot(db()), before);
  });

  test('a failing source or a year without figures writes nothing', async () => {
    const before = await snapshot(db());
    const failing = await startFakeOpenData({ fail: { match: /cursor=4/, status: 500, body: 'boom' } });
    try {
      await assert.rejects(
        loadCbs(db(), 2024, { cbsUrl: failing.cbsUrl, pdokUrl: failing.pdokUrl, timeoutMs: 5000 }),
        /cursor=4: HTTP 500 Internal Server Error: boom/,
      );
    } finally {
      await failing.close();
    }
    await assert.rejects(
      loadCbs(db(), 2031, { cbsUrl: fake.cbsUrl, pdokUrl: fake.pdokUrl, timeoutMs: 5000 }),
      /CBS has no gemeente figures for 1 January 2031/,
    );
    assert.deepEqual(await snapshot(db()), before);
  });
});
