/**
 * Sentiment of emoji and emoticons.
 *
 * Emoji: the Emoji Sentiment Ranking v1.0 (P. Kralj Novak, J. Smailović, B. Sluban, I. Mozetič,
 * "Sentiment of Emojis", PLoS ONE 10(12), 2015; data CC BY-SA 4.0), as the npm package `sentiment`
 * ships it (`build/Emoji_Sentiment_Data_v1.0.csv`: per emoji how often it occurred in 1.6 million
 * annotated tweets in 13 European languages, and in how many of those the tweet was negative,
 * neutral or positive). The score is the paper's: the mean of the Laplace-smoothed distribution,
 * p(positive) − p(negative) with p(c) = (n_c + 1) / (N + 3), from −1 to +1. Emoji seen fewer
 * than `MIN_OCCURRENCES` times in that corpus are left out: their score is mostly noise.
 *
 * The ranking predates Unicode 8 (2015), so faces that are everyday in Dutch webcare now (🙄 🤬
 * 🤮 🥰 🤣 🙂 …) are not in it. `NEWER_EMOJI` gives those few a value by hand, each beside the
 * ranked emoji it is closest to in use; it is kept small on purpose.
 *
 * Emoticons (`:)`, `:(`, `<3` …) are in no maintained Dutch package either; `EMOTICONS` is a short
 * table of the common western ones, valued like the emoji they stand for.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const MIN_OCCURRENCES = 5;

function loadRanking(): Map<string, number> {
  const file = require.resolve('sentiment/build/Emoji_Sentiment_Data_v1.0.csv');
  const ranking = new Map<string, number>();
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  // Emoji,Unicode codepoint,Occurrences,Position,Negative,Neutral,Positive,Unicode name,Unicode block
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (cells.length < 7) continue;
    const codepoint = Number(cells[1]);
    const total = Number(cells[2]);
    const negative = Number(cells[4]);
    const positive = Number(cells[6]);
    if (!Number.isInteger(codepoint) || !(total >= MIN_OCCURRENCES)) continue;
    if (!Number.isFinite(negative) || !Number.isFinite(positive)) continue;
    ranking.set(String.fromCodePoint(codepoint), (positive + 1) / (total + 3) - (negative + 1) / (total + 3));
  }
  return ranking;
}

/**
 * Emoji newer than the ranking (Unicode 8 and later, or missing from it), valued by hand on the
 * ranking's scale, each next to the ranked emoji it is used like.
 */
const NEWER_EMOJI: Readonly<Record<string, number>> = {
  '🙂': 0.45, // slightly smiling face: like ☺ / 😊, a little weaker
  '🙃': -0.1, // upside-down face: mostly ironic
  '🤣': 0.22, // rolling on the floor laughing: like 😂
  '🥰': 0.7, // smiling face with hearts: like 😍
  '🤩': 0.6, // star-struck: like 😍
  '🥳': 0.6, // partying face: like 🎉
  '🤗': 0.5, // hugging face: like 😊
  '🙄': -0.4, // face with rolling eyes: irritation; like 😒 (-0.34), a little stronger in webcare
  '🤬': -0.6, // face with symbols on mouth: swearing; stronger than 😡
  '🤮': -0.5, // face vomiting: disgust
  '🤢': -0.4, // nauseated face: disgust
  '🤦': -0.4, // face palm: exasperation
  '🤡': -0.3, // clown face: mockery
  '🥵': -0.2, // hot face: like 😓
  '🥶': -0.2, // cold face: like 😓
  '🥺': -0.1, // pleading face: like 😔, mild
  '🤔': 0, // thinking face: a question, neither
  '🤷': 0, // shrug: neither
};

/** Emoticons, valued like the emoji they stand for. */
const EMOTICONS: Readonly<Record<string, number>> = {
  ':)': 0.45,
  ':-)': 0.45,
  '(:': 0.45,
  '=)': 0.45,
  ':]': 0.45,
  ':d': 0.5,
  ':-d': 0.5,
  ';)': 0.4,
  ';-)': 0.4,
  ':p': 0.3,
  ':-p': 0.3,
  '<3': 0.6,
  ':(': -0.45,
  ':-(': -0.45,
  ":'(": -0.45,
  '):': -0.45,
  '=(': -0.45,
  ':[': -0.45,
  ':/': -0.25,
  ':-/': -0.25,
  ':\\': -0.25,
  ':s': -0.25,
  ':|': -0.1,
};

const ranking = loadRanking();

/** Skin-tone modifiers and variation selectors are left out before the lookup (❤️ → ❤). */
const MODIFIERS = /[\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F]/gu;

/**
 * The score of an emoji (a grapheme; ZWJ sequences are scored by their first emoji), or undefined
 * when the ranking and the newer table do not know it.
 */
export function emojiScore(emoji: string): number | undefined {
  const plain = emoji.replace(MODIFIERS, '');
  const first = plain.split('\u200D')[0] ?? plain;
  return ranking.get(first) ?? NEWER_EMOJI[first];
}

/** The score of an emoticon (lower case), or undefined. */
export function emoticonScore(emoticon: string): number | undefined {
  return EMOTICONS[emoticon.toLowerCase()];
}

/** How many emoji the ranking scores (for the tests and the documentation). */
export const rankedEmojiCount = ranking.size;
