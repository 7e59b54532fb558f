/**
 * What is wrong with a query, as data: a stable code, where (1-based character position and
 * length) and the values its message needs. The words live in the web app's catalogue
 * (src/web/i18n/search.ts), in Dutch and English; `describeQueryError` puts them together, e.g.
 * `Onverwacht ")" op positie 7. Tip: …`.
 */
import { type Locale, type MessageKey, t } from '../../web/i18n/index.ts';
import type { QueryNotice } from './ast.ts';

export const QUERY_ERROR_CODES = [
  'empty', // nothing to search for once spaces, control characters and lone punctuation are gone
  'unexpected_close', // `)` without `(`
  'missing_close', // `(` never closed: at the `(`
  'empty_group', // `()`
  'dangling_operator', // `afval AND`, `NOT )`
  'leading_operator', // `OR afval`, `(AND afval)`
  'double_operator', // `afval AND OR parkeren`
  'unterminated_quote', // `"niet goed`: at the quote
  'empty_phrase', // `""`, `"!!"`
  'bad_wildcard', // `*gunning`, `ver*ning`, `v*`
  'bad_date', // `after:2025-02-30`, `before:gisteren`
  'unknown_platform', // `platform:myspace`
  'unknown_kind', // `kind:tweet`
  'bad_language', // `lang:nederlands`
  'empty_value', // `from:` (also `from: x`, with a space)
  'too_long', // more than QUERY_LIMITS.maxLength characters
  'too_many_terms', // more than QUERY_LIMITS.maxTerms search terms
  'too_deep', // parentheses nested more than QUERY_LIMITS.maxDepth deep
] as const;
export type QueryErrorCode = (typeof QUERY_ERROR_CODES)[number];

export interface QueryError {
  code: QueryErrorCode;
  /** 1-based character (code point) position in the query as typed. */
  position: number;
  /** Characters the problem covers (0 for "at the end"). */
  length: number;
  /** What the message needs besides the position: the operator, the value, the maximum… */
  values: Readonly<Record<string, string | number>>;
}

/** Thrown inside the lexer and parser only; `parseQuery` returns the error instead. */
export class QueryErrorSignal extends Error {
  constructor(readonly error: QueryError) {
    super(error.code);
  }
}

export function queryError(
  code: QueryErrorCode,
  position: number,
  length: number,
  values: Readonly<Record<string, string | number>> = {},
): QueryErrorSignal {
  return new QueryErrorSignal({ code, position, length, values });
}

/** The catalogue keys of each error's message and hint, written out so each key is found in src. */
const ERROR_KEYS: Record<QueryErrorCode, { message: MessageKey; hint: MessageKey }> = {
  empty: { message: 'search.error.empty', hint: 'search.error.empty.hint' },
  unexpected_close: { message: 'search.error.unexpectedClose', hint: 'search.error.unexpectedClose.hint' },
  missing_close: { message: 'search.error.missingClose', hint: 'search.error.missingClose.hint' },
  empty_group: { message: 'search.error.emptyGroup', hint: 'search.error.emptyGroup.hint' },
  dangling_operator: {
    message: 'search.error.danglingOperator',
    hint: 'search.error.danglingOperator.hint',
  },
  leading_operator: { message: 'search.error.leadingOperator', hint: 'search.error.leadingOperator.hint' },
  double_operator: { message: 'search.error.doubleOperator', hint: 'search.error.doubleOperator.hint' },
  unterminated_quote: {
    message: 'search.error.unterminatedQuote',
    hint: 'search.error.unterminatedQuote.hint',
  },
  empty_phrase: { message: 'search.error.emptyPhrase', hint: 'search.error.emptyPhrase.hint' },
  bad_wildcard: { message: 'search.error.badWildcard', hint: 'search.error.badWildcard.hint' },
  bad_date: { message: 'search.error.badDate', hint: 'search.error.badDate.hint' },
  unknown_platform: { message: 'search.error.unknownPlatform', hint: 'search.error.unknownPlatform.hint' },
  unknown_kind: { message: 'search.error.unknownKind', hint: 'search.error.unknownKind.hint' },
  bad_language: { message: 'search.error.badLanguage', hint: 'search.error.badLanguage.hint' },
  empty_value: { message: 'search.error.emptyValue', hint: 'search.error.emptyValue.hint' },
  too_long: { message: 'search.error.tooLong', hint: 'search.error.tooLong.hint' },
  too_many_terms: { message: 'search.error.tooManyTerms', hint: 'search.error.tooManyTerms.hint' },
  too_deep: { message: 'search.error.tooDeep', hint: 'search.error.tooDeep.hint' },
};

/** The message and the hint of `error`, separately (the web app shows the hint below the field). */
export function queryErrorParts(error: QueryError, locale: Locale): { message: string; hint: string } {
  const keys = ERROR_KEYS[error.code];
  const values = { ...error.values, position: error.position };
  return { message: t(locale, keys.message, values), hint: t(locale, keys.hint, values) };
}

/** The whole message: `Onverwacht ")" op positie 7. Tip: …`. */
export function describeQueryError(error: QueryError, locale: Locale): string {
  return t(locale, 'search.error.withHint', queryErrorParts(error, locale));
}

/** A notice in words: `"van:" op positie 1 is geen zoekveld; … Bedoelde u from:?`. */
export function describeQueryNotice(notice: QueryNotice, locale: Locale): string {
  return t(locale, 'search.notice.unknownField', { ...notice.values, position: notice.position });
}

/** For a query whose words are all so common that the Dutch dictionary skips them (`de`, `het`). */
export function stopWordsOnlyMessage(locale: Locale): string {
  return t(locale, 'search.stopWordsOnly');
}

/**
 * Part of a query as a message shows it: control and invisible characters as spaces, at most
 * 40 characters (the message is about a spot in the query, not a copy of it).
 */
export function shown(text: string): string {
  const clean = text
    .replace(/[\s\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]+/gu, ' ')
    .trim()
    .normalize('NFC');
  const chars = Array.from(clean);
  return chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : clean;
}
