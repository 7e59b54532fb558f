import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ADAPTERS } from '../../channels/registry.ts';
import { MESSAGE_KINDS } from '../../domain/message.ts';
import { search } from '../../web/i18n/search.ts';
import type { QueryNode } from './ast.ts';
import { phrasePattern } from './compile.ts';
import { QUERY_ERROR_CODES, type QueryError } from './errors.ts';
import {
  compileQuery,
  describeQueryError,
  describeQueryNotice,
  highlightTargets,
  type ParsedQuery,
  parseQuery,
  QUERY_LIMITS,
  queryErrorParts,
  SEARCH_PLATFORMS,
  stopWordsOnlyMessage,
} from './index.ts';
import { parse } from './parser.ts';

function ok(input: string): ParsedQuery {
  const result = parseQuery(input);
  if (!result.ok) assert.fail(`${JSON.stringify(input)} failed: ${describeQueryError(result.error, 'en')}`);
  return result.query;
}

function fail(input: string): QueryError {
  const result = parseQuery(input);
  if (result.ok) assert.fail(`${JSON.stringify(input)} parsed as ${show(result.query.root)}`);
  return result.error;
}

/** A tree as compact text: and(…), or(…), not(…), leaves as type:value. */
function show(node: QueryNode): string {
  switch (node.type) {
    case 'and':
    case 'or':
      return `${node.type}(${node.operands.map(show).join(', ')})`;
    case 'not':
      return `not(${show(node.operand)})`;
    case 'term':
      return node.text;
    case 'prefix':
      return `${node.prefix}*`;
    case 'phrase':
      return `"${node.text}"`;
    case 'hashtag':
      return `#${node.tag}`;
    case 'mention':
      return `@${node.handle}`;
    case 'from':
      return `from:${node.handle}`;
    case 'platform':
      return `platform:${node.platform}`;
    case 'language':
      return `lang:${node.language}`;
    case 'kind':
      return `kind:${node.kind}`;
    case 'date':
      return `${node.bound}:${node.date}`;
  }
}

function tree(input: string): string {
  return show(ok(input).root);
}

function errorAt(input: string): [string, number, number] {
  const error = fail(input);
  return [error.code, error.position, error.length];
}

describe('terms', () => {
  test('a word, with letters of any script and digits', () => {
    assert.equal(tree('vergunning'), 'vergunning');
    assert.equal(tree('één'), 'één');
    assert.equal(tree('Ĳsselstein'), 'Ĳsselstein');
    assert.equal(tree('2025'), '2025');
    assert.equal(tree('שלום'), 'שלום');
  });

  test('inner -, apostrophe and dot stay (PostgreSQL splits them as in the messages); outer punctuation goes', () => {
    assert.equal(tree('e-mail'), 'e-mail');
    assert.equal(tree("'s-Hertogenbosch"), "'s-Hertogenbosch");
    assert.equal(tree('’t'), '’t');
    assert.equal(tree('Den.Haag'), 'Den.Haag');
    assert.equal(tree('afval, container.'), 'and(afval, container)');
    assert.equal(tree('(afval)!'), 'afval');
    assert.equal(tree("'afval'"), 'afval');
    assert.equal(tree('...afval...'), 'afval');
  });

  test('whitespace separates, adjacent terms are ANDed and flattened', () => {
    assert.equal(tree('afval  container\tbak\nleeg'), 'and(afval, container, bak, leeg)');
    assert.equal(tree('(afval container) bak'), 'and(afval, container, bak)');
  });

  test('a term remembers where it stood (1-based, in characters)', () => {
    const root = ok('🙂 afval').root;
    assert.deepEqual(root, { type: 'term', text: 'afval', position: 3, length: 5 });
  });

  test('text is NFC-normalised', () => {
    assert.equal(tree('e\u0301e\u0301n'), 'één');
  });
});

describe('prefixes', () => {
  test('a trailing * after at least two letters or digits', () => {
    assert.equal(tree('vergunn*'), 'vergunn*');
    assert.equal(tree('VERGUNN*'), 'VERGUNN*');
    assert.equal(tree('ve*'), 've*');
    assert.equal(tree('vergunn*,'), 'vergunn*');
    assert.deepEqual(ok('x vergunn*').root, {
      type: 'and',
      operands: [
        { type: 'term', text: 'x', position: 1, length: 1 },
        { type: 'prefix', prefix: 'vergunn', position: 3, length: 8 },
      ],
    });
  });

  test('a * anywhere else is an error at the word, with a hint', () => {
    assert.deepEqual(errorAt('afval *gunning'), ['bad_wildcard', 7, 8]);
    assert.deepEqual(errorAt('ver*ning'), ['bad_wildcard', 1, 8]);
    assert.deepEqual(errorAt('v*'), ['bad_wildcard', 1, 2]);
    assert.deepEqual(errorAt('vergunn**'), ['bad_wildcard', 1, 9]);
    assert.deepEqual(errorAt('e-mai*'), ['bad_wildcard', 1, 6]);
    assert.match(describeQueryError(fail('v*'), 'nl'), /minstens 2 letters/);
    assert.equal(fail('*gunning').values.token, '*gunning');
  });

  test('a lone * is punctuation', () => {
    assert.equal(tree('afval * container'), 'and(afval, container)');
    assert.deepEqual(errorAt('*'), ['empty', 1, 0]);
  });
});

