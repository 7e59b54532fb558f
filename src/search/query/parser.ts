/**
 * Recursive-descent parser of the query language. Grammar (tokens from lexer.ts):
 *
 *   query   := or END
 *   or      := and (OR and)*                          OR, OF
 *   and     := unary ([AND] unary)*                   AND, EN, or nothing: implicit AND
 *   unary   := (NOT | '-') unary | primary            NOT, NIET, -; binds tightest
 *   primary := '(' or ')' | term | prefix | phrase | #hashtag | @mention | field
 *
 * So `a OR b c` is `a OR (b AND c)`, `NOT a b` is `(NOT a) AND b` and `-a OR b` is
 * `(NOT a) OR b`. Negations stack without recursion (an even number cancels out); only
 * parentheses recurse, and no deeper than the depth limit, so no input can overflow the stack.
 * Together with the length and term limits every query is parsed in time linear in its length.
 */
import type { ParsedQuery, QueryNode } from './ast.ts';
import { type QueryError, QueryErrorSignal, queryError } from './errors.ts';
import { Lexer, QUERY_LIMITS, type QueryLimits, type Token } from './lexer.ts';

export type ParseResult = { ok: true; query: ParsedQuery } | { ok: false; error: QueryError };

/** Parses `input`; never throws for any string. `limits` is for tests of the limits. */
export function parse(input: string, limits: Readonly<QueryLimits> = QUERY_LIMITS): ParseResult {
  try {
    return { ok: true, query: parseOrThrow(String(input), limits) };
  } catch (error) {
    if (error instanceof QueryErrorSignal) return { ok: false, error: error.error };
    throw error;
  }
}

function parseOrThrow(input: string, limits: Readonly<QueryLimits>): ParsedQuery {
  // More UTF-16 units than twice the limit is more characters than the limit: no need to count.
  if (input.length > limits.maxLength * 2) {
    throw queryError('too_long', limits.maxLength + 1, 1, { max: limits.maxLength });
  }
  const chars = Array.from(input);
  if (chars.length > limits.maxLength) {
    throw queryError('too_long', limits.maxLength + 1, chars.length - limits.maxLength, {
      max: limits.maxLength,
    });
  }
  const lexer = new Lexer(chars, limits);
  const parser = new Parser(lexer, limits);
  const first = lexer.peek();
  if (first.kind === 'end') throw queryError('empty', 1, 0);
  const root = parser.or(0);
  const rest = lexer.peek();
  if (rest.kind === 'rparen') throw queryError('unexpected_close', rest.position, 1);
  if (rest.kind !== 'end') throw new Error(`parser stopped before ${rest.kind}`);
  return { input, root, notices: lexer.notices };
}

class Parser {
  constructor(
    private readonly lexer: Lexer,
    private readonly limits: Readonly<QueryLimits>,
  ) {}

  or(depth: number): QueryNode {
    const operands = [this.and(depth)];
    for (let token = this.lexer.peek(); isOp(token, 'or'); token = this.lexer.peek()) {
      this.lexer.next();
      this.expectOperand(token);
      operands.push(this.and(depth));
    }
    return combine('or', operands);
  }

  and(depth: number): QueryNode {
    const operands = [this.unary(depth)];
    for (;;) {
      const token = this.lexer.peek();
      if (isOp(token, 'and')) {
        this.lexer.next();
        this.expectOperand(token);
      } else if (!startsOperand(token)) {
        break;
      }
      operands.push(this.unary(depth));
    }
    return combine('and', operands);
  }

  unary(depth: number): QueryNode {
    let negations = 0;
    for (
      let token = this.lexer.peek();
      token.kind === 'minus' || isOp(token, 'not');
      token = this.lexer.peek()
    ) {
      this.lexer.next();
      if (token.kind === 'op') this.expectOperand(token);
      negations++;
    }
    const operand = this.primary(depth);
    return negations % 2 === 1 ? negate(operand) : operand;
  }

  primary(depth: number): QueryNode {
    const token = this.lexer.next();
    switch (token.kind) {
      case 'leaf':
        return token.node;
      case 'lparen': {
        if (depth + 1 > this.limits.maxDepth) {
          throw queryError('too_deep', token.position, 1, { max: this.limits.maxDepth });
        }
        const first = this.lexer.peek();
        if (first.kind === 'end') throw queryError('missing_close', token.position, 1);
        if (first.kind === 'rparen') {
          throw queryError('empty_group', token.position, first.position - token.position + 1);
        }
        const inner = this.or(depth + 1);
        const close = this.lexer.next();
        if (close.kind !== 'rparen') throw queryError('missing_close', token.position, 1);
        return inner;
      }
      case 'rparen':
        throw queryError('unexpected_close', token.position, 1);
      case 'op':
        // Only AND and OR get here (NOT is unary): nothing stands before them.
        throw queryError('leading_operator', token.position, token.length, { operator: token.text });
      case 'minus':
      case 'end':
        // The lexer emits a minus only before an operand, and an operator checks for one.
        throw new Error(`unexpected ${token.kind} token`);
    }
  }

  /** After an operator: an operand must follow, not the end, a `)` or another AND/OR. */
  private expectOperand(operator: Token & { kind: 'op' }): void {
    const next = this.lexer.peek();
    if (next.kind === 'end' || next.kind === 'rparen') {
      throw queryError('dangling_operator', operator.position, operator.length, { operator: operator.text });
    }
    if (next.kind === 'op' && next.op !== 'not') {
      throw queryError('double_operator', next.position, next.length, {
        first: operator.text,
        operator: next.text,
      });
    }
  }
}

function isOp(token: Token, op: 'and' | 'or' | 'not'): token is Token & { kind: 'op' } {
  return token.kind === 'op' && token.op === op;
}

function startsOperand(token: Token): boolean {
  return token.kind === 'leaf' || token.kind === 'lparen' || token.kind === 'minus' || isOp(token, 'not');
}

function negate(node: QueryNode): QueryNode {
  return node.type === 'not' ? node.operand : { type: 'not', operand: node };
}

function combine(type: 'and' | 'or', operands: QueryNode[]): QueryNode {
  if (operands.length === 1) return operands[0] as QueryNode;
  return { type, operands: operands.flatMap((o) => (o.type === type ? o.operands : [o])) };
}
