import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseBoundaryFile } from './boundaryFile.ts';
import { PDOK_FEATURES, pdokPage } from './fixtures/openDataSamples.ts';
import { sharedFile } from './fixtures/sharedData.ts';
import { UnusableFileError } from './report.ts';

const GEOJSON = readFileSync(sharedFile('gemeenten_2023.geojson'));
const TOPOJSON = readFileSync(sharedFile('nl-vr-gm_2023.topo.json'));

test('the shared GeoJSON gives 342 gemeente boundaries with names', () => {
  const parsed = parseBoundaryFile(GEOJSON, {
    file: 'g.geojson',
    source: 's',
    kind: 'gemeente',
    validYear: 2023,
  });
  assert.equal(parsed.object, null);
  assert.equal(parsed.read, 342);
  assert.equal(parsed.boundaries.length, 342);
  assert.deepEqual(parsed.rejected, []);
  const groningen = parsed.boundaries.find((b) => b.code === 'GM0014');
  assert.equal(groningen?.name, 'Groningen');
  assert.equal(groningen?.validYear, 2023);
  assert.equal(groningen?.kind, 'gemeente');
  assert.equal(new Set(parsed.boundaries.map((b) => b.geometry.type)).size, 2);
});

test('the shared TopoJSON: the object is chosen by the codes it holds, names come from the CSV', () => {
  const names = new Map([['GM0014', 'Groningen']]);
  const gm = parseBoundaryFile(TOPOJSON, { file: 't.json', source: 's', kind: 'gemeente', names });
  assert.equal(gm.object, 'gm_features');
  assert.equal(gm.boundaries.length, 342);
  assert.deepEqual(gm.rejected, []);
  assert.equal(gm.boundaries.find((b) => b.code === 'GM0014')?.name, 'Groningen');
  assert.equal(gm.boundaries.find((b) => b.code === 'GM0034')?.name, null);
  assert.equal(gm.boundaries[0]?.validYear, null);
  const vr = parseBoundaryFile(TOPOJSON, { file: 't.json', source: 's', kind: 'veiligheidsregio' });
  assert.equal(vr.object, 'vr_features');
  assert.equal(vr.boundaries.length, 25);
});

test('the TopoJSON decodes to the same shapes as the GeoJSON derived from it (to its 6 decimals)', () => {
  const topo = parseBoundaryFile(TOPOJSON, { file: 't', source: 's', kind: 'gemeente' }).boundaries;
  const geo = new Map(
    parseBoundaryFile(GEOJSON, { file: 'g', source: 's' }).boundaries.map((b) => [b.code, b]),
  );
  for (const b of topo) {
    const other = geo.get(b.code);
    assert.ok(other, b.code);
    const a = b.geometry.coordinates.flat(3) as number[];
    const c = other.geometry.coordinates.flat(3) as number[];
    assert.equal(a.length, c.length, b.code);
    assert.ok(
      a.every((x, i) => Math.abs(x - (c[i] as number)) < 1e-6),
      `${b.code} differs`,
    );
  }
});

test('--object picks a TopoJSON object; an unknown or unsuitable object is a file error', () => {
  const parsed = parseBoundaryFile(TOPOJSON, { file: 't.json', source: 's', object: 'vr_features' });
  assert.equal(parsed.boundaries.length, 25);
  assert.throws(
    () => parseBoundaryFile(TOPOJSON, { file: 't.json', source: 's', object: 'provincies' }),
    /t\.json: has no TopoJSON object "provincies" \(objects: vr_features, nl_features, gm_features\)/,
  );
  // Reading the VR object for a gemeente import rejects every feature, with the reason.
  const wrong = parseBoundaryFile(TOPOJSON, {
    file: 't.json',
    source: 's',
    object: 'vr_features',
    kind: 'gemeente',
  });
  assert.equal(wrong.boundaries.length, 0);
  assert.deepEqual(wrong.rejected[0], {
    location: 't.json#vr_features[0]',
    code: 'invalid_field',
    reason: 'code VR01 is a veiligheidsregio, not a gemeente',
  });
  assert.throws(
    () => parseBoundaryFile(TOPOJSON, { file: 't.json', source: 's', kind: 'provincie' }),
    /has no TopoJSON object holding provincie codes .*choose one with --object/,
  );
});

test('a file that is not JSON, or neither TopoJSON nor GeoJSON, is unusable', () => {
  const opts = { file: 'x.json', source: 's' };
  assert.throws(
    () => parseBoundaryFile('{"type":', opts),
    (e: Error) => e instanceof UnusableFileError && /x\.json: is not valid JSON/.test(e.message),
  );
  assert.throws(
    () => parseBoundaryFile('{"type":"Feature"}', opts),
    /neither a TopoJSON Topology nor a GeoJSON FeatureCollection/,
  );
  assert.throws(() => parseBoundaryFile('[]', opts), /neither/);
});

