import { html, type SafeHtml } from '../report/html.ts';
import type { HighlightTargets } from '../search/query/index.ts';
import { stem } from '../sentiment/lexicon.ts';

/**
 * A message's text with what the query found in it marked (`<mark>`), every character escaped.
 * Words are matched as Dutch stems (so `vergunning` marks `vergunningen`, as the search finds
 * it; the stemmer is nlp.js's Snowball Dutch, PostgreSQL's own may differ in a rare word),
 * prefixes at the start of a word, phrases word for word with only punctuation or space between,
 * all without regard to case; hashtags and mentions exactly, as `#tag` and `@handle`.
 */

const segmenter = new Intl.Segmenter('nl', { granularity: 'word' });

/** Lower case without diacritics, as the stemmer wants words. */
function fold(word: string): string {
  return word.toLocaleLowerCase('nl').normalize('NFD').replace(/\p{M}/gu, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

const WORD_CHARS = /^[\p{L}\p{N}]+$/u;

/** Where the targets occur in `text`, as sorted, non-overlapping [start, end) ranges. */
export function highlightRanges(text: string, targets: HighlightTargets): [number, number][] {
  const ranges: [number, number][] = [];
  const patterns: RegExp[] = [];
  const stems = new Set<string>();
  for (const word of targets.words) {
    // A word with a hyphen, apostrophe or dot inside (e-mail) is matched as written.
    if (WORD_CHARS.test(word)) stems.add(stem(fold(word)));
    else patterns.push(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'giu'));
  }
  const prefixes = targets.prefixes.map(fold);
  if (stems.size > 0 || prefixes.length > 0) {
    for (const { segment, index, isWordLike } of segmenter.segment(text)) {
      if (!isWordLike) continue;
      const folded = fold(segment);
      if (stems.has(stem(folded)) || prefixes.some((p) => folded.startsWith(p))) {
        ranges.push([index, index + segment.length]);
      }
    }
  }
  for (const phrase of targets.phrases) {
    const words = phrase.match(/[\p{L}\p{N}]+/gu) ?? [];
    if (words.length === 0) continue;
    const body = words.map(escapeRegExp).join('[^\\p{L}\\p{N}]+');
    patterns.push(new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu'));
  }
  for (const tag of targets.hashtags) {
    patterns.push(new RegExp(`(?<![\\p{L}\\p{N}_&])#${escapeRegExp(tag)}(?![\\p{L}\\p{N}_])`, 'giu'));
  }
  for (const handle of targets.mentions) {
    patterns.push(new RegExp(`(?<![\\p{L}\\p{N}_])@${escapeRegExp(handle)}(?![\\p{L}\\p{N}_])`, 'giu'));
  }
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      if (match[0].length > 0) ranges.push([match.index, match.index + match[0].length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** The text as HTML with the targets in `<mark>`; nothing of the text is ever markup. */
export function highlighted(text: string, targets: HighlightTargets | null): SafeHtml {
  if (!targets) return html`${text}`;
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const [start, end] of highlightRanges(text, targets)) {
    parts.push(html`${text.slice(at, start)}<mark class="meetlat-mark">${text.slice(start, end)}</mark>`);
    at = end;
  }
  parts.push(html`${text.slice(at)}`);
  return html`${parts}`;
}
