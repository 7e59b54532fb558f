import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettingsError } from '../channel.ts';
import { mastodonAdapter } from './index.ts';

function refusal(input: unknown): string {
  try {
    mastodonAdapter.parseSettings(input);
  } catch (error) {
    assert.ok(error instanceof SettingsError);
    return error.message;
  }
  assert.fail('the settings were accepted');
}

test('good settings get the common defaults', () => {
  assert.deepEqual(mastodonAdapter.parseSettings({ instanceUrl: 'https://social.overheid.nl' }), {
    instanceUrl: 'https://social.overheid.nl',
    historyDays: 30,
    timeoutMs: 30_000,
  });
  const local = mastodonAdapter.parseSettings({ instanceUrl: 'http://127.0.0.1:4567/', historyDays: 7 });
  assert.equal(local.historyDays, 7);
});

test('a bad setting is named', () => {
  assert.equal(refusal({}), 'instanceUrl is required');
  assert.match(refusal({ instanceUrl: 'http://social.overheid.nl' }), /^instanceUrl must match pattern/);
  assert.match(refusal({ instanceUrl: 'https://social.overheid.nl/@gemeente' }), /^instanceUrl /);
  assert.match(refusal({ instanceUrl: 'geen adres' }), /^instanceUrl /);
  assert.match(refusal({ instanceUrl: 'https://social.overheid.nl', historyDays: 0 }), /^historyDays /);
  assert.equal(
    refusal({ instanceUrl: 'https://social.overheid.nl', accessToken: 'x' }),
    'accessToken is not a setting of this platform',
  );
});

test('the adapter describes its secret in Dutch', () => {
  assert.equal(mastodonAdapter.platform, 'mastodon');
  assert.deepEqual(Object.keys(mastodonAdapter.secrets), ['accessToken']);
  assert.match(mastodonAdapter.secrets.accessToken ?? '', /Voorkeuren → Ontwikkeling/);
});