test('bad features are rejected with file#features[i] and the good ones kept', () => {
  const square = [
    [
      [5, 52],
      [5.1, 52],
      [5.1, 52.1],
      [5, 52.1],
      [5, 52],
    ],
  ];
  const polygon = { type: 'Polygon', coordinates: square };
  const features = [
    { type: 'Feature', properties: { code: 'GM0001', name: 'Goed' }, geometry: polygon },
    { type: 'Feature', properties: { name: 'Geen code' }, geometry: polygon },
    { type: 'Feature', properties: { code: 'GM1' }, geometry: polygon },
    { type: 'Feature', properties: { code: 'VR01' }, geometry: polygon },
    { type: 'Feature', properties: { code: 'GM0002' }, geometry: { type: 'Point', coordinates: [5, 52] } },
    {
      type: 'Feature',
      properties: { code: 'GM0003' },
      geometry: { type: 'Polygon', coordinates: [square[0]?.map(([x, y]) => [y, x])] },
    },
    { type: 'Feature', properties: { code: 'GM0001' }, geometry: polygon },
    { type: 'Feature', properties: { code: 'GM0004' }, geometry: null },
    { type: 'Nope' },
    { type: 'Feature', id: 'GM0005', properties: { statnaam: 'Via id' }, geometry: polygon },
  ];
  const parsed = parseBoundaryFile(JSON.stringify({ type: 'FeatureCollection', features }), {
    file: 'b.geojson',
    source: 's',
    kind: 'gemeente',
  });
  assert.equal(parsed.read, 10);
  assert.deepEqual(
    parsed.boundaries.map((b) => [b.code, b.name]),
    [
      ['GM0001', 'Goed'],
      ['GM0005', 'Via id'],
    ],
  );
  assert.deepEqual(
    parsed.rejected.map((r) => `${r.location} ${r.code}: ${r.reason}`),
    [
      'b.geojson#features[1] missing_field: feature has no code (properties.code, properties.statcode or id)',
      'b.geojson#features[2] invalid_field: code "GM1" is not a gemeente (GM0000), provincie (PV00), veiligheidsregio (VR00) or waterschap (W0000) code',
      'b.geojson#features[3] invalid_field: code VR01 is a veiligheidsregio, not a gemeente',
      'b.geojson#features[4] invalid_field: GM0002: geometry type "Point" is not Polygon or MultiPolygon',
      'b.geojson#features[5] invalid_field: GM0003: polygon ring 0 position 0 [52, 5] looks like [lat, lon]; GeoJSON wants [lon, lat]',
      'b.geojson#features[6] conflict: GM0001 appears again (first at b.geojson#features[0])',
      'b.geojson#features[7] invalid_field: GM0004: feature has no geometry',
      'b.geojson#features[8] malformed: not a GeoJSON Feature',
    ],
  );
});

test('PDOK features: statcode and statnaam, the year from jrstatcode, a numeric id is no code', () => {
  const page = pdokPage(PDOK_FEATURES, 'http://x/items?f=json');
  const parsed = parseBoundaryFile(JSON.stringify(page), { file: 'p.json', source: 'pdok' });
  assert.deepEqual(parsed.rejected, []);
  assert.deepEqual(
    parsed.boundaries.map((b) => [b.code, b.name, b.validYear, b.geometry.type]),
    [
      ['GM0014', 'Groningen', 2024, 'Polygon'],
      ['GM0034', 'Almere', 2024, 'Polygon'],
      ['GM0037', 'Stadskanaal', 2024, 'MultiPolygon'],
      ['GM0344', 'Utrecht', 2024, 'Polygon'],
      ['GM0363', 'Amsterdam', 2024, 'Polygon'],
      ['GM1680', 'Aa en Hunze', 2024, 'Polygon'],
    ],
  );
  const noCode = { ...PDOK_FEATURES[0], properties: { statnaam: 'X' } };
  const rejected = parseBoundaryFile(JSON.stringify(pdokPage([noCode], 'http://x')), {
    file: 'p.json',
    source: 'pdok',
  });
  assert.equal(rejected.rejected[0]?.code, 'missing_field');
  const otherYear = parseBoundaryFile(JSON.stringify(page), {
    file: 'p.json',
    source: 'pdok',
    requireYear: 2025,
  });
  assert.equal(otherYear.boundaries.length, 0);
  assert.equal(otherYear.rejected[0]?.reason, 'feature GM0014 is for 2024, not 2025');
});

test('a TopoJSON geometry that cannot be decoded is rejected, not fatal', () => {
  const topology = {
    type: 'Topology',
    arcs: [
      [
        [5, 52],
        [5.1, 52],
        [5.1, 52.1],
        [5, 52.1],
        [5, 52],
      ],
    ],
    objects: {
      gm: {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Polygon', arcs: [[0]], properties: { code: 'GM0001' } },
          { type: 'Polygon', arcs: [[7]], properties: { code: 'GM0002' } },
        ],
      },
    },
  };
  const parsed = parseBoundaryFile(JSON.stringify(topology), {
    file: 't.json',
    source: 's',
    kind: 'gemeente',
  });
  assert.equal(parsed.object, 'gm');
  assert.deepEqual(
    parsed.boundaries.map((b) => b.code),
    ['GM0001'],
  );
  assert.equal(parsed.rejected.length, 1);
  assert.equal(parsed.rejected[0]?.location, 't.json#gm[1]');
});
