/**
 * The tokenizer of the query language. It reads the query as characters (code points, so
 * positions match what a person counts, emoji included) and hands the parser one token at a
 * time, so the first problem from the left is the one reported.
 *
 * How the characters are read:
 * - Separators: white space of every kind, control characters (U+0000–U+001F, U+007F–U+009F),
 *   line and paragraph separators (U+2028, U+2029), U+200B and lone surrogates. So a NUL never
 *   reaches PostgreSQL. Other invisible format characters (soft hyphen, joiners, direction marks)
 *   are dropped without splitting a word.
 * - `(`, `)` and quotation marks (`"`, and the typographic `“`, `”`, `„`) stand on their own.
 * - Everything else forms chunks, read up to the next separator, parenthesis or quote. A chunk is:
 *   an operator (`AND`/`EN`, `OR`/`OF`, `NOT`/`NIET`, in capitals only: `of` and `niet` are
 *   common Dutch words); a negation (leading `-`, also before `(` or a quote; several `-` count
 *   once; a `-` with nothing after it is punctuation); a field `name:value` with a known name; a
 *   `#hashtag` or `@mention` by the rules of src/domain/mentions.ts; a prefix `vergunn*`; or else
 *   a term: the chunk without leading and trailing punctuation. A term keeps its inner
 *   punctuation (`e-mail`, `'s-Hertogenbosch`, `tijd:12:00`) and PostgreSQL splits it into
 *   words exactly as it splits message text. A chunk without a letter or digit is punctuation and
 *   is skipped (`;`, `--`, `*`).
 * - An unknown field name is no error: `name:value` is searched as text, because colons are
 *   common in what people write (`tijd:12:00`, `let op:`, addresses). A misspelt field would then
 *   silently become a text search, so a name that looks like a field (`form:`, `taal:`, `van:`)
 *   also gives a notice naming the field it probably meant.
 */
import { hashtagsInText, mentionsInText } from '../../domain/mentions.ts';
import type { MessageKind } from '../../domain/message.ts';
import { type LeafNode, type QueryNotice, SEARCH_PLATFORMS, type SearchPlatform } from './ast.ts';
import { queryError, shown } from './errors.ts';

export interface QueryLimits {
  /** Characters (code points) in the whole query; saved searches hold as many. */
  maxLength: number;
  /** Search terms: words, prefixes, phrases, hashtags, mentions and fields together. */
  maxTerms: number;
  /** Parentheses inside each other. */
  maxDepth: number;
}

export const QUERY_LIMITS: Readonly<QueryLimits> = { maxLength: 2000, maxTerms: 200, maxDepth: 32 };

export type Operator = 'and' | 'or' | 'not';

export type Token =
  | { kind: 'lparen' | 'rparen' | 'minus' | 'end'; position: number; length: number }
  | { kind: 'op'; op: Operator; text: string; position: number; length: number }
  | { kind: 'leaf'; node: LeafNode; position: number; length: number };

const OPERATORS: Readonly<Record<string, Operator>> = {
  AND: 'and',
  EN: 'and',
  OR: 'or',
  OF: 'or',
  NOT: 'not',
  NIET: 'not',
};

const FIELDS = ['from', 'platform', 'lang', 'kind', 'before', 'after'] as const;
type Field = (typeof FIELDS)[number];

const FIELD_EXAMPLES: Readonly<Record<Field, string>> = {
  from: 'from:gemeenteutrecht',
  platform: 'platform:mastodon',
  lang: 'lang:nl',
  kind: 'kind:reply',
  before: 'before:2025-03-31',
  after: 'after:2025-03-01',
};

/** Names people may type for a field; used only to suggest the field in a notice. */
const FIELD_LOOKALIKES: Readonly<Record<string, Field>> = {
  van: 'from',
  door: 'from',
  auteur: 'from',
  afzender: 'from',
  author: 'from',
  user: 'from',
  platforms: 'platform',
  kanaal: 'platform',
  taal: 'lang',
  language: 'lang',
  soort: 'kind',
  type: 'kind',
  na: 'after',
  vanaf: 'after',
  sinds: 'after',
  since: 'after',
  tot: 'before',
  voor: 'before',
  until: 'before',
};

