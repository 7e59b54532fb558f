/**
 * The listening query language: `parseQuery` (text → typed tree, or an error with its position),
 * `compileQuery` (tree → parameterised SQL condition on `messages m`) and `highlightTargets`
 * (what to mark in a hit). The grammar is in parser.ts, how characters are read in lexer.ts,
 * the SQL in compile.ts.
 */
import type { ParsedQuery, QueryNode } from './ast.ts';
import { type CompiledQuery, compile } from './compile.ts';
import type { QueryError } from './errors.ts';
import { parse } from './parser.ts';

export type { ParsedQuery, QueryNode, QueryNotice } from './ast.ts';
export { SEARCH_PLATFORMS } from './ast.ts';
export type { CompiledQuery } from './compile.ts';
export {
  describeQueryError,
  describeQueryNotice,
  type QueryError,
  type QueryErrorCode,
  queryErrorParts,
  stopWordsOnlyMessage,
} from './errors.ts';
export { QUERY_LIMITS } from './lexer.ts';

/** Parses a query as typed; never throws. */
export function parseQuery(
  input: string,
): { ok: true; query: ParsedQuery } | { ok: false; error: QueryError } {
  return parse(input);
}

/** The SQL condition of a parsed query; its parameters are numbered from `firstParam`. */
export function compileQuery(query: ParsedQuery, firstParam: number): CompiledQuery {
  return compile(query.root, firstParam);
}

export interface HighlightTargets {
  /** Words as typed (PostgreSQL stems them: `ts_headline` with the query marks every form). */
  words: string[];
  /** Starts of words (`vergunn` of `vergunn*`). */
  prefixes: string[];
  phrases: string[];
  /** Lower case, without `#`. */
  hashtags: string[];
  /** Lower case, without `@`. */
  mentions: string[];
}

/** What a hit is found by, to mark it: the query's parts that are not negated, each once. */
export function highlightTargets(query: ParsedQuery): HighlightTargets {
  const targets: HighlightTargets = { words: [], prefixes: [], phrases: [], hashtags: [], mentions: [] };
  const add = (list: string[], value: string) => {
    if (!list.includes(value)) list.push(value);
  };
  const visit = (node: QueryNode, negated: boolean): void => {
    switch (node.type) {
      case 'not':
        visit(node.operand, !negated);
        return;
      case 'and':
      case 'or':
        for (const operand of node.operands) visit(operand, negated);
        return;
    }
    if (negated) return;
    if (node.type === 'term') add(targets.words, node.text);
    else if (node.type === 'prefix') add(targets.prefixes, node.prefix);
    else if (node.type === 'phrase') add(targets.phrases, node.text);
    else if (node.type === 'hashtag') add(targets.hashtags, node.tag);
    else if (node.type === 'mention') add(targets.mentions, node.handle);
  };
  visit(query.root, false);
  return targets;
}
