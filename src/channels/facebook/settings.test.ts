import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SettingsError } from '../channel.ts';
import { facebookAdapter } from './index.ts';

describe('Facebook settings', () => {
  it('fills in the defaults', () => {
    assert.deepEqual(facebookAdapter.parseSettings({ pageId: '100064912345678' }), {
      pageId: '100064912345678',
      graphBaseUrl: 'https://graph.facebook.com',
      apiVersion: 'v26.0',
      commentWindowDays: 14,
      historyDays: 30,
      timeoutMs: 30_000,
    });
  });

  it('names the field that is wrong', () => {
    const cases: [unknown, RegExp][] = [
      [{}, /^pageId is required$/],
      [{ pageId: 'gemeentezuidhoven' }, /^pageId must match pattern/],
      [{ pageId: '1', apiVersion: '26' }, /^apiVersion must match pattern/],
      [{ pageId: '1', graphBaseUrl: 'graph.facebook.com' }, /^graphBaseUrl must match/],
      [{ pageId: '1', commentWindowDays: 0 }, /^commentWindowDays must be >= 1$/],
      [{ pageId: '1', historyDays: 'veel' }, /^historyDays must be integer$/],
      [{ pageId: '1', accessToken: 'x' }, /^accessToken is not a setting of this platform$/],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => facebookAdapter.parseSettings(input),
        (e: unknown) => {
          assert.ok(e instanceof SettingsError);
          assert.match(e.message, message);
          return true;
        },
      );
    }
  });

  it('describes its secret in Dutch', () => {
    assert.equal(facebookAdapter.platform, 'facebook');
    assert.match(facebookAdapter.secrets.pageAccessToken ?? '', /^Pagina-toegangstoken/);
  });
});
