/**
 * `meetlat sentiment` from outside, exactly as the acceptance check calls it:
 * `npm run -s meetlat -- sentiment --format json` with NDJSON on stdin.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sentiment(input: string | Buffer, args: string[] = ['--format', 'json']) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'meetlat.js'), 'sentiment', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, MEETLAT_DB: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const line = (text: string) => `${JSON.stringify({ text })}\n`;

test('npm run -s meetlat -- sentiment --format json: one result per line, in order, and only JSON on stdout', () => {
  const input = [
    line('Super bedankt voor de snelle hulp! 😊'),
    line('Wanneer wordt het grofvuil opgehaald?'),
    line('Al drie weken staat de container vol.\nHet stinkt hier verschrikkelijk.'),
    line('niet goed'),
    line('geen probleem'),
  ].join('');
  const run = spawnSync('npm', ['run', '-s', 'meetlat', '--', 'sentiment', '--format', 'json'], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, MEETLAT_DB: '' },
  });
  assert.equal(run.status, 0, run.stderr);
  const output = JSON.parse(run.stdout) as { results: { label: string; score: number }[] };
  assert.deepEqual(Object.keys(output), ['results']);
  assert.deepEqual(
    output.results.map((r) => r.label),
    ['positive', 'neutral', 'negative', 'negative', 'positive'],
  );
  for (const r of output.results) {
    assert.deepEqual(Object.keys(r), ['label', 'score']);
    assert.equal(typeof r.score, 'number');
    assert.ok(r.score >= -1 && r.score <= 1);
  }
  // (npm itself may warn on stderr about its own configuration; the command adds nothing there.)
  assert.doesNotMatch(run.stderr, /meetlat:/);
});

test('bad lines: an error in their place naming the line, on stderr too; the good lines still analysed; exit 1', () => {
  const input = [
    line('Top geregeld!'),
    '{"text": "kapot\n', // not JSON
    '{"body": "geen text"}\n',
    '{"text": 42}\n',
    '["text"]\n',
    line('Nog steeds geen reactie. Belachelijk.'),
  ].join('');
  const run = sentiment(input);
  assert.equal(run.status, 1);
  const { results } = JSON.parse(run.stdout) as {
    results: { label: string | null; score: number | null; error?: string }[];
  };
  assert.equal(results.length, 6);
  assert.equal(results[0]?.label, 'positive');
  assert.deepEqual(
    results.slice(1, 5).map((r) => [r.label, r.score]),
    [
      [null, null],
      [null, null],
      [null, null],
      [null, null],
    ],
  );
  assert.match(results[1]?.error ?? '', /^line 2: not valid JSON/);
  assert.match(results[2]?.error ?? '', /^line 3: "text" is missing/);
  assert.match(results[3]?.error ?? '', /^line 4: /);
  assert.match(results[4]?.error ?? '', /^line 5: expected an object/);
  assert.equal(results[5]?.label, 'negative');
  for (const n of [2, 3, 4, 5]) assert.match(run.stderr, new RegExp(`line ${n}: `));
});

test('empty lines are skipped; CRLF, a byte-order mark, no final newline and other fields are fine', () => {
  const input = `\uFEFF{"text":"goed","id":7}\r\n\r\n   \n{"text":"slecht"}\n\n{"text":""}`;
  const run = sentiment(input);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(
    (JSON.parse(run.stdout) as { results: { label: string }[] }).results.map((r) => r.label),
    ['positive', 'negative', 'neutral'],
  );
});

test('no input: an empty result list', () => {
  const run = sentiment('');
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { results: [] });
});

test('a line that is not UTF-8 is an error for that line only', () => {
  const input = Buffer.concat([
    Buffer.from(line('goed')),
    Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]),
    Buffer.from(line('slecht')),
  ]);
  const run = sentiment(input);
  assert.equal(run.status, 1);
  const { results } = JSON.parse(run.stdout) as { results: { label: string | null; error?: string }[] };
  assert.deepEqual(
    results.map((r) => r.label),
    ['positive', null, 'negative'],
  );
  assert.match(results[1]?.error ?? '', /line 2: not valid UTF-8/);
});

test('hostile texts (HTML, SQL, control characters, very long) all get a label', () => {
  const texts = [
    '<script>alert(1)</script>',
    "'; DROP TABLE messages; --",
    '\u0000\u0007\u001b[2J',
    'goed '.repeat(40_000),
  ];
  const run = sentiment(texts.map(line).join(''));
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  const { results } = JSON.parse(run.stdout) as { results: { label: string }[] };
  assert.equal(results.length, texts.length);
  for (const r of results) assert.ok(['positive', 'neutral', 'negative'].includes(r.label));
});

test('--format ndjson writes each result as its line is read; --format text one line each', async () => {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'meetlat.js'), 'sentiment', '--format', 'ndjson'],
    {
      cwd: ROOT,
      env: { ...process.env, MEETLAT_DB: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  child.stdout.setEncoding('utf8');
  const firstResult = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve();
    });
  });
  child.stdin.write(line('Heel fijn, dank je wel!'));
  // The first result arrives while stdin is still open: the input is streamed.
  await firstResult;
  child.stdin.end(line('Waardeloos.'));
  const [code] = await once(child, 'close');
  assert.equal(code, 0);
  assert.deepEqual(
    stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { label: string }).label),
    ['positive', 'negative'],
  );

  const text = sentiment(line('goed') + line('slecht'), ['--format', 'text']);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /^positive\t0\.\d+\nnegative\t-0\.\d+\n$/);
});

test('an unknown --format is bad usage: exit 2', () => {
  const run = sentiment(line('goed'), ['--format', 'xml']);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--format must be one of json, ndjson, text/);
  assert.equal(run.stdout, '');
});
