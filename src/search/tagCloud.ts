import { stopwords } from '../sentiment/lexicon.ts';

/**
 * The words of a set of messages for a tag cloud: Dutch words by `Intl.Segmenter`, lower case,
 * without the Dutch stop words of nlp.js (the same list sentiment uses), without links, mentions
 * and hashtags (they have charts of their own), numbers and words of one or two letters.
 */
export interface TagCloudWord {
  word: string;
  count: number;
}

export const TAG_CLOUD_WORDS = 50;

const segmenter = new Intl.Segmenter('nl', { granularity: 'word' });
const SKIPPED = /https?:\/\/\S+|www\.\S+|[@#][\p{L}\p{N}_.@-]+/gu;
const HAS_LETTER = /\p{L}/u;

export function tagCloud(texts: readonly string[], size = TAG_CLOUD_WORDS): TagCloudWord[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const { segment, isWordLike } of segmenter.segment(text.replace(SKIPPED, ' '))) {
      if (!isWordLike || segment.length < 3) continue;
      const word = segment.toLocaleLowerCase('nl');
      if (!HAS_LETTER.test(word) || stopwords.has(word)) continue;
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'nl'))
    .slice(0, size)
    .map(([word, count]) => ({ word, count }));
}
