/**
 * A parsed query as a SQL condition on the messages table under the alias `m`. The SQL text is
 * made of fixed pieces only; every value from the query is a `$n` parameter.
 *
 * - Words and prefixes of one group become one tsquery (`&&`, `||`, `!!`) tested once with
 *   `m.search_vector @@ (…)`, so PostgreSQL answers them with one scan of the GIN index. Words
 *   go through `plainto_tsquery('dutch', …)` (stemmed as the messages are), prefixes through
 *   `to_tsquery('dutch', quote_literal(…) || ':*')`.
 * - Phrases, hashtags, mentions and fields are conditions of their own, combined with SQL
 *   `AND`/`OR`/`NOT`. Every condition is true or false, never null (`coalesce` on the columns that
 *   may be null), so `NOT` is exact: `-from:x` keeps the messages without an author handle.
 * - Stop words: `plainto_tsquery('dutch', 'de')` is an empty tsquery, which PostgreSQL drops from
 *   `&&` and `||` and which matches nothing on its own. In a group that is ANDed with other
 *   conditions (`de #afval`), a tsquery that turns out empty is left out: `numnode(q) = 0 OR …`,
 *   which PostgreSQL folds away when it plans with the values. A query whose text is only stop
 *   words (`de`, `de OF het`) matches nothing through its text; `text` lets the caller see that
 *   (`numnode(text) = 0`) and say so (errors.ts `stopWordsOnlyMessage`). A group of negations
 *   only is tested as `NOT (m.search_vector @@ (a || b))`, so `-de` is everything.
 * - Phrases: `(numnode(phraseto_tsquery('dutch', $a)) = 0 OR m.search_vector @@
 *   phraseto_tsquery('dutch', $a)) AND m.text ~* $b`, the index narrowing, the regular expression
 *   $b holding the exact words in order (case-insensitive, only non-alphanumerics between them).
 *   So a quoted single word is matched exactly, unstemmed: `"afval"` does not find `afvallen`.
 */
import type { LeafNode, PhraseNode, QueryNode } from './ast.ts';

export interface CompiledQuery {
  /** A boolean SQL expression over `m`, with parameters `$firstParam`… */
  where: string;
  params: unknown[];
  /**
   * The query's positive words, prefixes and phrases as one tsquery expression (ORed), with the
   * same parameters, for ranking and highlighting; null when the query has none. Use it in the
   * same statement as `where` (it refers to a subset of the parameters).
   */
  text: string | null;
}

export function compile(root: QueryNode, firstParam = 1): CompiledQuery {
  const compiler = new Compiler(firstParam);
  const where = compiler.condition(root);
  const positive = textLeaves(root, false);
  const parts = positive.map((leaf) => compiler.tsquery(leaf));
  const text =
    parts.length === 0 ? null : parts.length === 1 ? (parts[0] as string) : `(${parts.join(' || ')})`;
  return { where, params: compiler.params, text };
}

type TextLeaf = LeafNode & { type: 'term' | 'prefix' | 'phrase' };

/** The words, prefixes and phrases not under a negation (an even number cancels out). */
function textLeaves(node: QueryNode, negated: boolean): TextLeaf[] {
  switch (node.type) {
    case 'term':
    case 'prefix':
    case 'phrase':
      return negated ? [] : [node];
    case 'not':
      return textLeaves(node.operand, !negated);
    case 'and':
    case 'or':
      return node.operands.flatMap((o) => textLeaves(o, negated));
    default:
      return [];
  }
}

/** Words and prefixes combined with AND, OR and NOT only: one tsquery. */
function isText(node: QueryNode): boolean {
  switch (node.type) {
    case 'term':
    case 'prefix':
      return true;
    case 'not':
      return isText(node.operand);
    case 'and':
    case 'or':
      return node.operands.every(isText);
    default:
      return false;
  }
}

class Compiler {
  readonly params: unknown[] = [];
  /** Each leaf's parameter(s), so `text` reuses them. */
  private readonly placeholders = new Map<LeafNode, string[]>();

  constructor(private readonly firstParam: number) {}

  private param(leaf: LeafNode, ...values: string[]): string[] {
    let names = this.placeholders.get(leaf);
    if (!names) {
      names = values.map((value) => {
        this.params.push(value);
        return `$${this.firstParam + this.params.length - 1}`;
      });
      this.placeholders.set(leaf, names);
    }
    return names;
  }

