/**
 * Dutch sentiment of one message: positive, neutral or negative, with a score from −1 to +1.
 *
 * Lexicon-based, in two passes over the text (tokens, then their values):
 *
 * 1. Tokens: URLs and @mentions are skipped; a #hashtag counts as its word; words are matched
 *    lower case without diacritics (a hyphenated compound by its last part); emoji and
 *    emoticons are tokens of their own; . ! ? ; and new lines end a clause; , and : end only the
 *    reach of a negator.
 * 2. Each word's value: a fixed phrase (`domain.ts`), else the small municipal list, else the
 *    Pattern lexicon from `@nlpjs/lang-nl` through the package's own stemmer, skipping the
 *    package's stop words (`lexicon.ts`); comparatives and superlatives by their base
 *    ("onveiliger", "slechtste"). Emoji from the Emoji Sentiment Ranking (`emoji.ts`).
 * 3. Negation: a negator (niet, geen, nooit, niets, niks, niemand, nergens, zonder …) reverses the
 *    next sentiment word within `negationWindow` words of its clause, damped: a negated positive
 *    word is clearly negative ("niet goed"), a negated negative word only mildly positive. Fixed
 *    phrases come first ("geen probleem", "niet slecht" are praise). A negator that finds no
 *    sentiment word is a weak complaint of its own ("de container is niet geleegd"), except in a
 *    question.
 * 4. Intensifiers (heel, erg, zeer, echt, super, ontzettend …) scale the next sentiment word;
 *    ALL-CAPS words count more.
 * 5. Waiting and repeating ("al 3 weken", "voor de derde keer") count as a complaint.
 * 6. Contrast: what follows "maar" weighs more than what came before it.
 * 7. Questions: sentiment inside a clause that ends in "?" is damped (a question is mostly
 *    neutral), but not "waarom"/"hoezo"; "??" and "?!" read as exasperation.
 * 8. Exclamation marks strengthen the sum S; the score is S / √(S² + α), and the label follows
 *    from the thresholds tuned on the development set.
 *
 * Pure and synchronous; each distinct word is resolved once and kept in a bounded cache, so it
 * can run on every ingested message (`bench/sentiment.ts` measures it).
 */
import {
  DOMAIN_NEUTRAL,
  DOMAIN_WORDS,
  EXTRA_NEGATORS,
  INTENSIFIERS,
  INTENSIFYING_PREFIXES,
  NOT_NEGATORS,
  PHRASES,
  REPEAT_ORDINALS,
  RHETORICAL,
  TIME_UNITS,
} from './domain.ts';
import { emojiScore, emoticonScore } from './emoji.ts';
import { gradedBase, packageNegations, patternPolarity, stem, stopwords } from './lexicon.ts';

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface Sentiment {
  label: SentimentLabel;
  /** −1 (very negative) … +1 (very positive); 0 when nothing in the text carries sentiment. */
  score: number;
}

/** The settings, tuned on `evaluation/dev.jsonl` only; read-only. */
export const SETTINGS = Object.freeze({
  /** Words after a negator that it can reach (within its clause). */
  negationWindow: 3,
  /** A negated positive word: value × −this. */
  negatePositive: 0.8,
  /** A negated negative word: value × −this. */
  negateNegative: 0.5,
  /** A negator with no sentiment word in reach, outside a question. */
  bareNegation: -0.25,
  /** Weight of what comes before / after "maar". */
  beforeContrast: 0.5,
  afterContrast: 1.3,
  /** Weight of sentiment inside a question. */
  question: 0.5,
  /** "??" or "?!": exasperation. */
  exasperation: -0.3,
  /** Each "!" (at most 3) adds this share to the sum. */
  exclamation: 0.1,
  /** ALL-CAPS sentiment word. */
  capitals: 1.4,
  /** Emoji and emoticon weight. */
  emoji: 1,
  /** "al 3 weken", "al dagen", "voor de derde keer": waiting and repeating. */
  waiting: -0.4,
  /** Score normalisation: S / √(S² + alpha). */
  alpha: 1,
  /** |score| at or above which a message is positive / negative. */
  positiveThreshold: 0.2,
  negativeThreshold: 0.15,
});

