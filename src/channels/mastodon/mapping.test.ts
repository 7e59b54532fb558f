import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { RecordError } from '../../ingest/records.ts';
import { formatsFile } from '../fakeServer.ts';
import { type KnownAccount, type MappingContext, type ParentRef, statusToMessage } from './mapping.ts';

type Json = Record<string, unknown>;

function recorded(name: string): unknown {
  return JSON.parse(readFileSync(formatsFile('mastodon', 'api-recorded', name), 'utf8'));
}

const OWN_STATUSES = recorded(
  'test_fetch_next_previous_11_api_v1_accounts_117020565966271181_statuses_limit_5.json',
) as Json[];
const MENTIONS = recorded(
  'test_notifications_mentions_only_01_api_v1_notifications_types_5B_5D_mention.json',
) as Json[];
const LIST = recorded('test_list_timeline_05_api_v1_timelines_list_6.json') as Json[];
const EXAMPLE = JSON.parse(
  readFileSync(formatsFile('mastodon', 'entity_Status_001_Example.json'), 'utf8'),
) as Json;

const OWN_URI = 'http://localhost:3000/ap/users/117020565966271181';
const ADMIN_URI = 'http://localhost:3000/ap/users/117020565693913441';

/** The recorded server's own account (mastodonpy_test), with what a channel would have seen. */
function context(
  parents: Record<string, ParentRef> = {},
  accounts: Record<string, KnownAccount> = {},
  localHost = 'localhost:3000',
): MappingContext {
  const known: Record<string, KnownAccount> = {
    '117020565966271181': { uri: OWN_URI, local: true },
    ...accounts,
  };
  return {
    own: { id: '117020565966271181', uri: OWN_URI },
    localHost,
    parent: (id) => parents[id] ?? null,
    account: (id) => known[id] ?? null,
  };
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

function rejection(run: () => unknown): RecordError {
  try {
    run();
  } catch (error) {
    if (error instanceof RecordError) return error;
    throw error;
  }
  assert.fail('expected a RecordError');
}

describe('Mastodon statuses as messages (real recorded payloads)', () => {
  test('an own status: the URI is the id, the actor URI the author, username@host the handle', () => {
    const m = statusToMessage(OWN_STATUSES[0], context());
    assert.equal(m.platform, 'mastodon');
    assert.equal(
      m.platformId,
      'http://localhost:3000/ap/users/117020565966271181/statuses/117020580518794573',
    );
    assert.deepEqual(m.author, {
      id: OWN_URI,
      handle: 'mastodonpy_test@localhost:3000',
      name: 'John Lennon',
    });
    assert.equal(m.createdAt.toISOString(), '2026-08-01T13:52:34.108Z');
    assert.equal(m.text, 'Toot number 9!');
    assert.equal(m.language, 'en');
    assert.equal(m.kind, 'post');
    assert.equal(m.inReplyTo, null);
    assert.equal(m.url, 'http://localhost:3000/@mastodonpy_test/117020580518794573');
    assert.deepEqual(m.counts, { reposts: 0, likes: 0, replies: 0 });
    assert.deepEqual(m.mentions, []);
    assert.deepEqual(m.hashtags, []);
    assert.equal(m.payload.format, 'mastodon-api-json');
    assert.deepEqual(JSON.parse(m.payload.raw), OWN_STATUSES[0]);
  });

  test('a mention notification: structured mentions in the handle form of the account', () => {
    const m = statusToMessage(MENTIONS[0]?.status, context());
    assert.equal(m.author.id, ADMIN_URI);
    assert.equal(m.author.handle, 'admin@localhost:3000');
    assert.equal(m.text, '@mastodonpy_test hello!');
    assert.deepEqual(m.mentions, ['mastodonpy_test@localhost:3000']);
    assert.equal(m.kind, 'post');
    assert.equal(m.recipientId, null);
  });

  test('HTML entities and a list timeline: text as people read it', () => {
    const texts = LIST.map((s) => statusToMessage(s, context()).text);
    assert.ok(texts.includes("you can't say that on television"));
    const withMention = LIST.find((s) => (s.mentions as unknown[]).length > 0);
    assert.deepEqual(statusToMessage(withMention, context()).mentions, ['mastodonpy_test@localhost:3000']);
  });

  test('local statuses have URIs <actor URI>/statuses/<id>: the rule a gone parent is named by', () => {
    const all = [...OWN_STATUSES, ...LIST, ...MENTIONS.map((n) => n.status as Json)];
    for (const s of all) {
      const account = s.account as Json;
      assert.equal(s.uri, `${account.uri}/statuses/${s.id}`);
    }
  });

  test('an account without `uri` (before 4.2): the actor URI Mastodon gives it; counts and links', () => {
    const m = statusToMessage(EXAMPLE, context({}, {}, 'mastodon.social'));
    assert.equal(m.platformId, 'https://mastodon.social/users/Gargron/statuses/103270115826048975');
    assert.equal(m.author.id, 'https://mastodon.social/users/Gargron');
    // acct `Gargron` is local to the instance read; the handle keeps its case.
    assert.equal(m.author.handle, 'Gargron@mastodon.social');
    assert.deepEqual(m.counts, { reposts: 6, likes: 11, replies: 5 });
    assert.match(m.text, /^"I lost my inheritance with one wrong digit on my sort code"\n/);
    assert.doesNotMatch(m.text, /<|href/);
  });

  test('a reply names the parent URI and author URI the channel resolved', () => {
    const reply: Json = {
      ...copy(MENTIONS[0]?.status as Json),
      in_reply_to_id: '117020580518794573',
      in_reply_to_account_id: '117020565966271181',
    };
    const parentUri = `${OWN_URI}/statuses/117020580518794573`;
    const m = statusToMessage(reply, context({ '117020580518794573': { id: parentUri, authorId: OWN_URI } }));
    assert.equal(m.kind, 'reply');
    assert.deepEqual(m.inReplyTo, { id: parentUri, authorId: OWN_URI });
  });

  test('a gone parent: exact URI for a local author, else the API address on the instance', () => {
    const reply = {
      ...copy(OWN_STATUSES[0] as Json),
      in_reply_to_id: '555',
      in_reply_to_account_id: '117020565693913441',
    };
    const local = statusToMessage(
      reply,
      context({}, { '117020565693913441': { uri: ADMIN_URI, local: true } }),
    );
    assert.deepEqual(local.inReplyTo, { id: `${ADMIN_URI}/statuses/555`, authorId: ADMIN_URI });
    const remoteUri = 'https://mastodon.example/users/anouk';
    const remote = statusToMessage(
      reply,
      context({}, { '117020565693913441': { uri: remoteUri, local: false } }),
    );
    assert.deepEqual(remote.inReplyTo, {
      id: 'http://localhost:3000/api/v1/statuses/555',
      authorId: remoteUri,
    });
    const unknown = statusToMessage(reply, context());
    assert.deepEqual(unknown.inReplyTo, { id: 'http://localhost:3000/api/v1/statuses/555', authorId: null });
  });

  test('a boost is a repost of the boosted URI, without text or counts of its own', () => {
    const original = copy(MENTIONS[0]?.status as Json);
    const boost = {
      ...copy(OWN_STATUSES[1] as Json),
      uri: `${OWN_URI}/statuses/117020580511453871/activity`,
      content: '',
      reblog: original,
    };
    const m = statusToMessage(boost, context());
    assert.equal(m.kind, 'repost');
    assert.equal(m.platformId, `${OWN_URI}/statuses/117020580511453871/activity`);
    assert.equal(m.repostOf, original.uri);
    assert.equal(m.text, '');
    assert.deepEqual(m.counts, { reposts: null, likes: null, replies: null });
  });

  test('a quote post (4.4+ `quote.quoted_status`) is a quote of that URI', () => {
    const quoted = copy(MENTIONS[0]?.status as Json);
    const status = { ...copy(OWN_STATUSES[2] as Json), quote: { state: 'accepted', quoted_status: quoted } };
    const m = statusToMessage(status, context());
    assert.equal(m.kind, 'quote');
    assert.equal(m.quoteOf, quoted.uri);
  });

  test('a DM: to the own account when someone else wrote it, else to the first account it mentions', () => {
    const inbound = { ...copy(MENTIONS[0]?.status as Json), visibility: 'direct' };
    const m = statusToMessage(inbound, context());
    assert.equal(m.kind, 'dm');
    assert.equal(m.recipientId, OWN_URI);
    const own = {
      ...copy(OWN_STATUSES[0] as Json),
      visibility: 'direct',
      mentions: [
        { id: '117020565693913441', username: 'admin', url: 'http://localhost:3000/@admin', acct: 'admin' },
      ],
    };
    const answered = statusToMessage(
      own,
      context({}, { '117020565693913441': { uri: ADMIN_URI, local: true } }),
    );
    assert.equal(answered.recipientId, ADMIN_URI);
    assert.deepEqual(answered.mentions, ['admin@localhost:3000']);
    // Unknown to the channel: the actor URI Mastodon gives an account at that profile address.
    assert.equal(statusToMessage(own, context()).recipientId, 'http://localhost:3000/users/admin');
  });

  test('a drifted item is a reject naming the field', () => {
    const without = (field: string) => {
      const s = copy(OWN_STATUSES[0] as Json);
      delete s[field];
      return s;
    };
    assert.equal(rejection(() => statusToMessage(without('uri'), context())).message, 'uri is missing');
    assert.equal(
      rejection(() => statusToMessage(without('mentions'), context())).message,
      'mentions is missing',
    );
    const badDate = { ...copy(OWN_STATUSES[0] as Json), created_at: '2026-02-30T10:00:00Z' };
    const e = rejection(() => statusToMessage(badDate, context()));
    assert.equal(e.code, 'invalid_field');
    assert.match(e.message, /^created_at /);
    const noAccountUri = copy(OWN_STATUSES[0] as Json);
    const account = noAccountUri.account as Json;
    delete account.uri;
    delete account.url;
    assert.equal(rejection(() => statusToMessage(noAccountUri, context())).message, 'account.uri is missing');
  });

  test('the elided documentation examples are not JSON (a strict reader refuses them)', () => {
    const dir = formatsFile('mastodon', 'elided');
    const files = readdirSync(dir).filter((f) => f.includes('notifications_001'));
    assert.equal(files.length, 1);
    assert.throws(() => JSON.parse(readFileSync(`${dir}/${files[0]}`, 'utf8')), SyntaxError);
  });
});