describe('phrases', () => {
  test('the words between quotes, in order', () => {
    const root = ok('"niet  goed!"').root;
    assert.deepEqual(root, {
      type: 'phrase',
      text: 'niet goed!',
      words: ['niet', 'goed'],
      position: 1,
      length: 13,
    });
    assert.equal(tree('afval "niet opgehaald" bak'), 'and(afval, "niet opgehaald", bak)');
  });

  test('typographic quotes work too', () => {
    assert.equal(tree('„niet goed”'), '"niet goed"');
    assert.equal(tree('“niet goed”'), '"niet goed"');
  });

  test('operators, fields and sigils inside a phrase are words', () => {
    assert.deepEqual((ok('"afval OR -niet #x from:y"').root as { words: string[] }).words, [
      'afval',
      'OR',
      'niet',
      'x',
      'from',
      'y',
    ]);
  });

  test('control characters inside become spaces', () => {
    assert.equal(tree('"niet\u0000goed\u2028nu"'), '"niet goed nu"');
  });

  test('an unterminated quote is an error at the quote; an empty phrase too', () => {
    assert.deepEqual(errorAt('afval "niet goed'), ['unterminated_quote', 7, 1]);
    assert.deepEqual(errorAt('""'), ['empty_phrase', 1, 2]);
    assert.deepEqual(errorAt('afval " !? "'), ['empty_phrase', 7, 6]);
    assert.match(describeQueryError(fail('"niet goed'), 'nl'), /^Het aanhalingsteken op positie 1 /);
  });

  test('the exact-order pattern escapes what is not a letter or digit', () => {
    assert.equal(phrasePattern(['niet', 'goed']), '\\mniet[^[:alnum:]]+goed\\M');
    assert.equal(phrasePattern(['e\u0301']), '\\me\\\u0301\\M');
  });
});

describe('hashtags and mentions', () => {
  test('#tag and @handle, lower-cased, trailing punctuation dropped', () => {
    assert.equal(tree('#Afval'), '#afval');
    assert.equal(tree('#afval_bak, @Gemeente_X!'), 'and(#afval_bak, @gemeente_x)');
    assert.equal(tree('#Raad040'), '#raad040');
    assert.equal(tree('@gemeente@social.example'), '@gemeente@social.example');
  });

  test('what the mention and hashtag rules do not accept is text', () => {
    assert.equal(tree('#2024'), '2024');
    assert.equal(tree('#afval-bak'), 'afval-bak');
    assert.deepEqual(ok('#afval-bak').root.type, 'term');
    assert.equal(tree('info@gemeente.nl'), 'info@gemeente.nl');
    assert.equal(tree('@gemeente#x'), 'gemeente#x');
    assert.deepEqual(ok('@gemeente#x').root.type, 'term');
  });

  test('a lone # or @ is punctuation', () => {
    assert.equal(tree('afval # @'), 'afval');
  });
});

