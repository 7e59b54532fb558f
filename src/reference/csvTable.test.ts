import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCsvTable } from './csvTable.ts';
import { UnusableFileError } from './report.ts';

const values = (t: ReturnType<typeof readCsvTable>) =>
  t.rows.map((r) => [r.line, Object.fromEntries(r.values)]);

test('rows carry the line they start on, with CRLF, blank lines and quoted line breaks', () => {
  const t = readCsvTable('Code,Name\r\nA, x \r\n\r\n"B","two\r\nlines"\r\nC,z', 'f.csv', {
    required: ['code'],
  });
  assert.deepEqual(t.columns, ['code', 'name']);
  assert.deepEqual(values(t), [
    [2, { code: 'A', name: 'x' }],
    [4, { code: 'B', name: 'two\r\nlines' }],
    [6, { code: 'C', name: 'z' }],
  ]);
  assert.deepEqual(t.rejected, []);
});

test('a BOM is ignored and multi-byte text keeps the line count right', () => {
  const t = readCsvTable('\ufeffcode,name\nGM0001,Súdwest-Fryslân\nGM0002,ĳssel\n', 'f.csv', {
    required: ['code'],
  });
  assert.deepEqual(values(t), [
    [2, { code: 'GM0001', name: 'Súdwest-Fryslân' }],
    [3, { code: 'GM0002', name: 'ĳssel' }],
  ]);
});

test('a row with the wrong number of fields is rejected with file:line, the others are kept', () => {
  const t = readCsvTable('a,b\n1,2\n3\n4,5,6\n7,8\n', 'dir/f.csv', { required: ['a', 'b'] });
  assert.deepEqual(
    t.rows.map((r) => r.line),
    [2, 5],
  );
  assert.deepEqual(t.rejected, [
    { location: 'dir/f.csv:3', code: 'malformed', reason: 'row has 1 field(s), the header has 2' },
    { location: 'dir/f.csv:4', code: 'malformed', reason: 'row has 3 field(s), the header has 2' },
  ]);
});

test('broken quoting is rejected, not thrown', () => {
  const t = readCsvTable('a,b\n1,2\n3,"x"y\n', 'f.csv', { required: ['a'] });
  assert.deepEqual(
    t.rows.map((r) => r.line),
    [2],
  );
  assert.equal(t.rejected[0]?.location, 'f.csv:3');
  assert.equal(t.rejected[0]?.code, 'malformed');
});

test('a file without the required columns is unusable, and the error names them', () => {
  assert.throws(
    () =>
      readCsvTable('code,naam,inwoners\nGM0001,X,1\n', 'g.csv', {
        required: ['gm_code', 'name', 'population'],
      }),
    (error: Error) =>
      error instanceof UnusableFileError &&
      /^g\.csv: is missing the column\(s\) gm_code, name, population \(header: code,naam,inwoners/.test(
        error.message,
      ),
  );
});

test('an empty file, a duplicate column and bytes that are not UTF-8 are unusable', () => {
  assert.throws(() => readCsvTable('', 'f.csv', { required: [] }), /f\.csv: is empty/);
  assert.throws(() => readCsvTable('\n\n', 'f.csv', { required: [] }), /f\.csv: is empty/);
  assert.throws(
    () => readCsvTable('a,b,A\n1,2,3\n', 'f.csv', { required: [] }),
    /duplicate column\(s\) in its header: a/,
  );
  assert.throws(
    () => readCsvTable(Uint8Array.from([0x61, 0x0a, 0xc3, 0x28, 0x0a]), 'f.csv', { required: [] }),
    /f\.csv: is not valid UTF-8/,
  );
});