  /** The tsquery of a text tree or of a phrase. */
  tsquery(node: QueryNode): string {
    switch (node.type) {
      case 'term':
        return `plainto_tsquery('dutch', ${this.param(node, node.text)[0]}::text)`;
      case 'prefix':
        return `to_tsquery('dutch', quote_literal(${this.param(node, node.prefix)[0]}::text) || ':*')`;
      case 'phrase':
        return `phraseto_tsquery('dutch', ${this.phraseParams(node)[0]}::text)`;
      case 'not':
        return `(!! ${this.tsquery(node.operand)})`;
      case 'and':
      case 'or':
        return `(${node.operands.map((o) => this.tsquery(o)).join(node.type === 'and' ? ' && ' : ' || ')})`;
      default:
        throw new Error(`${node.type} is no text`);
    }
  }

  condition(node: QueryNode): string {
    if (isText(node)) return this.textMatch([node], 'and', false);
    switch (node.type) {
      case 'phrase': {
        const [text, pattern] = this.phraseParams(node);
        const query = `phraseto_tsquery('dutch', ${text}::text)`;
        return `((numnode(${query}) = 0 OR m.search_vector @@ ${query}) AND m.text ~* ${pattern}::text)`;
      }
      case 'hashtag':
        return `m.hashtags @> ARRAY[${this.param(node, node.tag)[0]}::text]`;
      case 'mention':
        return `m.mentions @> ARRAY[${this.param(node, node.handle)[0]}::text]`;
      case 'from':
        return `coalesce(lower(m.author_handle) = ${this.param(node, node.handle)[0]}::text, false)`;
      case 'platform':
        return `m.platform = ${this.param(node, node.platform)[0]}::text`;
      case 'language':
        return `coalesce(split_part(m.language, '-', 1) = ${this.param(node, node.language)[0]}::text, false)`;
      case 'kind':
        return `m.kind = ${this.param(node, node.kind)[0]}::text`;
      case 'date': {
        const start = `(${this.param(node, node.date)[0]}::date::timestamp AT TIME ZONE 'Europe/Amsterdam')`;
        return `m.created_at ${node.bound === 'after' ? '>=' : '<'} ${start}`;
      }
      case 'not':
        return `(NOT (${this.condition(node.operand)}))`;
      case 'and':
      case 'or': {
        const text = node.operands.filter(isText);
        const rest = node.operands.filter((o) => !isText(o));
        const parts: string[] = [];
        if (text.length > 0) parts.push(this.textMatch(text, node.type, rest.length > 0));
        for (const operand of rest) parts.push(this.condition(operand));
        return `(${parts.join(node.type === 'and' ? ' AND ' : ' OR ')})`;
      }
      default:
        throw new Error(`no condition for ${node.type}`);
    }
  }

  /**
   * Text trees `nodes`, combined by `op`, as one test of the search vector. `besideOthers`: the
   * group is ANDed with other conditions, so a tsquery that is empty (stop words) drops out.
   */
  private textMatch(nodes: QueryNode[], op: 'and' | 'or', besideOthers: boolean): string {
    const negations = nodes.filter((n) => n.type === 'not');
    if (negations.length === nodes.length && (op === 'and' || nodes.length === 1)) {
      const positives = negations.map((n) => this.tsquery(n.operand));
      const query = positives.length === 1 ? (positives[0] as string) : `(${positives.join(' || ')})`;
      return `(NOT (m.search_vector @@ ${query}))`;
    }
    const parts = nodes.map((n) => this.tsquery(n));
    const query =
      parts.length === 1 ? (parts[0] as string) : `(${parts.join(op === 'and' ? ' && ' : ' || ')})`;
    if (op === 'and' && besideOthers) return `(numnode(${query}) = 0 OR m.search_vector @@ ${query})`;
    return `m.search_vector @@ ${query}`;
  }

  /** A phrase's two parameters: its text for the index, the exact-order pattern for the recheck. */
  private phraseParams(node: PhraseNode): string[] {
    return this.param(node, node.text, phrasePattern(node.words));
  }
}

/**
 * A PostgreSQL regular expression (ARE) matching `words` in this order as whole words with only
 * non-alphanumeric characters between them: `\mniet[^[:alnum:]]+goed\M`. Each word's characters
 * other than letters and digits (combining marks) are escaped with a backslash.
 */
export function phrasePattern(words: readonly string[]): string {
  const escaped = words.map((word) => word.replace(/[^\p{L}\p{N}]/gu, (c) => `\\${c}`));
  return `\\m${escaped.join('[^[:alnum:]]+')}\\M`;
}
