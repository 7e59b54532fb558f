/**
 * The Dutch sentiment lexicon, taken from the package rather than typed in: `@nlpjs/lang-nl` ships
 * the CLiPS Pattern Dutch lexicon (`pattern_nl.json`, about 3,200 adjectives and a few nouns with a
 * polarity from -1 to +1, keyed by their stem) and nlp.js's Dutch negations. Keys are stems made
 * by the package's Snowball Dutch stemmer (`StemmerNl`), so lookups stem the same way.
 *
 * The packages are CommonJS without types; they are loaded with `createRequire` and described by
 * the small interfaces below.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface DutchStemmer {
  stemWord(word: string): string;
}

const { StemmerNl } = require('@nlpjs/lang-nl') as { StemmerNl: new () => DutchStemmer };

/** Stem → polarity (-1 … +1), as the package ships it; entries of 0 are left out. */
export const patternLexicon: ReadonlyMap<string, number> = new Map(
  Object.entries(require('@nlpjs/lang-nl/src/sentiment/pattern_nl.json') as Record<string, number>).filter(
    ([, polarity]) => typeof polarity === 'number' && polarity !== 0,
  ),
);

/**
 * The package's Dutch stop words (de, het, een, niet, zo …): never looked up in the lexicon, where
 * some collide with a stem ("het" is also the stem of "heet", +0.1).
 */
const { StopwordsNl } = require('@nlpjs/lang-nl') as {
  StopwordsNl: new () => { dictionary: Record<string, unknown> };
};
export const stopwords: ReadonlySet<string> = new Set(Object.keys(new StopwordsNl().dictionary));

/** The package's Dutch negations (niet, nooit, niemand, niets, nee, neen). */
export const packageNegations: readonly string[] = (
  require('@nlpjs/lang-nl/src/sentiment/negations_nl.json') as { words: string[] }
).words;

/**
 * The package's stemmer keeps every word it has stemmed in a cache of its own, which on a
 * long-running ingest would only grow; so it is replaced, with the cache in front of it, once
 * `STEM_CACHE_LIMIT` distinct words have been seen.
 */
const STEM_CACHE_LIMIT = 50_000;
let stemmer: DutchStemmer = new StemmerNl();
const stems = new Map<string, string>();

/** The package stemmer's stem of a lower-case word without diacritics. */
export function stem(word: string): string {
  let result = stems.get(word);
  if (result === undefined) {
    if (stems.size >= STEM_CACHE_LIMIT) {
      stems.clear();
      stemmer = new StemmerNl();
    }
    result = stemmer.stemWord(word);
    stems.set(word, result);
  }
  return result;
}

/**
 * The Pattern polarity of a word, or undefined. Snowball leaves some inflected adjectives a letter
 * longer than their lexicon key ("snelle" → "snell", while "snel" → "snel"); when the stem is not
 * found, the stem with a doubled final consonant undone is tried too.
 */
export function patternPolarity(word: string): number | undefined {
  const s = stem(word);
  const hit = patternLexicon.get(s);
  if (hit !== undefined) return hit;
  const n = s.length;
  if (n > 3 && s[n - 1] === s[n - 2] && !'aeiou'.includes(s[n - 1] as string)) {
    return patternLexicon.get(s.slice(0, -1));
  }
  return undefined;
}

/**
 * The base forms to try for a comparative or superlative the stemmer leaves alone ("onveiliger",
 * "slechtste", "mooiste"): the word without -er, -ste or -st, when long enough to be one.
 */
export function gradedBase(word: string): string | undefined {
  if (word.length >= 7 && word.endsWith('ste')) return word.slice(0, -3);
  if (word.length >= 7 && word.endsWith('er')) return word.slice(0, -2);
  if (word.length >= 7 && word.endsWith('st')) return word.slice(0, -2);
  return undefined;
}
