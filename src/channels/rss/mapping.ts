import { createHash } from 'node:crypto';
import { decodeHTMLStrict } from 'entities';
import { htmlToText } from '../../domain/htmlText.ts';
import type { MessageInput } from '../../domain/message.ts';
import { RecordError } from '../../ingest/records.ts';
import { parseFeedDate } from './dates.ts';
import type { FeedDocument, FeedEntry, FeedText } from './feed.ts';

/**
 * One feed item as a message of the watched feed: always a `post` by the feed itself (a feed has
 * no replies, mentions or direct messages, so nothing in it is inbound to anyone). Pure: the feed
 * is read elsewhere.
 */
export const RSS_PLATFORM = 'rss';
export const RSS_PAYLOAD_FORMAT = 'rss-api-json';

/** The watched feed, as the account the items are attributed to. */
export interface FeedAccount {
  /** The normalised feed URL: the account's platform user id. */
  feedUrl: string;
  handle: string;
}

/**
 * Plain text as written. Character references left over from double escaping (`&amp;#8217;`, a
 * common CMS habit) are decoded; what looks like markup is kept literally, as it is plain text.
 */
function plainText(value: string): string {
  return decodeHTMLStrict(value).trim();
}

function asText(value: FeedText | null): string {
  if (value === null) return '';
  return value.html ? htmlToText(value.value) : plainText(value.value);
}

/** The feed's title as plain text, or null. */
export function feedTitle(feed: FeedDocument): string | null {
  return asText(feed.title) || null;
}

/** An http(s) address, resolved against the feed's; anything else (`javascript:`) is no link. */
export function webAddress(value: string | null, base: string): string | null {
  if (value === null) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The primary language subtag (`nl-NL` → `nl`), as the other platforms give languages. */
function languageCode(tag: string | null): string | null {
  const primary = tag?.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}

/**
 * The item's id. An Atom id is a universally unique IRI, and guids are usually URLs too: those are
 * used as they are, so an item in two watched feeds is one message. Any other guid (`12345`) is
 * unique only within its feed, so it is scoped by the feed's URL. Without an id, the link names the
 * item; without that too, a hash of its title and date (as written), scoped by the feed.
 */
export function itemId(entry: FeedEntry, feedUrl: string, link: string | null): string {
  if (entry.id !== null) {
    return /^[a-z][a-z0-9+.-]*:\S+$/i.test(entry.id) ? entry.id : `${feedUrl}#${entry.id}`;
  }
  if (link !== null) return link;
  const hash = createHash('sha256')
    .update(`${entry.title?.value ?? ''}\n${entry.date?.value ?? ''}`)
    .digest('hex');
  return `${feedUrl}#sha256:${hash.slice(0, 32)}`;
}

/** When the item was published; a missing or unreadable date is a reject naming the field. */
export function itemDate(entry: FeedEntry): Date {
  if (entry.date === null) throw new RecordError('missing_field', `${entry.dateFields} is missing`);
  const date = parseFeedDate(entry.date.value);
  if (date === null) {
    throw new RecordError(
      'invalid_field',
      `${entry.date.field} ${JSON.stringify(entry.date.value.slice(0, 80))} is not a valid date`,
    );
  }
  return date;
}

/**
 * The message of one item: title, a blank line, then the summary (or the content when there is no
 * summary) as plain text. The summary is the item as the feed presents it; whole articles belong
 * on the site the url points to.
 */
export function entryToMessage(entry: FeedEntry, feed: FeedDocument, account: FeedAccount): MessageInput {
  const raw = JSON.stringify({ feedFormat: feed.format, item: entry.raw });
  // fetch decodes as UTF-8: bytes that were not (a Latin-1 feed) arrive as U+FFFD.
  if (raw.includes('\uFFFD')) throw new RecordError('encoding', 'the item holds bytes that are not UTF-8');
  const createdAt = itemDate(entry);
  const title = asText(entry.title);
  const body = asText(entry.summary ?? entry.content);
  if (title === '' && body === '') {
    throw new RecordError('missing_field', 'title and description are both missing or empty');
  }
  const url = webAddress(entry.link, account.feedUrl);
  return {
    platform: RSS_PLATFORM,
    platformId: itemId(entry, account.feedUrl, url),
    author: {
      id: account.feedUrl,
      handle: account.handle,
      name: entry.author ?? feed.author ?? feedTitle(feed),
    },
    createdAt,
    text: [title, body].filter((part) => part !== '').join('\n\n'),
    language: languageCode(entry.language ?? feed.language),
    kind: 'post',
    inReplyTo: null,
    repostOf: null,
    quoteOf: null,
    recipientId: null,
    mentions: null,
    // Categories are the site's sections ("Verkeer"), not hashtags: those come from the text.
    hashtags: null,
    counts: { reposts: null, likes: null, replies: null },
    url,
    payload: { format: RSS_PAYLOAD_FORMAT, raw },
  };
}