/** Longer texts are read up to here: sentiment is settled long before, and time stays bounded. */
export const MAX_CHARS = 20_000;

/**
 * The sentiment of a message. Never throws: any string (empty, huge, HTML, control characters)
 * gets a label; text beyond `MAX_CHARS` is not read.
 */
export function analyseSentiment(text: string): Sentiment {
  const score = scoreText(typeof text === 'string' ? text : '');
  return { label: labelOf(score), score };
}

/** The label of a score, by the tuned thresholds. */
export function labelOf(score: number): SentimentLabel {
  if (score >= SETTINGS.positiveThreshold) return 'positive';
  if (score <= -SETTINGS.negativeThreshold) return 'negative';
  return 'neutral';
}

const NEGATORS = new Set([...packageNegations, ...EXTRA_NEGATORS].filter((w) => !NOT_NEGATORS.includes(w)));
const CONTRAST = new Set(['maar', 'alleen', 'echter']);
/** Words that may stand between "al" and a unit of time: "al drie weken", "al ruim een maand". */
const NUMBER_WORDS = new Set([
  'een',
  'twee',
  'drie',
  'vier',
  'vijf',
  'zes',
  'zeven',
  'acht',
  'negen',
  'tien',
  'paar',
  'enkele',
  'ruim',
  'bijna',
  'meer',
  'dan',
]);
const TIME_UNIT_SET = new Set(TIME_UNITS);
const REPEAT_ORDINAL_SET = new Set(REPEAT_ORDINALS);
const REPEAT_FIRST_CHARS = new Set(REPEAT_ORDINALS.map((w) => w.charCodeAt(0)));

const domainByWord = new Map<string, number>();
const domainByStem = new Map<string, number>();
for (const [word, value] of Object.entries(DOMAIN_WORDS)) {
  domainByWord.set(word, value);
  const s = stem(word);
  if (!domainByStem.has(s)) domainByStem.set(s, value);
}
const neutralStems = new Set(DOMAIN_NEUTRAL.map((w) => stem(w)));

/** Phrases by their first word, longest first. */
const phrasesByFirst = new Map<string, { words: string[]; value: number }[]>();
for (const [phrase, value] of Object.entries(PHRASES)) {
  const words = phrase.split(' ');
  const first = words[0] as string;
  const list = phrasesByFirst.get(first) ?? [];
  list.push({ words, value });
  list.sort((a, b) => b.words.length - a.words.length);
  phrasesByFirst.set(first, list);
}

/** What is known of one word (lower case, no diacritics), computed once. */
interface WordInfo {
  /** Sentiment value, 0 when none. */
  value: number;
  negator: boolean;
  /** Intensifier factor, 0 when the word is none. */
  intensifier: number;
  contrast: boolean;
  /** A question word that is mostly a complaint: its value is not damped in a question. */
  rhetorical: boolean;
}

/** The value of one form of a word: the municipal list, the neutral list, then Pattern. */
function formValue(word: string): number | undefined {
  const domain = domainByWord.get(word);
  if (domain !== undefined) return domain;
  const s = stem(word);
  const byStem = domainByStem.get(s);
  if (byStem !== undefined) return byStem;
  if (neutralStems.has(s)) return 0;
  return patternPolarity(word);
}

function wordValue(word: string): number {
  if (stopwords.has(word)) return 0;
  const value = formValue(word);
  if (value !== undefined) return value;
  const base = gradedBase(word);
  if (base !== undefined) {
    const graded = formValue(base);
    if (graded !== undefined) return graded;
  }
  for (const prefix of INTENSIFYING_PREFIXES) {
    if (word.length > prefix.length + 2 && word.startsWith(prefix)) {
      const rest = formValue(word.slice(prefix.length));
      if (rest !== undefined) return rest * (INTENSIFIERS[prefix] ?? 1);
    }
  }
  return 0;
}

