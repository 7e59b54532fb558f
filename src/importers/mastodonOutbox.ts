import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { htmlToText } from '../domain/htmlText.ts';
import type { MessageInput, MessageKind } from '../domain/message.ts';
import {
  type Parsed,
  RecordError,
  type RecordSource,
  rejectOf,
  UnusableFileError,
} from '../ingest/records.ts';
import { at, ownAccountRecord } from './fileInfo.ts';
import type { ImportOptions } from './index.ts';
import { parseIsoDateTime } from './isoDate.ts';
import { jsonCollectionElements } from './ytd.ts';

/**
 * A Mastodon account export ("Request your archive"): `outbox.json`, an ActivityStreams 2.0
 * OrderedCollection of `Create` (a `Note`, with `inReplyTo` for replies) and `Announce` (a boost)
 * activities, and `actor.json`, the account. Ids are the ActivityPub URIs: they are the same on
 * every instance, so a status imported here and read later through an API stays one message.
 * `totalItems` is not trusted (exports disagree with themselves).
 */
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

interface Actor {
  id: string;
  handle: string;
  name: string | null;
}

interface Note {
  id?: unknown;
  type?: unknown;
  published?: unknown;
  url?: unknown;
  inReplyTo?: unknown;
  content?: unknown;
  contentMap?: Record<string, unknown>;
  to?: unknown;
  cc?: unknown;
  tag?: { type?: unknown; name?: unknown; href?: unknown }[];
  quote?: unknown;
  quoteUri?: unknown;
  _misskey_quote?: unknown;
}

interface Activity {
  id?: unknown;
  type?: unknown;
  published?: unknown;
  object?: unknown;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function list(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function readActor(path: string): Actor {
  if (!existsSync(path)) {
    throw new UnusableFileError(
      path,
      `actor.json not found; pass --actor <file> with the export's actor.json`,
    );
  }
  let actor: { id?: unknown; preferredUsername?: unknown; name?: unknown };
  try {
    actor = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UnusableFileError(path, `not valid JSON: ${(error as Error).message}`);
  }
  const id = str(actor.id);
  const username = str(actor.preferredUsername);
  if (!id || !username) throw new UnusableFileError(path, `the actor has no id or preferredUsername`);
  let host = '';
  try {
    host = new URL(id).host;
  } catch {
    throw new UnusableFileError(path, `the actor id ${JSON.stringify(id)} is not a URL`);
  }
  return { id, handle: `${username}@${host}`, name: str(actor.name) };
}

/** The author of a Mastodon status URI (`https://host/users/name/statuses/1` → `https://host/users/name`). */
function authorOfStatus(uri: string): string | null {
  const m = /^(https?:\/\/[^/]+\/users\/[^/]+)\/statuses\/[^/]+$/.exec(uri);
  return m ? (m[1] as string) : null;
}

function parseDate(value: unknown): Date {
  if (value === undefined || value === null) throw new RecordError('missing_field', 'published is missing');
  const date = typeof value === 'string' ? parseIsoDateTime(value) : null;
  if (!date) throw new RecordError('invalid_field', `published ${JSON.stringify(value)} is not a valid date`);
  return date;
}

function activityToMessage(activity: Activity, actor: Actor, raw: string): MessageInput {
  const type = str(activity.type);
  const base = {
    platform: 'mastodon',
    author: { id: actor.id, handle: actor.handle, name: actor.name },
    counts: { reposts: null, likes: null, replies: null },
    payload: { format: 'activitystreams-json', raw },
  };
  if (type === 'Announce') {
    const id = str(activity.id);
    const object = str(activity.object) ?? str((activity.object as { id?: unknown } | null)?.id);
    if (!id || !object) throw new RecordError('missing_field', 'an Announce needs an id and an object');
    return {
      ...base,
      platformId: id,
      createdAt: parseDate(activity.published),
      text: '',
      language: null,
      kind: 'repost',
      inReplyTo: null,
      repostOf: object,
      quoteOf: null,
      recipientId: null,
      mentions: [],
      hashtags: [],
      url: null,
    };
  }
  if (type !== 'Create')
    throw new RecordError('invalid_field', `activity type ${JSON.stringify(type)} is not a post or a boost`);
  const note = activity.object as Note | null;
  if (note === undefined || note === null)
    throw new RecordError('missing_field', 'a Create activity needs an embedded object');
  if (typeof note !== 'object')
    throw new RecordError('invalid_field', 'a Create activity needs an embedded object, not a link');
  const id = str(note.id);
  if (note.id === undefined || note.id === null || note.id === '')
    throw new RecordError('missing_field', 'the Note has no id');
  if (!id) throw new RecordError('invalid_field', `the Note's id ${JSON.stringify(note.id)} is not a string`);
  const to = list(note.to);
  const cc = list(note.cc);
  // Direct: addressed to people only. A note addressed to no one at all (a private note to
  // self) is an ordinary post that nobody else saw.
  const audience = [...to, ...cc];
  const direct =
    audience.length > 0 && !audience.includes(PUBLIC) && !audience.some((t) => t.endsWith('/followers'));
  const inReplyTo = str(note.inReplyTo);
  const quote = str(note.quote) ?? str(note.quoteUri) ?? str(note._misskey_quote);
  const languages = Object.keys(note.contentMap ?? {});
  const html = str(note.content) ?? '';
  let kind: MessageKind = 'post';
  if (direct) kind = 'dm';
  else if (inReplyTo) kind = 'reply';
  else if (quote) kind = 'quote';
  const tags = Array.isArray(note.tag) ? note.tag : [];
  return {
    ...base,
    platformId: id,
    createdAt: parseDate(note.published ?? activity.published),
    text: htmlToText(html),
    language: languages[0] ?? null,
    kind,
    inReplyTo: inReplyTo ? { id: inReplyTo, authorId: authorOfStatus(inReplyTo) } : null,
    repostOf: null,
    quoteOf: kind === 'quote' ? quote : null,
    recipientId: direct ? (audience[0] ?? null) : null,
    mentions: tags
      .filter((t) => t.type === 'Mention')
      .map((t) => str(t.name) ?? '')
      .filter(Boolean),
    hashtags: tags
      .filter((t) => t.type === 'Hashtag')
      .map((t) => str(t.name) ?? '')
      .filter(Boolean),
    url: str(note.url),
  };
}

export function mastodonOutboxSource(path: string, options: ImportOptions): RecordSource {
  return {
    format: 'mastodon-outbox',
    async *records(): AsyncGenerator<Parsed> {
      const actor = readActor(options.actor ?? join(dirname(path), 'actor.json'));
      yield ownAccountRecord(path, {
        platform: 'mastodon',
        platformUserId: actor.id,
        handle: actor.handle,
        displayName: actor.name,
        organisationCode: options.organisation ?? null,
      });
      for (const el of jsonCollectionElements(path, 'orderedItems')) {
        const location = `${at(path, el.line)} (item ${el.index + 1})`;
        if (!el.ok) {
          yield { ok: false, location, code: el.code ?? 'malformed', reason: el.reason };
          continue;
        }
        try {
          const message = activityToMessage(el.value as Activity, actor, el.raw);
          yield { ok: true, location, record: { type: 'message', message } };
        } catch (error) {
          yield { ok: false, location, ...rejectOf(error) };
        }
      }
    },
  };
}
