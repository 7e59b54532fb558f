import { createHash } from 'node:crypto';
import { type AppBskyFeedDefs, type AppBskyRichtextFacet, type BlobRef, RichText } from '@atproto/api';
import type { PostDraft, ReplyTarget, SentPost } from '../channel.ts';
import { ChannelError } from '../errors.ts';
import { classifyStatus } from '../http.ts';
import type { BlueskyClient } from './client.ts';
import { postUrl } from './mapping.ts';
import type { BlueskySettings } from './settings.ts';

/**
 * Replies and posts: `com.atproto.repo.createRecord` of an `app.bsky.feed.post`.
 *
 * Bluesky has no idempotency key, so the record key is chosen here: a TID-shaped key derived from
 * the idempotency key (`rkeyFor`). Every attempt of one reply writes to the same
 * `at://<did>/app.bsky.feed.post/<rkey>`, and the repository holds one record per key: a second
 * attempt cannot make a second post. Bluesky's PDS answers a create at a taken key with a 500
 * (`InternalServerError`; an explicit error is proposed upstream), so when a create fails, the key
 * is looked up: a record there means an earlier attempt got through, and that is the answer.
 */
export const MAX_GRAPHEMES = 300;
/** The post record's byte limit for `text`. */
const MAX_TEXT_BYTES = 3000;
/** bsky.social's limit on an image blob. */
const MAX_IMAGE_BYTES = 1_000_000;
const MAX_IMAGES = 4;
const POST = 'app.bsky.feed.post';
const BASE32_SORTABLE = '234567abcdefghijklmnopqrstuvwxyz';

type StrongRef = { uri: string; cid: string };

/**
 * The record key for an idempotency key: 63 bits of its SHA-256 written as a TID (13 characters
 * of base32-sortable, first bit zero), the key type `app.bsky.feed.post` declares. The TID's time
 * part is therefore not the posting time; the spec says a TID key carries no trustworthy time.
 */
export function rkeyFor(idempotencyKey: string): string {
  const digest = createHash('sha256').update(`meetlat/bluesky/${idempotencyKey}`).digest();
  let n = digest.readBigUInt64BE(0) & ((1n << 63n) - 1n);
  let key = '';
  for (let i = 0; i < 13; i++) {
    key = BASE32_SORTABLE[Number(n & 31n)] + key;
    n >>= 5n;
  }
  return key;
}

export async function replyTo(
  client: BlueskyClient,
  settings: BlueskySettings,
  target: ReplyTarget,
  text: string,
  idempotencyKey: string,
): Promise<SentPost> {
  const parent = await targetPost(client, target.platformId);
  const record = parent.record as { reply?: { root?: Partial<StrongRef> } };
  const root = record.reply?.root;
  const reply = {
    root:
      typeof root?.uri === 'string' && typeof root.cid === 'string' ? { uri: root.uri, cid: root.cid } : null,
    parent: { uri: parent.uri, cid: parent.cid },
  };
  return createPost(client, settings, text, idempotencyKey, {
    reply: { root: reply.root ?? reply.parent, parent: reply.parent },
  });
}

export async function publishPost(
  client: BlueskyClient,
  settings: BlueskySettings,
  draft: PostDraft,
  idempotencyKey: string,
): Promise<SentPost> {
  const where = client.where('com.atproto.repo.createRecord');
  if (draft.visibility === 'followers') {
    throw new ChannelError(
      'invalid_request',
      'Bluesky has no posts for followers only; every post is public',
      {
        where,
      },
    );
  }
  checkText(draft.text, where);
  const embed = draft.media?.length ? await imagesEmbed(client, settings, draft.media) : undefined;
  return createPost(client, settings, draft.text, idempotencyKey, embed ? { embed } : {});
}

async function targetPost(client: BlueskyClient, uri: string): Promise<AppBskyFeedDefs.PostView> {
  const nsid = 'app.bsky.feed.getPosts';
  if (!/^at:\/\/[^/]+\/app\.bsky\.feed\.post\/[^/]+$/.test(uri)) {
    throw new ChannelError('not_found', `${uri} is not a Bluesky post (a repost cannot be answered)`, {
      where: client.where(nsid),
    });
  }
  const { data } = await client.call(nsid, (agent) => agent.app.bsky.feed.getPosts({ uris: [uri] }));
  const post = data.posts.find((p) => p.uri === uri);
  if (!post)
    throw new ChannelError('not_found', `the post ${uri} no longer exists`, { where: client.where(nsid) });
  return post;
}

function checkText(text: string, where: string): RichText {
  const rich = new RichText({ text });
  if (rich.graphemeLength > MAX_GRAPHEMES || rich.length > MAX_TEXT_BYTES) {
    throw new ChannelError(
      'invalid_request',
      `the text is ${rich.graphemeLength} characters; Bluesky takes at most ${MAX_GRAPHEMES}`,
      { where },
    );
  }
  if (text.trim() === '') throw new ChannelError('invalid_request', 'the text is empty', { where });
  return rich;
}

