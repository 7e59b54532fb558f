import type { Sentiment } from '../sentiment/analyse.ts';
/** Kinds of message (METRICS.md "message"). */
export const MESSAGE_KINDS = ['post', 'reply', 'repost', 'quote', 'comment', 'dm'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export function isMessageKind(value: unknown): value is MessageKind {
  return typeof value === 'string' && (MESSAGE_KINDS as readonly string[]).includes(value);
}

/** Platform names are short lower-case words: `mastodon`, `bluesky`, `x`, `facebook`, `rss`… */
export const PLATFORM_PATTERN = /^[a-z][a-z0-9_-]{0,30}$/;

export interface Author {
  /** The platform's stable user id (for X exports without ids: the handle). */
  id: string;
  handle: string | null;
  name: string | null;
}

/** A message as a platform adapter or file importer hands it to the ingest pipeline. */
export interface MessageInput {
  platform: string;
  platformId: string;
  author: Author;
  createdAt: Date;
  text: string;
  language: string | null;
  kind: MessageKind;
  inReplyTo: { id: string; authorId: string | null } | null;
  repostOf: string | null;
  quoteOf: string | null;
  /** The account a direct message or comment is addressed to (its platform user id). */
  recipientId: string | null;
  /** Handles as the platform gives them; null when the platform gives none (taken from the text). */
  mentions: string[] | null;
  /** Hashtags as the platform gives them; null to take them from the text. */
  hashtags: string[] | null;
  counts: { reposts: number | null; likes: number | null; replies: number | null };
  url: string | null;
  /** The record as it came in, kept for the archive. */
  payload: { format: string; raw: string };
}

/** A message after normalisation, ready to be stored. */
export interface Message extends Omit<MessageInput, 'mentions' | 'hashtags'> {
  mentions: string[];
  mentionsFromPlatform: boolean;
  hashtags: string[];
  conversationRoot: string;
  /** Worked out at ingest (`src/sentiment/`). */
  sentiment: Sentiment;
}
