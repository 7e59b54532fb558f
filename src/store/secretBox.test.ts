import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadSecretBox, SecretBox, SecretKeyError, secretKeyFile } from './secretBox.ts';

describe('sealed secrets', () => {
  test('seal and open, bound to the account', () => {
    const box = SecretBox.fromKey(randomBytes(32));
    const sealed = box.seal({ accessToken: 'geheim-token' }, 7);
    assert.ok(!sealed.toString('latin1').includes('geheim-token'), 'the token is not stored in the clear');
    assert.deepEqual(box.open(sealed, box.keyId, 7), { accessToken: 'geheim-token' });
    assert.throws(() => box.open(sealed, box.keyId, 8), SecretKeyError, 'cannot be moved to another account');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 1;
    assert.throws(() => box.open(tampered, box.keyId, 7), SecretKeyError);
  });

  test('another key is named, not silently wrong', () => {
    const a = SecretBox.fromKey(randomBytes(32));
    const b = SecretBox.fromKey(randomBytes(32));
    assert.throws(() => b.open(a.seal({ x: 'y' }, 1), a.keyId, 1), /sealed with key .* but the key now set/);
  });

  test('a key file is made on first use, private, and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meetlat-key-'));
    const db = join(dir, 'db');
    const saved = process.env.MEETLAT_SECRET_KEY;
    delete process.env.MEETLAT_SECRET_KEY;
    try {
      const first = loadSecretBox(db);
      const file = secretKeyFile(db);
      assert.equal(file, join(dir, 'secret.key'));
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.match(readFileSync(file, 'utf8'), /^[0-9a-f]{64}\n$/);
      assert.equal(loadSecretBox(db).keyId, first.keyId);
      process.env.MEETLAT_SECRET_KEY = randomBytes(32).toString('base64');
      assert.notEqual(loadSecretBox(db).keyId, first.keyId, 'the environment wins');
      process.env.MEETLAT_SECRET_KEY = 'te kort';
      assert.throws(() => loadSecretBox(db), /MEETLAT_SECRET_KEY must hold 32 bytes/);
    } finally {
      if (saved === undefined) delete process.env.MEETLAT_SECRET_KEY;
      else process.env.MEETLAT_SECRET_KEY = saved;
    }
  });
});
