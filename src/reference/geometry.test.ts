import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAreaGeometry } from './geometry.ts';

const ring = (lon: number, lat: number, d = 0.1) => [
  [lon, lat],
  [lon + d, lat],
  [lon + d, lat + d],
  [lon, lat + d],
  [lon, lat],
];

const reason = (value: unknown) => {
  const check = checkAreaGeometry(value);
  return check.ok ? 'ok' : check.reason;
};

test('polygons and multipolygons inside the Netherlands pass, without stray members', () => {
  const polygon = {
    type: 'Polygon',
    coordinates: [ring(5, 52), ring(5.02, 52.02, 0.01)],
    bbox: [0, 0, 1, 1],
  };
  assert.deepEqual(checkAreaGeometry(polygon), {
    ok: true,
    geometry: { type: 'Polygon', coordinates: polygon.coordinates },
  });
  assert.equal(reason({ type: 'MultiPolygon', coordinates: [[ring(3.4, 51.3)], [ring(7.1, 53.4)]] }), 'ok');
  assert.equal(reason({ type: 'Polygon', coordinates: [ring(5, 52).map(([x, y]) => [x, y, 0])] }), 'ok');
});

test('other geometry types and broken structures are refused with the reason', () => {
  assert.equal(reason(null), 'feature has no geometry');
  assert.equal(reason('Polygon'), 'geometry is not an object');
  assert.equal(
    reason({ type: 'LineString', coordinates: ring(5, 52) }),
    'geometry type "LineString" is not Polygon or MultiPolygon',
  );
  assert.equal(
    reason({ type: 'GeometryCollection', geometries: [] }),
    'geometry type "GeometryCollection" is not Polygon or MultiPolygon',
  );
  assert.equal(reason({ type: 'Polygon', coordinates: [] }), 'polygon has no rings');
  assert.equal(reason({ type: 'MultiPolygon', coordinates: [] }), 'multipolygon has no polygons');
  assert.equal(
    reason({ type: 'Polygon', coordinates: [ring(5, 52).slice(0, 3)] }),
    'polygon ring 0 has 3 position(s); a linear ring needs at least 4',
  );
  assert.equal(
    reason({ type: 'Polygon', coordinates: [ring(5, 52).slice(0, 4)] }),
    'polygon ring 0 is not closed (first and last positions differ)',
  );
  assert.equal(
    reason({ type: 'Polygon', coordinates: [[[5, 52], [5.1, 52], 'x', [5, 52]]] }),
    'polygon ring 0 position 2 is not a [lon, lat] position',
  );
});

test('coordinates must be finite numbers in the Netherlands, and swapped or projected ones are named as such', () => {
  const withPoint = (p: unknown[]) => ({
    type: 'Polygon',
    coordinates: [[[5, 52], p, [5.1, 52.1], [5, 52]]],
  });
  assert.equal(
    reason(withPoint([5.1, null])),
    'polygon ring 0 position 1 [5.1,null] is not made of finite numbers',
  );
  assert.equal(
    reason(withPoint([5.1, '52'])),
    'polygon ring 0 position 1 [5.1,"52"] is not made of finite numbers',
  );
  assert.equal(
    reason(withPoint([52.1, 5.1])),
    'polygon ring 0 position 1 [52.1, 5.1] looks like [lat, lon]; GeoJSON wants [lon, lat]',
  );
  assert.match(
    reason(withPoint([121000, 487000])),
    /is not WGS84 lon\/lat \(projected coordinates, e\.g\. RD New/,
  );
  assert.match(reason(withPoint([2.35, 48.85])), /\[2\.35, 48\.85\] lies outside the Netherlands/);
  assert.match(
    reason({ type: 'MultiPolygon', coordinates: [[ring(5, 52)], [ring(-68.3, 12.1)]] }),
    /^polygon 1 ring 0 position 0 \[-68\.3, 12\.1\] lies outside the Netherlands/,
  );
});
