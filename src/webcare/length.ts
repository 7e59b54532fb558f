/**
 * How long a text is as each platform counts it, for the composer's limit (the channel's
 * `capabilities.maxLength`):
 *
 * - Mastodon: characters (code points); a link counts as 23, a mention only by its user name
 *   (`@anna@social.example` counts as `@anna`).
 * - X: weighted characters as twitter-text counts them: most Latin text 1, other scripts
 *   (CJK, emoji) 2, a link 23.
 * - Bluesky: graphemes (what people see as one character).
 * - Others (Facebook, Instagram): characters.
 */

const URL = /https?:\/\/[^\s<>"]+/giu;
const MASTODON_MENTION = /@([\p{L}\p{N}_]+)@[\p{L}\p{N}.-]+/gu;
const LINK_LENGTH = 23;

const graphemes = new Intl.Segmenter('nl', { granularity: 'grapheme' });

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** twitter-text's weight 1 ranges: Latin, Latin-1, general punctuation, and the like. */
function xWeight(codePoint: number): number {
  if (codePoint <= 0x10ff) return 1;
  if (codePoint >= 0x2000 && codePoint <= 0x200d) return 1;
  if (codePoint >= 0x2010 && codePoint <= 0x201f) return 1;
  if (codePoint >= 0x2032 && codePoint <= 0x2037) return 1;
  return 2;
}

export function textLength(platform: string, text: string): number {
  switch (platform) {
    case 'mastodon': {
      const links = text.match(URL) ?? [];
      const rest = text.replace(URL, '').replace(MASTODON_MENTION, '@$1');
      return codePoints(rest) + links.length * LINK_LENGTH;
    }
    case 'x': {
      const links = text.match(URL) ?? [];
      let n = links.length * LINK_LENGTH;
      // An emoji (with its joiners and modifiers) counts as 2, as one grapheme.
      for (const { segment } of graphemes.segment(text.replace(URL, ''))) {
        const first = segment.codePointAt(0) ?? 0;
        n += /\p{Extended_Pictographic}/u.test(segment) ? 2 : xWeight(first);
      }
      return n;
    }
    case 'bluesky':
      return [...graphemes.segment(text)].length;
    default:
      return codePoints(text);
  }
}