const WORD_CACHE_LIMIT = 50_000;
const wordCache = new Map<string, WordInfo>();

function infoOf(word: string): WordInfo {
  let info = wordCache.get(word);
  if (info === undefined) {
    if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
    // A compound with hyphens is judged by its head, the last part ("wmo-aanvraag").
    const dash = word.lastIndexOf('-');
    const head = dash > 0 && dash < word.length - 1 ? word.slice(dash + 1) : word;
    // Own keys only: "constructor" is a word too, not Object.prototype's.
    const rhetorical = Object.hasOwn(RHETORICAL, head) ? RHETORICAL[head] : undefined;
    info = {
      value: rhetorical ?? (NEGATORS.has(head) ? 0 : wordValue(head)),
      negator: NEGATORS.has(head),
      intensifier: Object.hasOwn(INTENSIFIERS, head) ? (INTENSIFIERS[head] ?? 0) : 0,
      contrast: CONTRAST.has(head),
      rhetorical: rhetorical !== undefined,
    };
    wordCache.set(word, info);
  }
  return info;
}

/** Lower case without diacritics; ’ as '. */
function normaliseWord(raw: string): string {
  const lower = raw.toLowerCase();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is meant
  if (!/[^\x00-\x7f]/.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/’/g, "'");
}

/**
 * One token at a time: 1 URL, 2 mention, 3 hashtag (its word), 4 emoticon, 5 word, 6 emoji,
 * 7 clause end (. ! ? ; new line), 8 comma or colon (ends a negation's reach only).
 */
const TOKEN =
  /(https?:\/\/\S+|www\.\S+)|(@[\p{L}\p{N}_.]+)|#([\p{L}\p{N}_]+)|((?<![\p{L}\p{N}])(?:[:;=][-']?[)(\][dDpPsS/\\|]|<3)(?![\p{L}\p{N}]))|([\p{L}\p{N}][\p{L}\p{N}'’]*(?:-[\p{L}\p{N}]+)*)|(\p{Extended_Pictographic}(?:[\u{1F3FB}-\u{1F3FF}\uFE0F]|\u200D\p{Extended_Pictographic}\uFE0F?)*|[\u{1F1E6}-\u{1F1FF}]{2})|([.!?;\n]+)|([,:])/gu;

const UPPER = /^[\p{Lu}]{3,}$/u;

/** A word as written, resolved once: its normal form, what is known of it, whether in capitals. */
interface RawWord {
  text: string;
  info: WordInfo;
  upper: boolean;
}
const rawCache = new Map<string, RawWord>();

function rawWord(raw: string): RawWord {
  let word = rawCache.get(raw);
  if (word === undefined) {
    if (rawCache.size >= WORD_CACHE_LIMIT) rawCache.clear();
    const text = normaliseWord(raw);
    word = { text, info: infoOf(text), upper: UPPER.test(raw) };
    rawCache.set(raw, word);
  }
  return word;
}

const NO_INFO: WordInfo = { value: 0, negator: false, intensifier: 0, contrast: false, rhetorical: false };

const Kind = { Word: 0, Emoji: 1, ClauseEnd: 2, Pause: 3 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

interface Token {
  kind: Kind;
  /** Word: normalised; emoji/emoticon: as written; clause end: the marks. */
  text: string;
  /** Words only: what is known of it, and whether it was written in capitals. */
  info: WordInfo;
  upper: boolean;
}

/** Hit kinds, for the weights applied once the clause is known. */
const HitKind = { Value: 0, BareNegation: 1, Rhetorical: 2 } as const;
type HitKind = (typeof HitKind)[keyof typeof HitKind];

interface Hit {
  value: number;
  kind: HitKind;
  clause: number;
  /** What gave the value (a word, phrase or emoji), for `explainSentiment`. */
  source: string;
}

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null = TOKEN.exec(text);
  while (m !== null) {
    const raw = m[5] ?? m[3];
    if (raw !== undefined) {
      const word = rawWord(raw);
      tokens.push({
        kind: Kind.Word,
        text: word.text,
        info: word.info,
        upper: word.upper && m[5] !== undefined,
      });
    } else if (m[6] !== undefined || m[4] !== undefined) {
      tokens.push({ kind: Kind.Emoji, text: (m[6] ?? m[4]) as string, info: NO_INFO, upper: false });
    } else if (m[7] !== undefined) {
      tokens.push({ kind: Kind.ClauseEnd, text: m[7], info: NO_INFO, upper: false });
    } else if (m[8] !== undefined) {
      tokens.push({ kind: Kind.Pause, text: m[8], info: NO_INFO, upper: false });
    }
    m = TOKEN.exec(text);
  }
  return tokens;
}