const PLATFORM_ALIASES: Readonly<Record<string, SearchPlatform>> = { twitter: 'x' };

const KINDS: Readonly<Record<string, MessageKind>> = {
  post: 'post',
  bericht: 'post',
  reply: 'reply',
  reactie: 'reply',
  antwoord: 'reply',
  repost: 'repost',
  doorgestuurd: 'repost',
  quote: 'quote',
  citaat: 'quote',
  comment: 'comment',
  commentaar: 'comment',
  dm: 'dm',
  privebericht: 'dm',
  privébericht: 'dm',
};
const KIND_NAMES = 'post, reply, repost, quote, comment, dm';

const SEPARATOR = /^[\s\p{Cc}\p{Cs}\p{Zl}\p{Zp}\p{Zs}\u200b]$/u;
const IGNORABLE = /^\p{Cf}$/u;
const QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e']);
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const TAG_CHAR = /^[\p{L}\p{N}_]$/u;
const TAG = /^[\p{L}\p{N}_]+$/u;
const REMOTE_HANDLE = /^[\p{L}\p{N}_]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u;
const FIELD_NAME = /^[A-Za-z]$/;
const CONTRACTION = /^['\u2019][stn](?:-|$)/i;

/** A chunk: its characters (invisible format characters left out) and where each stood (0-based). */
interface Chunk {
  cps: string[];
  at: number[];
  /** 0-based index just past the chunk. */
  end: number;
}

export class Lexer {
  private i = 0;
  private terms = 0;
  private readonly queue: Token[] = [];
  readonly notices: QueryNotice[] = [];

  constructor(
    private readonly chars: readonly string[],
    private readonly limits: Readonly<QueryLimits>,
  ) {}

  peek(): Token {
    while (this.queue.length === 0) this.read();
    return this.queue[0] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.queue.shift();
    return token;
  }

  /** Reads on until at least one token is queued (or the end is). */
  private read(): void {
    const { chars } = this;
    while (this.i < chars.length && SEPARATOR.test(chars[this.i] as string)) this.i++;
    const start = this.i;
    if (start >= chars.length) {
      this.queue.push({ kind: 'end', position: chars.length + 1, length: 0 });
      return;
    }
    const c = chars[start] as string;
    if (c === '(' || c === ')') {
      this.i++;
      this.queue.push({ kind: c === '(' ? 'lparen' : 'rparen', position: start + 1, length: 1 });
      return;
    }
    if (QUOTES.has(c)) {
      this.phrase(start);
      return;
    }
    const chunk = this.chunk(start);
    this.i = chunk.end;
    if (chunk.cps.length > 0) this.interpret(chunk);
  }

  private chunk(start: number): Chunk {
    const { chars } = this;
    const cps: string[] = [];
    const at: number[] = [];
    let j = start;
    for (; j < chars.length; j++) {
      const c = chars[j] as string;
      if (SEPARATOR.test(c) || c === '(' || c === ')' || QUOTES.has(c)) break;
      if (IGNORABLE.test(c)) continue;
      cps.push(c);
      at.push(j);
    }
    return { cps, at, end: j };
  }

  private phrase(start: number): void {
    const { chars } = this;
    let close = start + 1;
    while (close < chars.length && !QUOTES.has(chars[close] as string)) close++;
    if (close >= chars.length) throw queryError('unterminated_quote', start + 1, 1);
    const inner = chars
      .slice(start + 1, close)
      .filter((c) => !IGNORABLE.test(c))
      .map((c) => (SEPARATOR.test(c) ? ' ' : c))
      .join('')
      .normalize('NFC');
    const words = (inner.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).filter((w) => /[\p{L}\p{N}]/u.test(w));
    const span = { position: start + 1, length: close - start + 1 };
    if (words.length === 0) throw queryError('empty_phrase', span.position, span.length);
    this.i = close + 1;
    this.leaf({ type: 'phrase', text: inner.replace(/ +/g, ' ').trim(), words, ...span });
  }

  private interpret(chunk: Chunk): void {
    const { cps, at, end } = chunk;
    let dashes = 0;
    while (cps[dashes] === '-') dashes++;
    if (dashes === 0) {
      const word = cps.join('');
      const op = OPERATORS[word];
      if (op) {
        this.queue.push({
          kind: 'op',
          op,
          text: word,
          position: (at[0] as number) + 1,
          length: end - (at[0] as number),
        });
        return;
      }
      const leaf = this.item(chunk);
      if (leaf) this.leaf(leaf);
      return;
    }
    const minus = { kind: 'minus' as const, position: (at[0] as number) + 1, length: dashes };
    if (dashes === cps.length) {
      // Only dashes: a negation of the group or phrase right behind it, else punctuation.
      const after = this.chars[end];
      if (after !== undefined && (after === '(' || QUOTES.has(after))) this.queue.push(minus);
      return;
    }
    const leaf = this.item({ cps: cps.slice(dashes), at: at.slice(dashes), end });
    if (!leaf) return;
    this.queue.push(minus);
    this.leaf(leaf);
  }

  /** A chunk as a leaf, or null when it is punctuation only. */
  private item(chunk: Chunk): LeafNode | null {
    const { cps } = chunk;
    const field = this.field(chunk);
    if (field !== undefined) return field;
    if (cps[0] === '#' || cps[0] === '@') {
      const tag = this.tagOrMention(chunk);
      if (tag) return tag;
    }
    if (cps.includes('*')) return this.prefix(chunk);
    let first = cps.findIndex((c) => LETTER_OR_DIGIT.test(c));
    if (first < 0) return null;
    // The Dutch contractions keep their apostrophe: 's-Hertogenbosch, 't Harde.
    if (first === 1 && CONTRACTION.test(cps.slice(0, 3).join(''))) first = 0;
    let last = cps.length - 1;
    while (!WORD_CHAR.test(cps[last] as string)) last--;
    return {
      type: 'term',
      text: cps
        .slice(first, last + 1)
        .join('')
        .normalize('NFC'),
      ...span(chunk, first, last),
    };
  }

  /** A known field (or its error); undefined when the chunk is no `name:value` with a known name. */
  private field(chunk: Chunk): LeafNode | undefined {
    const { cps } = chunk;
    const colon = cps.indexOf(':');
    if (colon < 1 || !cps.slice(0, colon).every((c) => FIELD_NAME.test(c))) return undefined;
    const name = cps.slice(0, colon).join('').toLowerCase();
    if (!(FIELDS as readonly string[]).includes(name)) {
      const valueHasWord = cps.slice(colon + 1).some((c) => LETTER_OR_DIGIT.test(c));
      const suggestion = valueHasWord ? suggestField(name) : undefined;
      if (suggestion) {
        this.notices.push({
          code: 'unknown_field',
          ...span(chunk, 0, cps.length - 1),
          values: { name: cps.slice(0, colon).join(''), suggestion },
        });
      }
      return undefined;
    }
    const fieldName = name as Field;
    const whole = span(chunk, 0, cps.length - 1);
    let from = colon + 1;
    if (fieldName === 'from') while (cps[from] === '@') from++;
    let to = cps.length - 1;
    while (to >= from && !TAG_CHAR.test(cps[to] as string)) to--;
    const valueCps = cps.slice(from, to + 1);
    if (!valueCps.some((c) => LETTER_OR_DIGIT.test(c))) {
      throw queryError('empty_value', whole.position, whole.length, {
        field: fieldName,
        example: FIELD_EXAMPLES[fieldName],
      });
    }
    const value = valueCps.join('').normalize('NFC');
    const valueSpan = span(chunk, colon + 1, cps.length - 1);
    const bad = (code: 'bad_date' | 'unknown_platform' | 'unknown_kind' | 'bad_language', extra = {}) =>
      queryError(code, valueSpan.position, valueSpan.length, {
        field: fieldName,
        value: shown(cps.slice(colon + 1).join('')),
        ...extra,
      });
    switch (fieldName) {
      case 'from':
        return { type: 'from', handle: value.toLowerCase(), ...whole };
      case 'platform': {
        const lower = value.toLowerCase();
        const platform = PLATFORM_ALIASES[lower] ?? SEARCH_PLATFORMS.find((p) => p === lower) ?? undefined;
        if (!platform) throw bad('unknown_platform', { allowed: SEARCH_PLATFORMS.join(', ') });
        return { type: 'platform', platform, ...whole };
      }
      case 'lang':
        if (!/^[A-Za-z]{2,3}$/.test(value)) throw bad('bad_language');
        return { type: 'language', language: value.toLowerCase(), ...whole };
      case 'kind': {
        const kind = KINDS[value.toLowerCase()];
        if (!kind) throw bad('unknown_kind', { allowed: KIND_NAMES });
        return { type: 'kind', kind, ...whole };
      }
      case 'before':
      case 'after':
        if (!isCalendarDate(value)) throw bad('bad_date');
        return { type: 'date', bound: fieldName, date: value, ...whole };
    }
  }

  private tagOrMention(chunk: Chunk): LeafNode | null {
    const { cps } = chunk;
    let last = cps.length - 1;
    while (last > 0 && !TAG_CHAR.test(cps[last] as string)) last--;
    const sigil = cps[0] as '#' | '@';
    const body = cps
      .slice(1, last + 1)
      .join('')
      .normalize('NFC');
    const lower = body.toLowerCase();
    if (sigil === '#') {
      if (TAG.test(body) && hashtagsInText(`#${body}`)[0] === lower) {
        return { type: 'hashtag', tag: lower, ...span(chunk, 0, last) };
      }
      return null;
    }
    if ((TAG.test(body) && mentionsInText(`@${body}`)[0] === lower) || REMOTE_HANDLE.test(body)) {
      return { type: 'mention', handle: lower, ...span(chunk, 0, last) };
    }
    return null;
  }

  private prefix(chunk: Chunk): LeafNode | null {
    const { cps } = chunk;
    const keep = (c: string) => WORD_CHAR.test(c) || c === '*';
    let first = 0;
    while (first < cps.length && !keep(cps[first] as string)) first++;
    let last = cps.length - 1;
    while (last >= first && !keep(cps[last] as string)) last--;
    const core = cps.slice(first, last + 1);
    if (!core.some((c) => LETTER_OR_DIGIT.test(c))) return null;
    const stem = core.slice(0, -1);
    const letters = stem.filter((c) => LETTER_OR_DIGIT.test(c)).length;
    if (core[core.length - 1] !== '*' || letters < 2 || !stem.every((c) => WORD_CHAR.test(c))) {
      const whole = span(chunk, 0, cps.length - 1);
      throw queryError('bad_wildcard', whole.position, whole.length, { token: shown(cps.join('')) });
    }
    return { type: 'prefix', prefix: stem.join('').normalize('NFC'), ...span(chunk, first, last) };
  }

  private leaf(node: LeafNode): void {
    this.terms++;
    if (this.terms > this.limits.maxTerms) {
      throw queryError('too_many_terms', node.position, node.length, { max: this.limits.maxTerms });
    }
    this.queue.push({ kind: 'leaf', node, position: node.position, length: node.length });
  }
}

/** The span of characters `from`..`to` (inclusive, indexes into the chunk) in the query. */
function span(chunk: Chunk, from: number, to: number): { position: number; length: number } {
  const start = chunk.at[from] as number;
  return { position: start + 1, length: (chunk.at[to] as number) - start + 1 };
}

/** `YYYY-MM-DD` naming a day that exists (year 1 to 9999). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}

/** The field a name that is none probably meant: a Dutch or English word for it, or a typo. */
function suggestField(name: string): Field | undefined {
  const lookalike = FIELD_LOOKALIKES[name];
  if (lookalike) return lookalike;
  if (name.length < 3) return undefined;
  return FIELDS.find((field) => editDistance(name, field) <= (field.length >= 6 ? 2 : 1));
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const up = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}