describe('fields', () => {
  test('from: with or without @, lower-cased, Mastodon user@host too', () => {
    assert.equal(tree('from:GemeenteX'), 'from:gemeentex');
    assert.equal(tree('from:@GemeenteX'), 'from:gemeentex');
    assert.equal(tree('from:gemeente@Social.Example'), 'from:gemeente@social.example');
    assert.equal(tree('from:utrecht.bsky.social'), 'from:utrecht.bsky.social');
    assert.equal(tree('FROM:x'), 'from:x');
  });

  test('platform: one of the platforms, case-insensitive, twitter is x', () => {
    for (const platform of SEARCH_PLATFORMS)
      assert.equal(tree(`platform:${platform}`), `platform:${platform}`);
    assert.equal(tree('platform:Mastodon'), 'platform:mastodon');
    assert.equal(tree('platform:twitter'), 'platform:x');
    const error = fail('afval platform:myspace');
    assert.deepEqual([error.code, error.position, error.length], ['unknown_platform', 16, 7]);
    assert.equal(error.values.allowed, 'mastodon, bluesky, facebook, instagram, x, rss');
    assert.match(describeQueryError(error, 'nl'), /Kies een van deze platforms: mastodon, bluesky/);
  });

  test('the platforms are those of the channel registry', () => {
    assert.deepEqual([...SEARCH_PLATFORMS].sort(), ADAPTERS.map((a) => a.platform).sort());
  });

  test('lang: a code of 2 or 3 letters', () => {
    assert.equal(tree('lang:nl'), 'lang:nl');
    assert.equal(tree('lang:NL'), 'lang:nl');
    assert.equal(tree('lang:fry'), 'lang:fry');
    assert.deepEqual(errorAt('lang:nederlands'), ['bad_language', 6, 10]);
    assert.deepEqual(errorAt('lang:n'), ['bad_language', 6, 1]);
    assert.deepEqual(errorAt('lang:n1'), ['bad_language', 6, 2]);
  });

  test('kind: the kinds and their Dutch names', () => {
    for (const kind of MESSAGE_KINDS) assert.equal(tree(`kind:${kind}`), `kind:${kind}`);
    const aliases: Record<string, string> = {
      bericht: 'post',
      reactie: 'reply',
      antwoord: 'reply',
      doorgestuurd: 'repost',
      citaat: 'quote',
      commentaar: 'comment',
      privebericht: 'dm',
      privébericht: 'dm',
      REACTIE: 'reply',
    };
    for (const [alias, kind] of Object.entries(aliases)) assert.equal(tree(`kind:${alias}`), `kind:${kind}`);
    const error = fail('kind:tweet');
    assert.deepEqual([error.code, error.position], ['unknown_kind', 6]);
    assert.equal(error.values.allowed, 'post, reply, repost, quote, comment, dm');
  });

  test('before: and after: take a real calendar date', () => {
    assert.equal(tree('after:2025-03-30 before:2025-03-31'), 'and(after:2025-03-30, before:2025-03-31)');
    assert.equal(tree('after:2024-02-29'), 'after:2024-02-29');
    assert.equal(tree('before:2000-02-29'), 'before:2000-02-29');
    for (const bad of [
      '2025-02-29',
      '1900-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-04-31',
      '2025-3-5',
      'gisteren',
      '0000-01-01',
      '20250330',
    ]) {
      const error = fail(`after:${bad}`);
      assert.deepEqual([error.code, error.position, error.values.value], ['bad_date', 7, bad], bad);
    }
    assert.match(describeQueryError(fail('before:morgen'), 'nl'), /zoals before:2025-03-31/);
  });

  test('a field needs its value right after the colon', () => {
    assert.deepEqual(errorAt('afval from:'), ['empty_value', 7, 5]);
    assert.deepEqual(errorAt('from: gemeente'), ['empty_value', 1, 5]);
    assert.deepEqual(errorAt('from:@'), ['empty_value', 1, 6]);
    assert.deepEqual(errorAt('platform:)'), ['empty_value', 1, 9]);
    const error = fail('lang:');
    assert.equal(error.values.example, 'lang:nl');
    assert.match(describeQueryError(error, 'nl'), /zonder spatie ertussen, zoals lang:nl/);
  });

  test('an unknown field name is text; one that looks like a field gives a notice', () => {
    const time = ok('tijd:12:00');
    assert.equal(show(time.root), 'tijd:12:00');
    assert.deepEqual(time.notices, []);
    assert.deepEqual(ok('https://gemeente.nl').notices, []);
    const cases: Record<string, string> = {
      'van:gemeente': 'from',
      'taal:nl': 'lang',
      'soort:reactie': 'kind',
      'form:gemeente': 'from',
      'platfrom:x': 'platform',
      'aftr:2025-01-01': 'after',
    };
    for (const [input, suggestion] of Object.entries(cases)) {
      const query = ok(`afval ${input}`);
      assert.equal(show(query.root), `and(afval, ${input})`);
      assert.equal(query.notices.length, 1, input);
      assert.equal(query.notices[0]?.values.suggestion, suggestion, input);
      assert.equal(query.notices[0]?.position, 7);
    }
    const notice = ok('van:gemeente').notices[0];
    assert.ok(notice);
    assert.equal(
      describeQueryNotice(notice, 'nl'),
      '"van:" op positie 1 is geen zoekveld, dus is er op de tekst gezocht. Bedoelde u from:?',
    );
    assert.deepEqual(ok('van:').notices, []);
  });

  test('a negated field', () => {
    assert.equal(tree('afval -from:gemeente'), 'and(afval, not(from:gemeente))');
    assert.equal(tree('-platform:x'), 'not(platform:x)');
  });
});