/** The phrase starting at token i (consecutive words), if any. */
function phraseAt(tokens: Token[], i: number): { words: string[]; value: number } | undefined {
  const candidates = phrasesByFirst.get((tokens[i] as Token).text);
  if (candidates === undefined) return undefined;
  outer: for (const phrase of candidates) {
    if (i + phrase.words.length > tokens.length) continue;
    for (let k = 1; k < phrase.words.length; k++) {
      const t = tokens[i + k] as Token;
      if (t.kind !== Kind.Word || t.text !== phrase.words[k]) continue outer;
    }
    return phrase;
  }
  return undefined;
}

/**
 * Waiting and repeating: "al 3 weken", "al dagen", "nu al ruim een maand", "al 3 keer",
 * "voor de derde keer". The number of words it spans, else 0.
 */
function waitingAt(tokens: Token[], i: number): number {
  const first = (tokens[i] as Token).text;
  // Most words start with none of the letters of "al", the ordinals or a digit: out at once.
  const c = first.charCodeAt(0);
  if (!REPEAT_FIRST_CHARS.has(c) && c !== 97 /* a */ && !(c >= 48 && c <= 57)) return 0;
  if (REPEAT_ORDINAL_SET.has(first) || /^\d+e$/.test(first)) {
    const next = tokens[i + 1];
    return next !== undefined && next.kind === Kind.Word && next.text === 'keer' ? 2 : 0;
  }
  if (first !== 'al') return 0;
  for (let k = i + 1; k < tokens.length && k <= i + 4; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== Kind.Word) return 0;
    if (TIME_UNIT_SET.has(t.text) || /^\d+x$/.test(t.text)) return k - i + 1;
    if (!NUMBER_WORDS.has(t.text) && !/^\d+$/.test(t.text)) return 0;
  }
  return 0;
}

export interface SentimentExplanation extends Sentiment {
  parts: { source: string; value: number }[];
}

/** `analyseSentiment` with the values it added up (for tuning, and for showing a user why). */
export function explainSentiment(text: string): SentimentExplanation {
  const parts: { source: string; value: number }[] = [];
  const score = scoreText(typeof text === 'string' ? text : '', parts);
  return { label: labelOf(score), score, parts };
}

