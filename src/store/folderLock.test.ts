import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { lockFolder } from './folderLock.ts';

test('a folder can be locked once; a second lock names the holder; release frees it', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'meetlat-lock-')), 'db');
  const release = lockFolder(dir);
  assert.throws(() => lockFolder(dir), /in use by another Meetlat process \(pid \d+/);
  release();
  assert.equal(existsSync(`${dir}.lock`), false);
  lockFolder(dir)();
});

test('a lock left by a process that is gone is taken over', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'meetlat-lock-')), 'db');
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  writeFileSync(
    `${dir}.lock`,
    JSON.stringify({ pid: Number(gone.stdout), host: hostname(), since: 'earlier' }),
  );
  const release = lockFolder(dir);
  release();
});
