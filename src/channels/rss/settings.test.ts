import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SettingsError } from '../channel.ts';
import { rssAdapter } from './index.ts';
import { feedHandle } from './settings.ts';

describe('RSS settings', () => {
  it('fills in the defaults and normalises the address', () => {
    const settings = rssAdapter.parseSettings({ feedUrl: 'HTTPS://WWW.OmroepBrabant.nl:443/rss/nieuws#top' });
    assert.deepEqual(settings, {
      feedUrl: 'https://www.omroepbrabant.nl/rss/nieuws',
      historyDays: 30,
      timeoutMs: 30_000,
    });
    assert.equal(feedHandle(settings.feedUrl), 'www.omroepbrabant.nl/rss/nieuws');
  });

  it('keeps the query in the handle, so two category feeds of a site differ', () => {
    assert.equal(
      feedHandle('https://www.lindenwaard.nl/rss/?categorie=verkeer'),
      'www.lindenwaard.nl/rss?categorie=verkeer',
    );
    assert.equal(feedHandle('http://lindenwaard.nl/'), 'lindenwaard.nl');
  });

  it('names the field of a mistake', () => {
    const cases: [unknown, RegExp][] = [
      [{}, /^feedUrl is required$/],
      [{ feedUrl: 'ftp://lindenwaard.nl/feed' }, /^feedUrl must match pattern/],
      [{ feedUrl: 'lindenwaard.nl/feed' }, /^feedUrl /],
      [{ feedUrl: 'https://gebruiker:geheim@lindenwaard.nl/feed' }, /^feedUrl must not hold a user name/],
      [{ feedUrl: 'https://lindenwaard.nl/feed', historyDays: 0 }, /^historyDays must be >= 1$/],
      [
        { feedUrl: 'https://lindenwaard.nl/feed', accessToken: 'x' },
        /^accessToken is not a setting of this platform$/,
      ],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => rssAdapter.parseSettings(input),
        (error: unknown) => {
          assert.ok(error instanceof SettingsError);
          assert.match(error.message, message);
          return true;
        },
      );
    }
  });

  it('is a read-only adapter without secrets', () => {
    assert.equal(rssAdapter.platform, 'rss');
    assert.equal(rssAdapter.label, 'RSS/Atom-feed');
    assert.equal(rssAdapter.syncIntervalMinutes, 30);
    assert.deepEqual(rssAdapter.secrets, {});
    const channel = rssAdapter.create(
      rssAdapter.parseSettings({ feedUrl: 'https://lindenwaard.nl/feed' }),
      {},
      {
        saveSecrets: async () => {},
      },
    );
    assert.deepEqual(channel.capabilities, {
      reply: false,
      publish: false,
      snapshot: false,
      directMessages: false,
      maxLength: null,
      publishNeedsMedia: false,
    });
    assert.equal(channel.reply, undefined);
    assert.equal(channel.publish, undefined);
    assert.equal(channel.snapshot, undefined);
  });
});
