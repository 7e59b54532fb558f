import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sharedFile } from './fixtures/sharedData.ts';
import { parseGemeentenCsv } from './gemeenten.ts';
import { UnusableFileError } from './report.ts';

const HEADER =
  'gm_code,cbs_code,name,display_name,province_code,province_name,vr_code,vr_name,population,search_terms';
const options = { file: 'g.csv', populationYear: 2022, source: 'test' };

test('the shared gemeenten.csv gives 342 gemeenten and rejects nothing', () => {
  const parsed = parseGemeentenCsv(readFileSync(sharedFile('gemeenten.csv')), {
    ...options,
    file: 'gemeenten.csv',
  });
  assert.equal(parsed.read, 342);
  assert.equal(parsed.organisations.length, 342);
  assert.deepEqual(parsed.rejected, []);
  const denHaag = parsed.organisations.find((o) => o.code === 'GM0518');
  assert.deepEqual(denHaag, {
    code: 'GM0518',
    name: "'s-Gravenhage",
    displayName: 'Den Haag',
    kind: 'gemeente',
    provinceCode: 'PV28',
    safetyRegionCode: 'VR15',
    inhabitants: [{ year: 2022, count: 553417, source: 'test' }],
  });
  // SOURCE.md: the figures sum to the CBS population of the Netherlands on 1 January 2022.
  const total = parsed.organisations.reduce((sum, o) => sum + (o.inhabitants[0]?.count ?? 0), 0);
  assert.equal(total, 17_590_672);
});

test('the population year is an option', () => {
  const parsed = parseGemeentenCsv(
    `${HEADER}\nGM0014,0014,Groningen,Groningen,PV20,Groningen,VR01,Groningen,1,\n`,
    {
      ...options,
      populationYear: 2024,
    },
  );
  assert.deepEqual(parsed.organisations[0]?.inhabitants, [{ year: 2024, count: 1, source: 'test' }]);
});

test('each bad row is rejected with file:line and a reason, the good rows are kept', () => {
  const csv = [
    HEADER,
    'GM0014,0014,Groningen,Groningen,PV20,Groningen,VR01,Groningen,234950,', // 2 good
    'GM14,0014,Kort,Kort,PV20,Groningen,VR01,Groningen,1,', // 3 bad code
    'GM0034,0034,Almere,Almere,PV24,Flevoland,VR25,Flevoland,-5,', // 4 negative
    'GM0037,0037,,,PV20,Groningen,VR01,Groningen,31851,', // 5 no name
    'GM0047,0047,Veendam,Veendam,PV20,Groningen,VR01,Groningen,27.466,', // 6 not whole
    'GM0050,0050,Zeewolde,Zeewolde,PV24,Flevoland,VR25,Flevoland,,', // 7 no population
    ',0051,Geen code,,PV24,Flevoland,VR25,Flevoland,10,', // 8 no code
    'GM0014,0014,Groningen,Groningen,PV20,Groningen,VR01,Groningen,1,', // 9 duplicate
    'GM0059,0060,Achtkarspelen,Achtkarspelen,PV21,Fryslân,VR02,Fryslân,27000,', // 10 cbs_code mismatch
    'GM0060,0060,Ameland,Ameland,P21,Fryslân,VR02,Fryslân,3700,', // 11 bad province code
    'GM0072,0072,Harlingen,Harlingen,PV21,Fryslân,VR02,Fryslân,16000', // 12 a field short
    '"GM0074",0074,"Heerenveen, de",,PV21,Fryslân,,,50600,', // 13 good (no display name, no vr)
  ].join('\n');
  const parsed = parseGemeentenCsv(csv, options);
  assert.equal(parsed.read, 12);
  assert.deepEqual(
    parsed.organisations.map((o) => [
      o.code,
      o.name,
      o.displayName,
      o.safetyRegionCode,
      o.inhabitants[0]?.count,
    ]),
    [
      ['GM0014', 'Groningen', 'Groningen', 'VR01', 234950],
      ['GM0074', 'Heerenveen, de', null, null, 50600],
    ],
  );
  assert.deepEqual(
    parsed.rejected.map((r) => `${r.location} ${r.code}: ${r.reason}`),
    [
      'g.csv:3 invalid_field: gm_code "GM14" is not a gemeente code (GM followed by 4 digits, e.g. GM0363)',
      'g.csv:4 invalid_field: population -5 is negative',
      'g.csv:5 missing_field: missing name',
      'g.csv:6 invalid_field: population "27.466" is not a whole number',
      'g.csv:7 missing_field: missing population',
      'g.csv:8 missing_field: missing gm_code',
      'g.csv:9 conflict: gm_code GM0014 appears again (first on line 2)',
      'g.csv:10 invalid_field: cbs_code "0060" does not match gm_code GM0059',
      'g.csv:11 invalid_field: province_code "P21" is not a provincie code (PV followed by 2 digits, e.g. PV27)',
      'g.csv:12 malformed: row has 9 field(s), the header has 10',
    ],
  );
});

test('only gm_code, name and population are required; a wrong header is one error naming the missing columns', () => {
  const minimal = parseGemeentenCsv('GM_CODE,Name,Population\nGM0363,Amsterdam,900000\n', options);
  assert.deepEqual(minimal.organisations[0], {
    code: 'GM0363',
    name: 'Amsterdam',
    displayName: null,
    kind: 'gemeente',
    provinceCode: null,
    safetyRegionCode: null,
    inhabitants: [{ year: 2022, count: 900000, source: 'test' }],
  });
  assert.throws(
    () => parseGemeentenCsv('code,name,inwoners\nGM0363,Amsterdam,900000\n', options),
    (error: Error) =>
      error instanceof UnusableFileError &&
      error.message.startsWith('g.csv: is missing the column(s) gm_code, population'),
  );
});
