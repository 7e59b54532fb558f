import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { figuresWith as figures } from '../../test/support/figures.ts';
import { BUCKET_COLUMNS, yardstickCsv } from './csv.ts';
import type { Yardstick } from './figures.ts';

const yardstick: Yardstick = {
  period: { from: '2025-01-01T00:00:00.000Z', to: null },
  accounts: [
    {
      platform: 'x',
      handle: '=HYPERLINK("http://evil")',
      organisation: { code: 'GM0001', name: '@Gemeente, "Test"', kind: 'gemeente', class: 'klein' },
      ...figures({ sent: 3, reply: 1, reply_pct: 100 / 3, buckets: [100, 0, 0, 0, 0, 0, 0, 0], answered: 1 }),
    },
  ],
  organisations: [],
  classes: [{ class: 'klein', organisations: 1, accounts: 1, ...figures({ sent: 3 }) }],
  totals: { organisations: 1, accounts: 1, ...figures({ sent: 3 }) },
};

test('the CSV has a row per account, organisation, class and the nation, at full precision', () => {
  const rows = parse(yardstickCsv(yardstick), { columns: true }) as Record<string, string>[];
  assert.deepEqual(
    rows.map((r) => r.level),
    ['account', 'class', 'national'],
  );
  const [account] = rows;
  assert.equal(account?.reply_pct, String(100 / 3));
  assert.equal(account?.period_from, '2025-01-01T00:00:00.000Z');
  assert.equal(account?.period_to, '', 'an open end is empty');
  assert.equal(account?.mean_first_response_s, '', 'unknown is empty, never 0');
  assert.equal(account?.sent, '3');
  assert.equal(account?.[BUCKET_COLUMNS[0]], '100');
  assert.equal(rows[1]?.[BUCKET_COLUMNS[7]], '');
});

test('text a spreadsheet would take for a formula is defused; quotes and commas survive', () => {
  const [account] = parse(yardstickCsv(yardstick), { columns: true }) as Record<string, string>[];
  assert.equal(account?.handle, `'=HYPERLINK("http://evil")`);
  assert.equal(account?.organisation_name, `'@Gemeente, "Test"`);
});
