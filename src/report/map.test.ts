import assert from 'node:assert/strict';
import { test } from 'node:test';
import { geoArea } from 'd3-geo';
import type { AreaGeometry } from '../reference/geometry.ts';
import { classOf, forD3, mapData, quantileThresholds } from './map.ts';

test('quantile classes: at most five, fewer for fewer distinct values, none empty', () => {
  const values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
  const thresholds = quantileThresholds(values);
  assert.equal(thresholds.length, 4);
  const counts = [0, 0, 0, 0, 0];
  for (const v of values) counts[classOf(v, thresholds)] = (counts[classOf(v, thresholds)] ?? 0) + 1;
  assert.deepEqual(counts, [2, 2, 2, 2, 2]);
  const three = quantileThresholds([1, 2, 3]);
  assert.deepEqual(
    [1, 2, 3].map((v) => classOf(v, three)),
    [0, 1, 2],
  );
  assert.deepEqual(quantileThresholds([5, 5, 5]), []);
  assert.deepEqual(quantileThresholds([]), []);
  const two = quantileThresholds([1, 1, 1, 9]);
  assert.equal(two.length, 1);
  assert.equal(classOf(1, two), 0);
  assert.equal(classOf(9, two), 1);
});

test('rings are put the way d3-geo reads them, so an RFC 7946 polygon is not the whole world', () => {
  const ccw = [
    [4, 52],
    [4.1, 52],
    [4.1, 52.1],
    [4, 52.1],
    [4, 52],
  ];
  const polygon: AreaGeometry = { type: 'Polygon', coordinates: [ccw] };
  assert.ok(geoArea(polygon) > 2 * Math.PI, 'as given, d3 reads the outside');
  assert.ok(geoArea(forD3(polygon)) < 1e-5);
  const hole = [
    [4.02, 52.02],
    [4.02, 52.08],
    [4.08, 52.08],
    [4.08, 52.02],
    [4.02, 52.02],
  ];
  const multi: AreaGeometry = { type: 'MultiPolygon', coordinates: [[ccw, [...hole].reverse()]] };
  const fixed = forD3(multi);
  const withHole = geoArea(fixed);
  const without = geoArea(forD3({ type: 'Polygon', coordinates: [ccw] }));
  assert.ok(withHole > 0 && withHole < without, 'the hole is cut out');
  // Already right: unchanged.
  assert.deepEqual(forD3(fixed), fixed);
});

test('map data: values classed as shown, a reason for each municipality without a figure', () => {
  const areas = ['A', 'B', 'C', 'D'].map((code) => ({
    code,
    name: code,
    geometry: { type: 'Polygon', coordinates: [] } as AreaGeometry,
  }));
  const figures: Record<string, { value: number } | { missing: string } | null> = {
    A: { value: 87.6 },
    B: { value: 88.4 },
    C: { missing: 'geen inkomende berichten in deze periode' },
    D: null,
  };
  const data = mapData('response_rate', areas, (code) => figures[code] ?? null);
  // 87.6% and 88.4% both read 88%: one class, not two.
  assert.deepEqual(data.legend, [{ label: '88%', count: 2 }]);
  assert.equal(data.noData, 2);
  assert.deepEqual(data.values, {
    A: [0, '88%'],
    B: [0, '88%'],
    C: [-1, 'geen gegevens: geen inkomende berichten in deze periode'],
  });
});
