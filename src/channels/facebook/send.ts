import type { PostDraft, SentPost } from '../channel.ts';
import { ChannelError } from '../errors.ts';
import { asItem, optionalString, parseGraphTime } from '../meta/fields.ts';
import type { FacebookClient } from './client.ts';
import type { PageContext } from './mapping.ts';

/**
 * Replies and posts on a page. Graph has no idempotency key, so a retry after a lost answer is
 * made safe by looking before sending: a reply is not sent again when the page's newest answers
 * to the same comment already hold the same text, and a post is not published again when the
 * page's newest posts of the last day already hold it (Meta refuses such a repeat anyway, code
 * 506). Within one channel the idempotency key is remembered as well (facebookChannel.ts).
 */
const MAX_LENGTH = 63_206;
const REPOST_WINDOW_MS = 24 * 3600 * 1000;

function checkLength(text: string, where: string): void {
  if (text.trim() === '') throw new ChannelError('invalid_request', 'the text is empty', { where });
  if (text.length > MAX_LENGTH) {
    throw new ChannelError(
      'unknown',
      `the text has ${text.length} characters; Facebook allows ${MAX_LENGTH}`,
      {
        where,
      },
    );
  }
}

/** A created object as Meetlat keeps it: Graph's id, permalink and time (now when not given). */
function sentPost(value: unknown, now: Date, idField = 'id'): SentPost {
  const item = asItem(value);
  const id = optionalString(item, idField);
  if (!id) throw new ChannelError('malformed', `the answer has no ${idField}`, { where: 'facebook' });
  const created = optionalString(item, 'created_time');
  return {
    platformId: id,
    url: optionalString(item, 'permalink_url'),
    createdAt: (created && parseGraphTime(created)) || now,
  };
}

function fromPage(item: Record<string, unknown>, page: PageContext): boolean {
  const from = item.from as { id?: unknown } | undefined;
  return from === undefined || String(from?.id) === page.pageId;
}

/** The page's earlier answer to `targetId` with this text, if a lost answer hid it from us. */
async function earlierReply(
  client: FacebookClient,
  page: PageContext,
  targetId: string,
  text: string,
  now: Date,
): Promise<SentPost | null> {
  const recent = await client.graph.page(
    `/${targetId}/comments`,
    {
      fields: 'id,message,from,created_time,permalink_url',
      filter: 'toplevel',
      order: 'reverse_chronological',
      limit: '25',
    },
    null,
  );
  for (const value of recent.items) {
    const item = asItem(value);
    if (item.from !== undefined && fromPage(item, page) && item.message === text) return sentPost(item, now);
  }
  return null;
}

export async function replyOnPage(
  client: FacebookClient,
  page: PageContext,
  targetId: string,
  text: string,
  now: Date,
): Promise<SentPost> {
  checkLength(text, `facebook /${targetId}/comments`);
  const earlier = await earlierReply(client, page, targetId, text, now);
  if (earlier) return earlier;
  return sentPost(await client.comment(targetId, text), now);
}

/** The page's own post of the last day with this text, if an earlier attempt made it. */
async function earlierPost(
  client: FacebookClient,
  page: PageContext,
  text: string,
  now: Date,
): Promise<SentPost | null> {
  const recent = await client.graph.page(
    `/${page.pageId}/feed`,
    { fields: 'id,message,from,created_time,permalink_url', limit: '10' },
    null,
  );
  for (const value of recent.items) {
    const item = asItem(value);
    const created = typeof item.created_time === 'string' ? parseGraphTime(item.created_time) : null;
    const recentEnough = created !== null && now.getTime() - created.getTime() < REPOST_WINDOW_MS;
    if (recentEnough && fromPage(item, page) && item.message === text) return sentPost(item, now);
  }
  return null;
}

/**
 * A post on the page: text alone on the feed; one image through `/photos` (url + message); several
 * images uploaded unpublished and attached to one feed post. Graph takes no alt text for page
 * photos (Facebook writes its own), so the drafts' alt texts cannot be passed on.
 */
export async function publishOnPage(
  client: FacebookClient,
  page: PageContext,
  post: PostDraft,
  now: Date,
): Promise<SentPost> {
  const where = `facebook /${page.pageId}/feed`;
  checkLength(post.text, where);
  const media = post.media ?? [];
  if (media.some((m) => m.kind !== 'image')) {
    throw new ChannelError('invalid_request', 'posting video on a Facebook page is not supported yet', {
      where,
    });
  }
  const earlier = await earlierPost(client, page, post.text, now);
  if (earlier) return earlier;
  if (media.length === 0) return sentPost(await client.feedPost({ message: post.text }), now);
  if (media.length === 1) {
    const photo = asItem(await client.photo({ url: (media[0] as { url: string }).url, message: post.text }));
    const postId = optionalString(photo, 'post_id');
    if (!postId) return sentPost(photo, now);
    return sentPost(await client.node(postId, 'id,permalink_url,created_time'), now);
  }
  const attached: Record<string, string> = { message: post.text };
  for (const [index, image] of media.entries()) {
    const photo = sentPost(await client.photo({ url: image.url, published: 'false' }), now);
    attached[`attached_media[${index}]`] = JSON.stringify({ media_fbid: photo.platformId });
  }
  return sentPost(await client.feedPost(attached), now);
}
