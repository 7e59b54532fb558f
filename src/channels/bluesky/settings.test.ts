import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SettingsError } from '../channel.ts';
import { blueskyAdapter } from './index.ts';

describe('Bluesky settings', () => {
  it('fills in the defaults', () => {
    assert.deepEqual(blueskyAdapter.parseSettings({}), {
      serviceUrl: 'https://bsky.social',
      pageSize: 100,
      language: 'nl',
      historyDays: 30,
      timeoutMs: 30_000,
    });
    assert.equal(blueskyAdapter.parseSettings(undefined).serviceUrl, 'https://bsky.social');
  });

  it('keeps good settings', () => {
    const s = blueskyAdapter.parseSettings({
      serviceUrl: 'https://pds.example.nl',
      pageSize: 25,
      language: 'fy',
      historyDays: 90,
    });
    assert.deepEqual(
      [s.serviceUrl, s.pageSize, s.language, s.historyDays],
      ['https://pds.example.nl', 25, 'fy', 90],
    );
  });

  it('names the field of a bad setting', () => {
    const bad: [unknown, RegExp][] = [
      [{ serviceUrl: 'bsky.social' }, /^serviceUrl /],
      [{ serviceUrl: 'ftp://bsky.social' }, /^serviceUrl /],
      [{ pageSize: 500 }, /^pageSize /],
      [{ language: 'Nederlands' }, /^language /],
      [{ timeoutMs: 5 }, /^timeoutMs /],
      [{ handle: 'gemeente.bsky.social' }, /^handle is not a setting/],
    ];
    for (const [input, message] of bad) {
      assert.throws(
        () => blueskyAdapter.parseSettings(input),
        (e: unknown) => e instanceof SettingsError && message.test(e.message),
        JSON.stringify(input),
      );
    }
  });

  it('describes its secrets in Dutch', () => {
    assert.deepEqual(Object.keys(blueskyAdapter.secrets), ['identifier', 'appPassword']);
    assert.match(blueskyAdapter.secrets.appPassword ?? '', /App-wachtwoorden/);
    assert.equal(blueskyAdapter.platform, 'bluesky');
  });
});
