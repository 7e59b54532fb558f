import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparisonClass, inhabitantsInYear } from './organisation.ts';

test('gemeenten are classed by inhabitants, with 50,000 and 100,000 as METRICS.md puts them', () => {
  assert.equal(comparisonClass('gemeente', 49_999), 'klein');
  assert.equal(comparisonClass('gemeente', 50_000), 'middelgroot');
  assert.equal(comparisonClass('gemeente', 100_000), 'middelgroot');
  assert.equal(comparisonClass('gemeente', 100_001), 'groot');
  assert.equal(comparisonClass('gemeente', null), null);
});

test('other kinds are their own class, whatever their size', () => {
  assert.equal(comparisonClass('provincie', 1_000_000), 'provincie');
  assert.equal(comparisonClass('waterschap', null), 'waterschap');
  assert.equal(comparisonClass('veiligheidsregio', 10), 'veiligheidsregio');
  assert.equal(comparisonClass('overig', null), 'overig');
});

test("a year's inhabitants: that year, else the latest earlier year, else the earliest later one", () => {
  const figures = new Map([
    [2022, 49_800],
    [2024, 50_100],
  ]);
  assert.equal(inhabitantsInYear(figures, 2024), 50_100);
  assert.equal(inhabitantsInYear(figures, 2023), 49_800);
  assert.equal(inhabitantsInYear(figures, 2026), 50_100);
  assert.equal(inhabitantsInYear(figures, 2020), 49_800);
  assert.equal(inhabitantsInYear(new Map(), 2024), null);
});