function scoreText(input: string, trace?: { source: string; value: number }[]): number {
  const text = input.length > MAX_CHARS ? input.slice(0, MAX_CHARS) : input;
  const S = SETTINGS;
  const tokens = tokenise(text);
  const hits: Hit[] = [];
  const questionClauses = new Set<number>();
  let clause = 0;
  let exclamations = 0;
  let exasperation = 0;
  let contrastAt = -1; // hits before this index came before the last "maar"
  let wordIndex = 0;
  let negatorAt = -1; // word index of a negator still looking for its word
  let negator = '';
  let intensity = 1;
  let intensityAt = -1;
  let intensifierHit = -1; // the intensifier's own value, dropped when it intensifies

  const endNegation = () => {
    if (negatorAt >= 0)
      hits.push({ value: S.bareNegation, kind: HitKind.BareNegation, clause, source: negator });
    negatorAt = -1;
  };
  const addWordValue = (value: number, token: Token) => {
    let v = value;
    let source = token.text;
    if (intensityAt >= 0 && wordIndex - intensityAt <= 2) {
      v *= intensity;
      source = `(×${intensity}) ${source}`;
      if (intensifierHit >= 0) (hits[intensifierHit] as Hit).value = 0;
    }
    intensityAt = -1;
    intensifierHit = -1;
    if (token.upper) v *= S.capitals;
    if (negatorAt >= 0) {
      v = v > 0 ? -v * S.negatePositive : -v * S.negateNegative;
      source = `${negator} … ${source}`;
      negatorAt = -1;
    }
    hits.push({ value: v, kind: HitKind.Value, clause, source });
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind === Kind.Word) {
      if (negatorAt >= 0 && wordIndex - negatorAt > S.negationWindow) endNegation();
      const phrase = phraseAt(tokens, i);
      if (phrase !== undefined) {
        if (phrase.value !== 0) {
          const source = trace ? phrase.words.join(' ') : '';
          hits.push({ value: phrase.value, kind: HitKind.Value, clause, source });
        }
        i += phrase.words.length - 1;
        wordIndex += phrase.words.length;
        continue;
      }
      const waiting = waitingAt(tokens, i);
      if (waiting > 0) {
        hits.push({ value: S.waiting, kind: HitKind.Value, clause, source: 'wachten/herhaling' });
        i += waiting - 1;
        wordIndex += waiting;
        continue;
      }
      const info = token.info;
      if (info.contrast) {
        endNegation();
        contrastAt = hits.length;
      } else if (info.negator) {
        endNegation();
        negatorAt = wordIndex;
        negator = token.text;
      } else if (info.intensifier !== 0) {
        intensity = info.intensifier;
        intensityAt = wordIndex;
        intensifierHit = -1;
        if (info.value !== 0) {
          intensifierHit = hits.length;
          hits.push({ value: info.value, kind: HitKind.Value, clause, source: token.text });
        }
      } else if (info.rhetorical) {
        hits.push({ value: info.value, kind: HitKind.Rhetorical, clause, source: token.text });
      } else if (info.value !== 0) {
        addWordValue(info.value, token);
      }
      wordIndex++;
    } else if (token.kind === Kind.Emoji) {
      const value = emojiScore(token.text) ?? emoticonScore(token.text);
      if (value !== undefined && value !== 0) {
        hits.push({ value: value * S.emoji, kind: HitKind.Value, clause, source: token.text });
      }
    } else if (token.kind === Kind.ClauseEnd) {
      let q = 0;
      let e = 0;
      for (const ch of token.text) {
        if (ch === '?') q++;
        else if (ch === '!') e++;
      }
      exclamations += e;
      if (q > 0) questionClauses.add(clause);
      if (q >= 2 || (q >= 1 && e >= 1)) exasperation++;
      endNegation();
      intensityAt = -1;
      clause++;
    } else {
      endNegation();
    }
  }
  endNegation();

  let sum = 0;
  for (let h = 0; h < hits.length; h++) {
    const hit = hits[h] as Hit;
    let v = hit.value;
    if (questionClauses.has(hit.clause) && hit.kind !== HitKind.Rhetorical) {
      v *= hit.kind === HitKind.BareNegation ? 0 : S.question;
    }
    if (contrastAt >= 0) v *= h < contrastAt ? S.beforeContrast : S.afterContrast;
    sum += v;
    if (trace && v !== 0) trace.push({ source: hit.source, value: round(v) });
  }
  if (exasperation > 0) {
    const v = Math.min(exasperation, 2) * S.exasperation;
    sum += v;
    trace?.push({ source: '?? / ?!', value: round(v) });
  }
  if (sum !== 0 && exclamations > 0) {
    const factor = 1 + S.exclamation * Math.min(exclamations, 3);
    sum *= factor;
    trace?.push({ source: `! (×${round(factor)})`, value: 0 });
  }
  return sum / Math.sqrt(sum * sum + S.alpha);
}

const round = (x: number) => Math.round(x * 1000) / 1000;
