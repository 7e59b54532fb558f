import { setTimeout as sleep } from 'node:timers/promises';
import type { PostDraft, SentPost } from '../channel.ts';
import { ChannelError } from '../errors.ts';
import { asItem, optionalString, parseGraphTime } from '../meta/fields.ts';
import type { InstagramClient } from './client.ts';
import type { AccountContext } from './mapping.ts';

/**
 * Replies and posts on Instagram. Like Facebook's Graph, Instagram takes no idempotency key: a
 * retry looks first whether the account already answered the comment with the same text, or
 * posted the same caption in the last day, and returns that instead of sending again. A post is
 * made in two steps (a media container, then `media_publish`); a container left by a failed
 * attempt is never published and expires by itself after a day.
 */
export const INSTAGRAM_MAX_LENGTH = 2_200;
const MAX_CAROUSEL = 10;
const REPOST_WINDOW_MS = 24 * 3600 * 1000;

/** How long to wait for Instagram to fetch and process the media of a container. */
export interface ProcessingWait {
  intervalMs: number;
  attempts: number;
}
const PROCESSING_WAIT: ProcessingWait = { intervalMs: 5_000, attempts: 60 };

function checkText(text: string, where: string): void {
  if (text.length > INSTAGRAM_MAX_LENGTH) {
    throw new ChannelError(
      'invalid_request',
      `the text has ${text.length} characters; Instagram allows ${INSTAGRAM_MAX_LENGTH}`,
      { where },
    );
  }
}

/** What Instagram cannot take, refused before any request. */
export function checkDraft(post: PostDraft, where: string): void {
  const media = post.media ?? [];
  if (media.length === 0) {
    throw new ChannelError(
      'invalid_request',
      'Instagram publishes only posts with at least one image or video',
      {
        where,
      },
    );
  }
  if (media.length > MAX_CAROUSEL) {
    throw new ChannelError(
      'invalid_request',
      `Instagram takes at most ${MAX_CAROUSEL} images or videos in one post`,
      { where },
    );
  }
  checkText(post.text, where);
}

function isOwn(item: Record<string, unknown>, account: AccountContext): boolean {
  const from = (item.from ?? {}) as Record<string, unknown>;
  const username = optionalString(from, 'username') ?? optionalString(item, 'username');
  return (
    optionalString(from, 'id') === account.accountId ||
    username?.toLowerCase() === account.username.toLowerCase()
  );
}

export async function replyOnInstagram(
  client: InstagramClient,
  account: AccountContext,
  commentId: string,
  text: string,
  now: Date,
): Promise<SentPost> {
  const where = `instagram /${commentId}/replies`;
  if (text.trim() === '') throw new ChannelError('invalid_request', 'the text is empty', { where });
  checkText(text, where);
  const earlier = await client.repliesPage(commentId);
  for (const value of earlier.items) {
    const item = asItem(value);
    if (isOwn(item, account) && item.text === text) return sent(item, now);
  }
  return sent(asItem(await client.reply(commentId, text)), now);
}

function sent(item: Record<string, unknown>, now: Date): SentPost {
  const id = optionalString(item, 'id');
  if (!id) throw new ChannelError('malformed', 'the answer has no id', { where: 'instagram' });
  const time = optionalString(item, 'timestamp');
  return {
    platformId: id,
    url: optionalString(item, 'permalink'),
    createdAt: (time && parseGraphTime(time)) || now,
  };
}

/** The account's post of the last day with this caption, if an earlier attempt made it. */
async function earlierPost(client: InstagramClient, account: AccountContext, caption: string, now: Date) {
  const recent = await client.mediaPage(account.accountId, null, '10');
  for (const value of recent.items) {
    const item = asItem(value);
    const time = optionalString(item, 'timestamp');
    const created = time ? parseGraphTime(time) : null;
    if (created && now.getTime() - created.getTime() < REPOST_WINDOW_MS && (item.caption ?? '') === caption) {
      return sent(item, now);
    }
  }
  return null;
}

/** Waits until Instagram has fetched a container's media (`status_code` FINISHED). */
async function waitUntilReady(client: InstagramClient, id: string, wait: ProcessingWait): Promise<void> {
  const where = `instagram /${id}`;
  for (let attempt = 0; attempt < wait.attempts; attempt++) {
    const status = optionalString(asItem(await client.node(id, 'id,status_code')), 'status_code');
    if (status === 'FINISHED' || status === 'PUBLISHED') return;
    if (status === 'ERROR' || status === 'EXPIRED') {
      throw new ChannelError('unknown', `Instagram could not use the media (status ${status})`, { where });
    }
    await sleep(wait.intervalMs);
  }
  throw new ChannelError('transient', 'Instagram is still processing the media', { where });
}

async function makeContainer(
  client: InstagramClient,
  accountId: string,
  form: Record<string, string>,
): Promise<string> {
  const id = optionalString(asItem(await client.container(accountId, form)), 'id');
  if (!id)
    throw new ChannelError('malformed', 'the container has no id', {
      where: `instagram /${accountId}/media`,
    });
  return id;
}

/**
 * One image (with its alt text), one video (as a reel: Instagram publishes feed videos as reels,
 * which take no alt text), or an album of up to ten, each image with its alt text.
 */
export async function publishOnInstagram(
  client: InstagramClient,
  account: AccountContext,
  post: PostDraft,
  now: Date,
  wait: ProcessingWait = PROCESSING_WAIT,
): Promise<SentPost> {
  checkDraft(post, `instagram /${account.accountId}/media`);
  const earlier = await earlierPost(client, account, post.text, now);
  if (earlier) return earlier;
  const media = post.media ?? [];
  const item = (m: (typeof media)[number], inAlbum: boolean): Record<string, string> => {
    const album: Record<string, string> = inAlbum ? { is_carousel_item: 'true' } : {};
    if (m.kind === 'video') return { media_type: inAlbum ? 'VIDEO' : 'REELS', video_url: m.url, ...album };
    return { image_url: m.url, alt_text: m.altText, ...album };
  };
  let containerId: string;
  if (media.length === 1) {
    containerId = await makeContainer(client, account.accountId, {
      ...item(media[0] as (typeof media)[number], false),
      caption: post.text,
    });
  } else {
    const children: string[] = [];
    for (const m of media) children.push(await makeContainer(client, account.accountId, item(m, true)));
    for (const child of children) await waitUntilReady(client, child, wait);
    containerId = await makeContainer(client, account.accountId, {
      media_type: 'CAROUSEL',
      children: children.join(','),
      caption: post.text,
    });
  }
  await waitUntilReady(client, containerId, wait);
  const published = optionalString(asItem(await client.publish(account.accountId, containerId)), 'id');
  if (!published)
    throw new ChannelError('malformed', 'the published media has no id', {
      where: 'instagram media_publish',
    });
  try {
    return sent(asItem(await client.node(published, 'id,permalink,timestamp')), now);
  } catch {
    // Published all the same: its address is only a nicety.
    return { platformId: published, url: null, createdAt: now };
  }
}