async function createPost(
  client: BlueskyClient,
  settings: BlueskySettings,
  text: string,
  idempotencyKey: string,
  extra: { reply?: { root: StrongRef; parent: StrongRef }; embed?: unknown },
): Promise<SentPost> {
  const nsid = 'com.atproto.repo.createRecord';
  const rich = checkText(text, client.where(nsid));
  const { did, handle } = await client.account();
  await client.call('com.atproto.identity.resolveHandle', (agent) => rich.detectFacets(agent));
  const facets = resolvedFacets(rich.facets);
  const record = {
    $type: POST,
    text: rich.text,
    ...(facets.length > 0 ? { facets } : {}),
    ...extra,
    langs: [settings.language],
    createdAt: new Date().toISOString(),
  };
  const rkey = rkeyFor(idempotencyKey);
  try {
    const { data } = await client.call(nsid, (agent) =>
      agent.com.atproto.repo.createRecord({ repo: did, collection: POST, rkey, record }),
    );
    return { platformId: data.uri, url: postUrl(data.uri, handle), createdAt: new Date(record.createdAt) };
  } catch (error) {
    if (!(error instanceof ChannelError) || !['transient', 'unknown', 'malformed'].includes(error.kind)) {
      throw error;
    }
    const earlier = await existingPost(client, did, rkey);
    if (!earlier) throw error;
    return { ...earlier, url: postUrl(earlier.platformId, handle) };
  }
}

/** The post an earlier attempt made at `rkey`, or null (or the lookup failed too). */
async function existingPost(
  client: BlueskyClient,
  did: string,
  rkey: string,
): Promise<{ platformId: string; createdAt: Date } | null> {
  try {
    const { data } = await client.call('com.atproto.repo.getRecord', (agent) =>
      agent.com.atproto.repo.getRecord({ repo: did, collection: POST, rkey }),
    );
    const created = new Date(String((data.value as { createdAt?: unknown }).createdAt));
    return { platformId: data.uri, createdAt: Number.isNaN(created.getTime()) ? new Date() : created };
  } catch {
    return null;
  }
}

/** Facets fit to send: a mention whose handle did not resolve to a DID is left as plain text. */
function resolvedFacets(facets: AppBskyRichtextFacet.Main[] | undefined): AppBskyRichtextFacet.Main[] {
  return (facets ?? [])
    .map((facet) => ({
      ...facet,
      features: facet.features.filter((f) => {
        const did = (f as { $type?: string; did?: unknown }).did;
        return (f as { $type?: string }).$type !== 'app.bsky.richtext.facet#mention' || Boolean(did);
      }),
    }))
    .filter((facet) => facet.features.length > 0);
}

/** Images of a draft uploaded as blobs (`com.atproto.repo.uploadBlob`), as an images embed. */
async function imagesEmbed(
  client: BlueskyClient,
  settings: BlueskySettings,
  media: NonNullable<PostDraft['media']>,
): Promise<unknown> {
  const nsid = 'com.atproto.repo.uploadBlob';
  const where = client.where(nsid);
  if (media.some((m) => m.kind !== 'image')) {
    throw new ChannelError('invalid_request', 'videos are not supported for Bluesky yet (images only)', {
      where,
    });
  }
  if (media.length > MAX_IMAGES) {
    throw new ChannelError('invalid_request', `Bluesky takes at most ${MAX_IMAGES} images per post`, {
      where,
    });
  }
  const images: { alt: string; image: BlobRef }[] = [];
  for (const item of media) {
    const { bytes, mimeType } = await download(item.url, settings.timeoutMs);
    const { data } = await client.call(nsid, (agent) => agent.uploadBlob(bytes, { encoding: mimeType }));
    images.push({ alt: item.altText, image: data.blob });
  }
  return { $type: 'app.bsky.embed.images', images };
}

async function download(url: string, timeoutMs: number): Promise<{ bytes: Uint8Array; mimeType: string }> {
  const where = `GET ${url}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new ChannelError('transient', `the image could not be fetched (${(error as Error).message})`, {
      where,
      cause: error,
    });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw classifyStatus(
      { status: response.status, headers: response.headers, body: undefined },
      where,
      new Date(),
    );
  }
  const mimeType = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!mimeType.startsWith('image/')) {
    throw new ChannelError('invalid_request', `${url} is not an image (${mimeType || 'no type'})`, { where });
  }
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    throw new ChannelError(
      'invalid_request',
      `the image is ${bytes.byteLength} bytes; Bluesky takes at most 1 MB`,
      {
        where,
      },
    );
  }
  return { bytes, mimeType };
}
