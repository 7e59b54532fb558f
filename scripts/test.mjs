#!/usr/bin/env node
// `npm test`: lint and format check (Biome), type check (tsc), then every test file with node's
// test runner. `--only unit` runs the tests beside the code in src/ only.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const filters = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--only');

function run(label, command, commandArgs) {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stdout.write(`\n${label} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

function testFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...testFiles(path));
    else if (entry.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

if (filters.length === 0 && !only) {
  run('lint and format (biome)', 'npx', ['biome', 'check', '--error-on-warnings', '.']);
  run('type check (tsc)', 'npx', ['tsc', '--noEmit']);
}
const roots = only === 'unit' ? ['src'] : ['src', 'test'];
let files = roots.flatMap(testFiles).sort();
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  process.stdout.write('no test files matched\n');
  process.exit(1);
}
run(`tests (${files.length} files)`, process.execPath, [
  '--import',
  'tsx',
  '--test',
  '--test-concurrency=2',
  '--test-reporter=spec',
  ...files,
]);
