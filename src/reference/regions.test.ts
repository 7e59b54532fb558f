import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sharedFile } from './fixtures/sharedData.ts';
import { parseProvinciesCsv, parseVeiligheidsregiosCsv, parseWaterschappenCsv } from './regions.ts';

const options = (file: string) => ({ file, populationYear: 2022, source: file });

test('the shared provincies.csv gives the 12 provincies PV20…PV31 with their inhabitants', () => {
  const parsed = parseProvinciesCsv(readFileSync(sharedFile('provincies.csv')), options('provincies.csv'));
  assert.deepEqual(parsed.rejected, []);
  assert.deepEqual(
    parsed.organisations.map((o) => o.code),
    Array.from({ length: 12 }, (_, i) => `PV${20 + i}`),
  );
  assert.deepEqual(
    parsed.organisations.find((o) => o.code === 'PV27'),
    {
      code: 'PV27',
      name: 'Noord-Holland',
      displayName: null,
      kind: 'provincie',
      provinceCode: null,
      safetyRegionCode: null,
      inhabitants: [{ year: 2022, count: 2909827, source: 'provincies.csv' }],
    },
  );
});

test("the shared veiligheidsregios.csv gives the 25 veiligheidsregio's with their province", () => {
  const parsed = parseVeiligheidsregiosCsv(
    readFileSync(sharedFile('veiligheidsregios.csv')),
    options('veiligheidsregios.csv'),
  );
  assert.deepEqual(parsed.rejected, []);
  assert.equal(parsed.organisations.length, 25);
  const vr13 = parsed.organisations.find((o) => o.code === 'VR13');
  assert.equal(vr13?.name, 'Amsterdam-Amstelland');
  assert.equal(vr13?.provinceCode, 'PV27');
  assert.equal(vr13?.kind, 'veiligheidsregio');
});

test('the shared waterschappen.csv gives 21 waterschappen without inhabitants, quoted names intact', () => {
  const parsed = parseWaterschappenCsv(
    readFileSync(sharedFile('waterschappen.csv')),
    options('waterschappen.csv'),
  );
  assert.deepEqual(parsed.rejected, []);
  assert.equal(parsed.organisations.length, 21);
  const agv = parsed.organisations.find((o) => o.code === 'W0155');
  assert.equal(agv?.name, 'Amstel, Gooi en Vecht');
  assert.deepEqual(agv?.inhabitants, []);
});

test('codes of another kind or shape are rejected with file:line', () => {
  const p = parseProvinciesCsv(
    'province_code,name,population\nPV20,Groningen,1\nGM0014,Groningen,2\nPV2,X,3\n',
    options('p.csv'),
  );
  assert.deepEqual(
    p.rejected.map((r) => r.location),
    ['p.csv:3', 'p.csv:4'],
  );
  const w = parseWaterschappenCsv('ws_code,name\nW155,Amstel\nW0155,\nW0372,Delfland\n', options('w.csv'));
  assert.deepEqual(
    w.rejected.map((r) => `${r.location}: ${r.reason}`),
    [
      'w.csv:2: ws_code "W155" is not a waterschap code (W followed by 4 digits, e.g. W0155)',
      'w.csv:3: missing name',
    ],
  );
  assert.deepEqual(
    w.organisations.map((o) => o.code),
    ['W0372'],
  );
  const v = parseVeiligheidsregiosCsv('vr_code,name,province_code\nVR01,Groningen,PV99x\n', options('v.csv'));
  assert.equal(
    v.rejected[0]?.reason,
    'province_code "PV99x" is not a provincie code (PV followed by 2 digits, e.g. PV27)',
  );
});
