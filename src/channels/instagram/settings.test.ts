import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SettingsError } from '../channel.ts';
import { instagramAdapter } from './index.ts';

describe('Instagram settings', () => {
  it('fills in the defaults', () => {
    assert.deepEqual(instagramAdapter.parseSettings({}), {
      graphBaseUrl: 'https://graph.instagram.com',
      apiVersion: 'v26.0',
      commentWindowDays: 14,
      historyDays: 30,
      timeoutMs: 30_000,
    });
    assert.equal(instagramAdapter.parseSettings(undefined).commentWindowDays, 14);
  });

  it('names the field that is wrong', () => {
    const cases: [unknown, RegExp][] = [
      [{ apiVersion: 'latest' }, /^apiVersion must match pattern/],
      [{ graphBaseUrl: 'ftp://graph.instagram.com' }, /^graphBaseUrl must match/],
      [{ commentWindowDays: 400 }, /^commentWindowDays must be <= 365$/],
      [{ timeoutMs: 10 }, /^timeoutMs must be >= 100$/],
      [{ pageId: '1' }, /^pageId is not a setting of this platform$/],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => instagramAdapter.parseSettings(input),
        (e: unknown) => {
          assert.ok(e instanceof SettingsError);
          assert.match(e.message, message);
          return true;
        },
      );
    }
  });

  it('describes its secret in Dutch and needs media to publish', () => {
    assert.equal(instagramAdapter.platform, 'instagram');
    assert.match(instagramAdapter.secrets.accessToken ?? '', /^Langlopend Instagram-toegangstoken/);
  });
});
