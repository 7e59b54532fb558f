import { hashtagsInText } from '../domain/mentions.ts';
import type { MessageInput, MessageKind } from '../domain/message.ts';
import type { IssuedId, Platform, Poster } from './ids.ts';

/** A message as the demo builds it, before it becomes a MessageInput. */
export interface Draft {
  platform: Platform;
  issued: IssuedId;
  author: Poster & { name: string | null };
  createdAt: number;
  text: string;
  kind: MessageKind;
  language?: string | null;
  inReplyTo?: { id: string; authorId: string | null } | null;
  repostOf?: string | null;
  quoteOf?: string | null;
  recipientId?: string | null;
  /** Handles mentioned in the text (without `@` and server). */
  mentions?: readonly string[];
  counts?: { reposts: number | null; likes: number | null; replies: number | null } | null;
}

/** Mastodon and Bluesky hand over mentions and tags as structured data; the rest only text. */
function structured(platform: Platform): boolean {
  return platform === 'mastodon' || platform === 'bluesky';
}

const NO_COUNTS = { reposts: null, likes: null, replies: null };

export function toMessage(d: Draft): MessageInput {
  const createdAt = new Date(d.createdAt);
  const inReplyTo = d.inReplyTo ?? null;
  const counts = d.counts ?? NO_COUNTS;
  const language = d.language !== undefined ? d.language : d.text === '' ? null : 'nl';
  const mentions = structured(d.platform) ? (d.mentions ?? []).map((h) => h.toLowerCase()) : null;
  const hashtags = structured(d.platform) ? hashtagsInText(d.text) : null;
  const message: MessageInput = {
    platform: d.platform,
    platformId: d.issued.id,
    author: { id: d.author.id, handle: d.author.handle, name: d.author.name },
    createdAt,
    text: d.text,
    language,
    kind: d.kind,
    inReplyTo: inReplyTo === null ? null : { id: inReplyTo.id, authorId: inReplyTo.authorId },
    repostOf: d.repostOf ?? null,
    quoteOf: d.quoteOf ?? null,
    recipientId: d.recipientId ?? null,
    mentions,
    hashtags,
    counts: { reposts: counts.reposts, likes: counts.likes, replies: counts.replies },
    url: d.issued.url,
    payload: { format: 'demo', raw: '' },
  };
  // The compact form kept for the archive; absent fields are left out.
  message.payload.raw = JSON.stringify({
    id: message.platformId,
    platform: message.platform,
    kind: message.kind,
    author: [message.author.id, message.author.handle, message.author.name],
    created_at: createdAt.toISOString(),
    text: message.text,
    lang: language ?? undefined,
    in_reply_to: inReplyTo === null ? undefined : [inReplyTo.id, inReplyTo.authorId],
    repost_of: message.repostOf ?? undefined,
    quote_of: message.quoteOf ?? undefined,
    to: message.recipientId ?? undefined,
    mentions: mentions ?? undefined,
    tags: hashtags ?? undefined,
    counts: counts === NO_COUNTS ? undefined : [counts.reposts, counts.likes, counts.replies],
    url: message.url ?? undefined,
  });
  return message;
}