describe('operators and precedence', () => {
  test('AND, OR and NOT, and their Dutch EN, OF and NIET, in capitals only', () => {
    assert.equal(tree('a AND b'), 'and(a, b)');
    assert.equal(tree('a EN b'), 'and(a, b)');
    assert.equal(tree('a OR b'), 'or(a, b)');
    assert.equal(tree('a OF b'), 'or(a, b)');
    assert.equal(tree('a NOT b'), 'and(a, not(b))');
    assert.equal(tree('a NIET b'), 'and(a, not(b))');
    assert.equal(tree('a AND NOT b'), 'and(a, not(b))');
    assert.equal(tree('NIET a'), 'not(a)');
  });

  test('lower-case and mixed-case operators are words', () => {
    assert.equal(tree('wel of niet'), 'and(wel, of, niet)');
    assert.equal(tree('a and b or c not d'), 'and(a, and, b, or, c, not, d)');
    assert.equal(tree('a Or b'), 'and(a, Or, b)');
  });

  test('NOT binds tightest, then AND (written or implicit), then OR', () => {
    assert.equal(tree('a OR b c'), 'or(a, and(b, c))');
    assert.equal(tree('a b OR c d'), 'or(and(a, b), and(c, d))');
    assert.equal(tree('a OR b AND c'), 'or(a, and(b, c))');
    assert.equal(tree('NOT a b'), 'and(not(a), b)');
    assert.equal(tree('-a OR b'), 'or(not(a), b)');
    assert.equal(tree('a OR b OR c'), 'or(a, b, c)');
    assert.equal(tree('a OR (b OR c)'), 'or(a, b, c)');
  });

  test('parentheses group', () => {
    assert.equal(tree('(a OR b) c'), 'and(or(a, b), c)');
    assert.equal(tree('NOT (a OR b)'), 'not(or(a, b))');
    assert.equal(tree('a (b OR (c d))'), 'and(a, or(b, and(c, d)))');
    assert.equal(tree('((((afval))))'), 'afval');
  });

  test('- negates a word, phrase, hashtag, mention, field or group', () => {
    assert.equal(tree('afval -container'), 'and(afval, not(container))');
    assert.equal(tree('afval -"niet goed"'), 'and(afval, not("niet goed"))');
    assert.equal(tree('afval -#afvalbak -@gemeente'), 'and(afval, not(#afvalbak), not(@gemeente))');
    assert.equal(tree('afval -(a OR b)'), 'and(afval, not(or(a, b)))');
    assert.equal(tree('-vergunn*'), 'not(vergunn*)');
  });

  test('negations cancel in pairs; several - count once', () => {
    assert.equal(tree('NOT NOT a'), 'a');
    assert.equal(tree('NOT -a'), 'a');
    assert.equal(tree('-(NOT a)'), 'a');
    assert.equal(tree('--a'), 'not(a)');
    assert.equal(tree('-AND'), 'not(AND)');
  });

  test('a - with nothing after it is punctuation; an inner - is part of the word', () => {
    assert.equal(tree('afval - container'), 'and(afval, container)');
    assert.equal(tree('afval -'), 'afval');
    assert.equal(tree('afval-container'), 'afval-container');
    assert.equal(tree('afval -;'), 'afval');
  });

  test('only negations is a query: everything without them', () => {
    assert.equal(tree('-afval'), 'not(afval)');
    assert.equal(tree('NOT afval NOT #x'), 'and(not(afval), not(#x))');
  });
});

