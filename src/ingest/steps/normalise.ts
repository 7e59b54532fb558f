import { isMessageKind, type MessageInput, PLATFORM_PATTERN } from '../../domain/message.ts';
import { RecordError } from '../records.ts';

/** Longest text kept (characters). Platforms stop far below this (Facebook at 63,206). */
export const MAX_TEXT_LENGTH = 100_000;
/** Messages must be dated between these moments; anything else is a broken date. */
export const EARLIEST_DATE = new Date('1990-01-01T00:00:00Z');
const FUTURE_MARGIN_MS = 24 * 3600 * 1000;

/**
 * Cleans text so every engine stores it: NUL characters (which PostgreSQL text cannot hold)
 * become U+FFFD, as do lone surrogates. Nothing else is changed: what people wrote is kept, also
 * when it looks like HTML or SQL; it is only ever shown as text.
 */
export function cleanText(text: string): string {
  return text.toWellFormed().replaceAll('\u0000', '\uFFFD');
}

function cleanOptional(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = cleanText(value).trim();
  return cleaned === '' ? null : cleaned;
}

function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new RecordError('missing_field', `${field} is missing`);
  const cleaned = cleanText(value.trim());
  if (cleaned.length > 500) throw new RecordError('invalid_field', `${field} is longer than 500 characters`);
  return cleaned;
}

function count(value: number | null, field: string): number | null {
  if (value === null) return null;
  if (!Number.isSafeInteger(value) || value < 0 || value > 2_147_483_647) {
    throw new RecordError('invalid_field', `${field} must be a whole number of 0 or more, not ${value}`);
  }
  return value;
}

/** Step 2 of the pipeline: checks a message for impossible values and cleans its text. */
export function normaliseMessage(input: MessageInput, now = new Date()): MessageInput {
  if (!PLATFORM_PATTERN.test(input.platform)) {
    throw new RecordError(
      'invalid_field',
      `platform ${JSON.stringify(input.platform)} is not a platform name`,
    );
  }
  if (!isMessageKind(input.kind))
    throw new RecordError('invalid_field', `kind ${JSON.stringify(input.kind)} is unknown`);
  const time = input.createdAt instanceof Date ? input.createdAt.getTime() : Number.NaN;
  if (Number.isNaN(time)) throw new RecordError('invalid_field', 'created_at is not a valid date');
  if (time < EARLIEST_DATE.getTime() || time > now.getTime() + FUTURE_MARGIN_MS) {
    throw new RecordError('invalid_field', `created_at ${input.createdAt.toISOString()} is impossible`);
  }
  if (typeof input.text !== 'string') throw new RecordError('missing_field', 'text is missing');
  if (input.text.length > MAX_TEXT_LENGTH) {
    throw new RecordError(
      'too_large',
      `text has ${input.text.length} characters, more than ${MAX_TEXT_LENGTH}`,
    );
  }
  const platformId = requireId(input.platformId, 'id');
  const inReplyTo = input.inReplyTo
    ? {
        id: requireId(input.inReplyTo.id, 'in_reply_to.id'),
        authorId: cleanOptional(input.inReplyTo.authorId),
      }
    : null;
  if (inReplyTo && inReplyTo.id === platformId) {
    throw new RecordError('reply_cycle', `message ${platformId} replies to itself`);
  }
  return {
    ...input,
    platformId,
    author: {
      id: requireId(input.author?.id, 'author.id'),
      handle: cleanOptional(input.author.handle),
      name: cleanOptional(input.author.name),
    },
    text: cleanText(input.text),
    language: input.language ? input.language.trim().toLowerCase().slice(0, 20) || null : null,
    inReplyTo,
    repostOf: cleanOptional(input.repostOf),
    quoteOf: cleanOptional(input.quoteOf),
    recipientId: cleanOptional(input.recipientId),
    mentions: input.mentions?.map(cleanText) ?? null,
    hashtags: input.hashtags?.map(cleanText) ?? null,
    counts: {
      reposts: count(input.counts.reposts, 'repost count'),
      likes: count(input.counts.likes, 'like count'),
      replies: count(input.counts.replies, 'reply count'),
    },
    url: cleanOptional(input.url),
    // PostgreSQL text cannot hold NUL either: the kept original gets the same treatment.
    payload: { format: input.payload.format, raw: cleanText(input.payload.raw) },
  };
}
