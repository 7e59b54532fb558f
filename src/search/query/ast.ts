/**
 * The listening query language as a typed tree. The parser (parser.ts) builds it from what a
 * person typed; compile.ts turns it into a parameterised SQL condition. Every leaf keeps where it
 * stood in the query (`position`, 1-based, in characters; `length` in characters), for messages
 * and for showing how a query was understood.
 */
import type { MessageKind } from '../../domain/message.ts';

/** Where a part of the query stood: 1-based character (code point) position and length. */
export interface Span {
  position: number;
  length: number;
}

/** A word, stemmed in Dutch: `vergunning` finds `vergunningen`. Internal `-`, `'`, `.` stay. */
export interface TermNode extends Span {
  type: 'term';
  text: string;
}

/** The start of a word: `vergunn*` (at least two letters or digits before the `*`). */
export interface PrefixNode extends Span {
  type: 'prefix';
  prefix: string;
}

/** `"niet goed"`: these words in this order, nothing but punctuation or space between them. */
export interface PhraseNode extends Span {
  type: 'phrase';
  /** The text between the quotes, cleaned (control characters as spaces). */
  text: string;
  /** Its words (runs of letters and digits), as the exact-order check uses them. */
  words: string[];
}

/** `#afval`: exactly this hashtag (lower case, without `#`). */
export interface HashtagNode extends Span {
  type: 'hashtag';
  tag: string;
}

/** `@gemeente`: exactly this mention (lower case, without `@`; Mastodon's `user@host` too). */
export interface MentionNode extends Span {
  type: 'mention';
  handle: string;
}

/** `from:handle`: written by this author (lower case, without `@`). */
export interface FromNode extends Span {
  type: 'from';
  handle: string;
}

/** `platform:mastodon`. */
export interface PlatformNode extends Span {
  type: 'platform';
  platform: SearchPlatform;
}

/** `lang:nl`: the message's language code (2 or 3 letters; `nl` also finds `nl-be`). */
export interface LanguageNode extends Span {
  type: 'language';
  language: string;
}

/** `kind:reply` (or a Dutch alias such as `kind:reactie`). */
export interface KindNode extends Span {
  type: 'kind';
  kind: MessageKind;
}

/**
 * `after:2025-03-30` (from the start of that day in Europe/Amsterdam, inclusive) and
 * `before:2025-03-31` (before the start of that day, exclusive): together a half-open range.
 */
export interface DateNode extends Span {
  type: 'date';
  bound: 'before' | 'after';
  /** `YYYY-MM-DD`, a real calendar date. */
  date: string;
}

export interface NotNode {
  type: 'not';
  operand: QueryNode;
}

/** Two or more operands; never an `and` directly inside an `and`. */
export interface AndNode {
  type: 'and';
  operands: QueryNode[];
}

/** Two or more operands; never an `or` directly inside an `or`. */
export interface OrNode {
  type: 'or';
  operands: QueryNode[];
}

export type LeafNode =
  | TermNode
  | PrefixNode
  | PhraseNode
  | HashtagNode
  | MentionNode
  | FromNode
  | PlatformNode
  | LanguageNode
  | KindNode
  | DateNode;

export type QueryNode = LeafNode | NotNode | AndNode | OrNode;

/** Something worth telling about a query that is not an error (see the parser's field rules). */
export interface QueryNotice extends Span {
  /** `name:value` with a name that is no field but looks like one: searched as text. */
  code: 'unknown_field';
  values: { name: string; suggestion: string };
}

export interface ParsedQuery {
  /** The query as typed. */
  input: string;
  root: QueryNode;
  notices: QueryNotice[];
}

/**
 * The platforms `platform:` accepts: those of the channel registry (src/channels/registry.ts)
 * and the importers; a test keeps this list equal to the registry's.
 */
export const SEARCH_PLATFORMS = ['mastodon', 'bluesky', 'facebook', 'instagram', 'x', 'rss'] as const;
export type SearchPlatform = (typeof SEARCH_PLATFORMS)[number];