describe('syntax errors come with the position and a hint', () => {
  test('unexpected ) and missing )', () => {
    assert.deepEqual(errorAt('afval )'), ['unexpected_close', 7, 1]);
    assert.deepEqual(errorAt(')'), ['unexpected_close', 1, 1]);
    assert.deepEqual(errorAt('(a) b)'), ['unexpected_close', 6, 1]);
    assert.deepEqual(errorAt('afval (a OR b'), ['missing_close', 7, 1]);
    assert.deepEqual(errorAt('(a OR (b c)'), ['missing_close', 1, 1]);
    assert.deepEqual(errorAt('( )'), ['empty_group', 1, 3]);
    assert.deepEqual(errorAt('afval ('), ['missing_close', 7, 1]);
    assert.deepEqual(errorAt('-( -'), ['missing_close', 2, 1]);
    assert.deepEqual(errorAt('a (;)'), ['empty_group', 3, 3]);
  });

  test('the message names the position; the CLI prints it as "positie 7"', () => {
    const error = fail('afval )');
    assert.equal(
      describeQueryError(error, 'nl'),
      'Onverwacht ")" op positie 7. Tip: Bij dit haakje sluiten hoort geen haakje openen. Haal het weg, of zet er eerder een "(" voor.',
    );
    assert.equal(
      describeQueryError(error, 'en'),
      'Unexpected ")" at position 7. Hint: This closing parenthesis has no opening one. Remove it, or put a "(" before it.',
    );
    assert.deepEqual(Object.keys(queryErrorParts(error, 'nl')), ['message', 'hint']);
  });

  test('operators without operands', () => {
    assert.deepEqual(errorAt('afval AND'), ['dangling_operator', 7, 3]);
    assert.equal(
      queryErrorParts(fail('afval AND'), 'nl').hint,
      'Zet na AND nog een zoekwoord, of haal AND weg.',
    );
    assert.deepEqual(errorAt('afval OF'), ['dangling_operator', 7, 2]);
    assert.deepEqual(errorAt('(afval OR) x'), ['dangling_operator', 8, 2]);
    assert.deepEqual(errorAt('afval NOT'), ['dangling_operator', 7, 3]);
    assert.deepEqual(errorAt('NOT'), ['dangling_operator', 1, 3]);
    assert.deepEqual(errorAt('OR afval'), ['leading_operator', 1, 2]);
    assert.deepEqual(errorAt('AND afval'), ['leading_operator', 1, 3]);
    assert.deepEqual(errorAt('x (EN afval)'), ['leading_operator', 4, 2]);
    assert.deepEqual(errorAt('afval AND OR b'), ['double_operator', 11, 2]);
    assert.deepEqual(errorAt('afval OR OR b'), ['double_operator', 10, 2]);
    assert.deepEqual(errorAt('afval OR AND b'), ['double_operator', 10, 3]);
    assert.deepEqual(errorAt('NOT AND b'), ['double_operator', 5, 3]);
    assert.match(
      describeQueryError(fail('a AND OR b'), 'nl'),
      /Twee operatoren achter elkaar op positie 7: AND OR/,
    );
  });

  test('empty queries', () => {
    for (const input of [
      '',
      '   ',
      '\u0000\u0001\u001f\u007f',
      '; -- /* */',
      '-',
      '()'.slice(0, 0),
      '\u200b\ufeff',
    ]) {
      assert.deepEqual(errorAt(input), ['empty', 1, 0], JSON.stringify(input));
    }
  });

  test('the first problem from the left is reported', () => {
    assert.deepEqual(errorAt('(afval "niet'), ['unterminated_quote', 8, 1]);
    assert.deepEqual(errorAt(') platform:myspace'), ['unexpected_close', 1, 1]);
    assert.deepEqual(errorAt('platform:myspace )'), ['unknown_platform', 10, 7]);
  });

  test('every error code has a Dutch and an English message and hint', () => {
    for (const code of QUERY_ERROR_CODES) {
      const error: QueryError = {
        code,
        position: 3,
        length: 1,
        values: {
          operator: 'AND',
          first: 'OR',
          token: 'x',
          value: 'x',
          field: 'from',
          allowed: 'a',
          example: 'e',
          max: 9,
        },
      };
      const nl = describeQueryError(error, 'nl');
      const en = describeQueryError(error, 'en');
      assert.match(nl, code === 'empty' ? / Tip: / : /positie 3.* Tip: /, code);
      assert.match(en, code === 'empty' ? / Hint: / : /position 3.* Hint: /, code);
      assert.doesNotMatch(`${nl} ${en}`, /\{\w+\}/, code);
    }
  });
});

