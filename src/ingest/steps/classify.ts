import { hashtagsInText, mentionsInText, normaliseTags } from '../../domain/mentions.ts';
import type { MessageInput, MessageKind } from '../../domain/message.ts';
import { RecordError } from '../records.ts';

export interface Classified {
  kind: MessageKind;
  mentions: string[];
  mentionsFromPlatform: boolean;
  hashtags: string[];
}

/**
 * Step 5 of the pipeline: settles the message's kind against its links, and its mentions and
 * hashtags. Structured mentions from the platform win over the text (METRICS.md); without them
 * the text is read with METRICS.md's mention rule.
 */
export function classifyMessage(message: MessageInput): Classified {
  let kind = message.kind;
  if (kind === 'post' && message.inReplyTo) kind = 'reply';
  if (kind === 'reply' && !message.inReplyTo) {
    throw new RecordError('missing_field', 'a reply needs the id of the message it replies to');
  }
  if (kind === 'dm' && !message.recipientId && !message.inReplyTo) {
    throw new RecordError('missing_field', 'a direct message needs its recipient or the message it answers');
  }
  return {
    kind,
    mentions: message.mentions ? normaliseTags(message.mentions, '@') : mentionsInText(message.text),
    mentionsFromPlatform: message.mentions !== null,
    hashtags: message.hashtags ? normaliseTags(message.hashtags, '#') : hashtagsInText(message.text),
  };
}