describe('limits', () => {
  test('at most 2000 characters', () => {
    const longest = `${'a '.repeat(999)}ab`;
    assert.equal(Array.from(longest).length, 2000);
    assert.equal(parse(longest, { ...QUERY_LIMITS, maxTerms: 1000 }).ok, true);
    assert.equal(parseQuery(`${'x'.repeat(1999)}🙂`).ok, true);
    const error = fail(`${'x'.repeat(2000)}🙂`);
    assert.deepEqual(
      [error.code, error.position, error.length, error.values.max],
      ['too_long', 2001, 1, 2000],
    );
    assert.match(describeQueryError(error, 'nl'), /langer dan 2000 tekens/);
  });

  test('at most 200 terms', () => {
    assert.equal(parseQuery(Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ')).ok, true);
    const input = Array.from({ length: 201 }, (_, i) => (i % 2 ? `#t${i}` : `w${i}`)).join(' ');
    const error = fail(input);
    assert.equal(error.code, 'too_many_terms');
    assert.equal(error.position, input.lastIndexOf(' ') + 2);
    assert.equal(error.values.max, 200);
  });

  test('parentheses at most 32 deep', () => {
    assert.equal(tree(`${'('.repeat(32)}afval${')'.repeat(32)}`), 'afval');
    const error = fail(`${'('.repeat(33)}afval${')'.repeat(33)}`);
    assert.deepEqual([error.code, error.position, error.values.max], ['too_deep', 33, 32]);
    assert.deepEqual(errorAt(`a ${'(b '.repeat(40)}`), ['too_deep', 99, 1]);
  });

  test('the limits in force', () => {
    assert.deepEqual({ ...QUERY_LIMITS }, { maxLength: 2000, maxTerms: 200, maxDepth: 32 });
  });
});

/** Runs `fn` and returns its result and how long it took (ms). */
function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

describe('hostile input: no crash, an error or the literal search', () => {
  test('SQL fragments are words and punctuation', () => {
    assert.equal(tree("'; DROP TABLE messages; --"), 'and(DROP, TABLE, messages)');
    assert.equal(tree("1' OR '1'='1"), "or(1, 1'='1)");
    assert.deepEqual(errorAt("Robert'); DROP TABLE students;--"), ['unexpected_close', 8, 1]);
    assert.equal(tree('afval" OR 1=1 --"'), 'and(afval, "OR 1=1 --")');
    assert.equal(tree('$1 $$ ::text'), 'and(1, text)');
    assert.equal(tree('\\x00 %s %n'), 'and(x00, s, n)');
    assert.equal(tree('<script>alert(1)</script>'), 'and(script>alert, 1, script)');
  });

  test('10,000 terms: an error, quickly, with and without the length limit', () => {
    const input = Array.from({ length: 10_000 }, (_, i) => `woord${i}`).join(' ');
    const [result, ms] = timed(() => parseQuery(input));
    assert.equal(result.ok ? 'ok' : result.error.code, 'too_long');
    assert.ok(ms < 100, `${ms} ms`);
    const [unlimited, ms2] = timed(() => parse(input, { ...QUERY_LIMITS, maxLength: 1e9 }));
    assert.equal(unlimited.ok ? 'ok' : unlimited.error.code, 'too_many_terms');
    assert.ok(ms2 < 100, `${ms2} ms`);
  });

  test('10,000 nested parentheses: an error, quickly, with and without the length limit', () => {
    const input = `${'('.repeat(10_000)}afval${')'.repeat(10_000)}`;
    const [result, ms] = timed(() => parseQuery(input));
    assert.equal(result.ok ? 'ok' : result.error.code, 'too_long');
    assert.ok(ms < 100, `${ms} ms`);
    const [unlimited, ms2] = timed(() => parse(input, { ...QUERY_LIMITS, maxLength: 1e9 }));
    assert.equal(unlimited.ok ? 'ok' : unlimited.error.code, 'too_deep');
    assert.ok(ms2 < 100, `${ms2} ms`);
  });

  test('10,000 negations and a 10 MB query do not overflow anything', () => {
    const nots = `${'NOT '.repeat(10_001)}afval`;
    assert.equal(tree(`${'NOT '.repeat(497)}afval`), 'not(afval)');
    const unlimited = parse(nots, { ...QUERY_LIMITS, maxLength: 1e9 });
    assert.ok(unlimited.ok);
    assert.equal(show(unlimited.query.root), 'not(afval)');
    const minus = parse(`${'-'.repeat(100_000)}afval`, { ...QUERY_LIMITS, maxLength: 1e9 });
    assert.ok(minus.ok);
    const [huge, ms] = timed(() => parseQuery('a'.repeat(10_000_000)));
    assert.equal(huge.ok ? 'ok' : huge.error.code, 'too_long');
    assert.ok(ms < 100, `${ms} ms`);
  });

  test('control characters, NUL and line separators are spaces; NUL never reaches a parameter', () => {
    assert.equal(tree('afval\u0000container'), 'and(afval, container)');
    assert.equal(tree('afval\u0007\u001b[31mcontainer'), 'and(afval, 31mcontainer)');
    assert.equal(tree('a\u2028b\u2029c\u0085d\u007fe'), 'and(a, b, c, d, e)');
    assert.equal(tree('"a\u0000b"'), '"a b"');
    const query = ok('afval\u0000 #x\u0000 "y\u0000z" from:q\u0000');
    const { params } = compileQuery(query, 1);
    for (const param of params) assert.doesNotMatch(String(param), /\p{Cc}/u);
  });

  test('invisible format characters are dropped without splitting the word', () => {
    assert.equal(tree('ver\u00adgunning'), 'vergunning');
    assert.equal(tree('\u202eafval\u202c'), 'afval');
    assert.equal(tree('afval\u200bcontainer'), 'and(afval, container)');
  });

  test('emoji, right-to-left text and lone surrogates', () => {
    assert.deepEqual(errorAt('🙂🙂 👍🏽'), ['empty', 1, 0]);
    assert.equal(tree('afval 🗑️'), 'afval');
    assert.equal(tree('afval🗑️container'), 'afval🗑️container');
    assert.equal(tree('مرحبا \u200fשלום\u200f'), 'and(مرحبا, שלום)');
    assert.equal(tree('\ud800afval\udfff'), 'afval');
    const [code, position] = errorAt('🙂 afval )');
    assert.deepEqual([code, position], ['unexpected_close', 9]);
  });

  test('a very long word is one term', () => {
    const word = 'a'.repeat(1999);
    assert.equal(tree(word), word);
    assert.equal(tree(`${'b'.repeat(1998)}*`), `${'b'.repeat(1998)}*`);
  });

  test('random input from a hostile alphabet: parse and compile never throw, the SQL holds no input', () => {
    const alphabet = [
      ...'aZé1 -*"()#@:;\'\\$%_.,!?/<>=|&~`{}[]',
      '\u0000',
      '\u001f',
      '\u2028',
      '\u200f',
      '🙂',
      '\ud800',
      'AND ',
      'OR ',
      'NOT ',
      'OF ',
      'from:',
      'platform:x ',
      'lang:nl ',
      'kind:dm ',
      'after:2025-01-01 ',
      'before:',
      '„',
      '”',
      '$1',
      '::',
      "'",
      '--',
      '/*',
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    let parsed = 0;
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(random() * 40);
      const input = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const result = parseQuery(input);
      if (!result.ok) {
        assert.ok(QUERY_ERROR_CODES.includes(result.error.code));
        assert.ok(result.error.position >= 1 && result.error.position <= Array.from(input).length + 1, input);
        describeQueryError(result.error, 'nl');
        continue;
      }
      parsed++;
      const compiled = compileQuery(result.query, 3);
      assertFixedSql(compiled.where);
      if (compiled.text) assertFixedSql(compiled.text);
      for (const param of compiled.params) {
        assert.equal(typeof param, 'string');
        assert.doesNotMatch(param as string, /\p{Cc}/u);
      }
    }
    assert.ok(parsed > 500, `only ${parsed} of 3000 parsed`);
  });
});

/**
 * The SQL is fixed text: after taking out the parameters, the fixed string literals and the
 * fixed words, operators and punctuation of compile.ts, nothing may be left.
 */
function assertFixedSql(sql: string): void {
  const words = new Set([
    'm.search_vector',
    'm.text',
    'm.hashtags',
    'm.mentions',
    'm.author_handle',
    'm.platform',
    'm.language',
    'm.kind',
    'm.created_at',
    'plainto_tsquery',
    'phraseto_tsquery',
    'to_tsquery',
    'quote_literal',
    'numnode',
    'coalesce',
    'lower',
    'split_part',
    'text',
    'date',
    'timestamp',
    'ARRAY',
    'AT',
    'TIME',
    'ZONE',
    'AND',
    'OR',
    'NOT',
    'false',
  ]);
  const literals = new Set(["'dutch'", "':*'", "'-'", "'Europe/Amsterdam'"]);
  const rest = sql.replace(
    /\$\d+|'[^']*'|[A-Za-z_][A-Za-z_.]*|\d+|::|!!|&&|\|\||@@|@>|~\*|>=|[()[\],=<\s]/g,
    (t) => {
      if (/^\$\d+$/.test(t) || /^\s+$/.test(t) || /^[()[\],=<]$/.test(t)) return '';
      if (['::', '!!', '&&', '||', '@@', '@>', '~*', '>='].includes(t)) return '';
      if (t.startsWith("'")) {
        assert.ok(literals.has(t), `literal ${t} in ${sql}`);
        return '';
      }
      if (t === '1' || t === '0') return '';
      assert.ok(words.has(t), `word ${t} in ${sql}`);
      return '';
    },
  );
  assert.equal(rest, '', `unexpected SQL text ${JSON.stringify(rest)} in ${sql}`);
}

describe('compiling to SQL', () => {
  test('a text-only query is one tsquery tested once against the index', () => {
    const { where, params, text } = compileQuery(ok('(afval OR vuil*) -container'), 1);
    assert.equal(
      where,
      "m.search_vector @@ ((plainto_tsquery('dutch', $1::text) || to_tsquery('dutch', quote_literal($2::text) || ':*')) && (!! plainto_tsquery('dutch', $3::text)))",
    );
    assert.deepEqual(params, ['afval', 'vuil', 'container']);
    assert.equal(
      text,
      "(plainto_tsquery('dutch', $1::text) || to_tsquery('dutch', quote_literal($2::text) || ':*'))",
    );
  });

  test('parameters are numbered from firstParam', () => {
    const { where, params } = compileQuery(ok('afval #x'), 4);
    assert.match(where, /\$4::text/);
    assert.match(where, /\$5::text/);
    assert.doesNotMatch(where, /\$[1-3]\b/);
    assert.equal(params.length, 2);
  });

  test('fields and tags are conditions of their own; text beside them drops out when empty', () => {
    const { where, params } = compileQuery(
      ok('de afval #x @y from:z platform:x lang:nl kind:reply after:2025-03-30 before:2025-03-31'),
      1,
    );
    assert.equal(
      where,
      [
        "((numnode((plainto_tsquery('dutch', $1::text) && plainto_tsquery('dutch', $2::text))) = 0 OR m.search_vector @@ (plainto_tsquery('dutch', $1::text) && plainto_tsquery('dutch', $2::text)))",
        'm.hashtags @> ARRAY[$3::text]',
        'm.mentions @> ARRAY[$4::text]',
        'coalesce(lower(m.author_handle) = $5::text, false)',
        'm.platform = $6::text',
        "coalesce(split_part(m.language, '-', 1) = $7::text, false)",
        'm.kind = $8::text',
        "m.created_at >= ($9::date::timestamp AT TIME ZONE 'Europe/Amsterdam')",
        "m.created_at < ($10::date::timestamp AT TIME ZONE 'Europe/Amsterdam'))",
      ].join(' AND '),
    );
    assert.deepEqual(params, ['de', 'afval', 'x', 'y', 'z', 'x', 'nl', 'reply', '2025-03-30', '2025-03-31']);
  });

  test('a phrase: the index narrows, the pattern checks the exact words in order', () => {
    const { where, params, text } = compileQuery(ok('"Niet goed!"'), 1);
    assert.equal(
      where,
      "((numnode(phraseto_tsquery('dutch', $1::text)) = 0 OR m.search_vector @@ phraseto_tsquery('dutch', $1::text)) AND m.text ~* $2::text)",
    );
    assert.deepEqual(params, ['Niet goed!', '\\mNiet[^[:alnum:]]+goed\\M']);
    assert.equal(text, "phraseto_tsquery('dutch', $1::text)");
  });

  test('negations: a negative-only text group is NOT of the positive tsquery', () => {
    assert.equal(
      compileQuery(ok('-de'), 1).where,
      "(NOT (m.search_vector @@ plainto_tsquery('dutch', $1::text)))",
    );
    assert.equal(
      compileQuery(ok('#x -a -b'), 1).where,
      "((NOT (m.search_vector @@ (plainto_tsquery('dutch', $1::text) || plainto_tsquery('dutch', $2::text)))) AND m.hashtags @> ARRAY[$3::text])",
    );
    assert.equal(compileQuery(ok('-#x'), 1).where, '(NOT (m.hashtags @> ARRAY[$1::text]))');
    assert.equal(compileQuery(ok('-a'), 1).text, null);
    assert.equal(compileQuery(ok('#x'), 1).text, null);
  });

  test('OR of text and conditions', () => {
    assert.equal(
      compileQuery(ok('a OR #x OR b'), 1).where,
      "(m.search_vector @@ (plainto_tsquery('dutch', $1::text) || plainto_tsquery('dutch', $2::text)) OR m.hashtags @> ARRAY[$3::text])",
    );
  });

  test('no character of the query reaches the SQL text', () => {
    const inputs = [
      "'; DROP TABLE messages; --",
      "1' OR '1'='1",
      'zqxj" OR 1=1 --" #qqzz @wvvx from:kkyy lang:xq kind:dm platform:rss after:2025-01-01',
      "robert'; DROP TABLE students;-- vergunn* -\"e-mail'adres\" $1 $$x$$ \\'",
      'a\u0000b "c\u0000d" E\'\\x27\' U&"d\\0061t\\+000061"',
    ];
    for (const input of inputs) {
      const { where, text, params } = compileQuery(ok(input), 1);
      assertFixedSql(where);
      if (text) assertFixedSql(text);
      for (const sentinel of [
        'zqxj',
        'qqzz',
        'wvvx',
        'kkyy',
        'DROP',
        'robert',
        'students',
        'e-mail',
        '0061',
      ]) {
        assert.ok(!where.includes(sentinel), `${sentinel} in ${where}`);
      }
      assert.ok(params.length > 0);
    }
  });
});

describe('highlight targets', () => {
  test('the positive words, prefixes, phrases, hashtags and mentions, each once', () => {
    assert.deepEqual(
      highlightTargets(
        ok(
          'vergunning (vergunn* OR "niet goed") #Afval @Gemeente -container -#x NOT (a OR @b) -(-blijft) vergunning from:q',
        ),
      ),
      {
        words: ['vergunning', 'blijft'],
        prefixes: ['vergunn'],
        phrases: ['niet goed'],
        hashtags: ['afval'],
        mentions: ['gemeente'],
      },
    );
  });
});

describe('the search catalogue', () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !path.includes('i18n')
        ? [readFileSync(path, 'utf8')]
        : [];
    });

  test('every key is used in src and has the same placeholders in Dutch and English', () => {
    const code = sources(root).join('\n');
    for (const key of Object.keys(search.nl) as (keyof typeof search.nl)[]) {
      assert.ok(code.includes(`'${key}'`), `${key} is not used in src`);
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(placeholders(search.en[key]), placeholders(search.nl[key]), key);
    }
    assert.deepEqual(Object.keys(search.en).sort(), Object.keys(search.nl).sort());
  });

  test('the stop-word message', () => {
    assert.match(stopWordsOnlyMessage('nl'), /alleen uit veelvoorkomende woorden/);
    assert.match(stopWordsOnlyMessage('en'), /only of very common words/);
  });
});
