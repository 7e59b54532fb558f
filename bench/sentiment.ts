/**
 * The sentiment bench: Meetlat's analyser (`src/sentiment/`) against the raw nlp.js
 * `SentimentAnalyzer` (`@nlpjs/sentiment` with `@nlpjs/lang-nl`: the same Pattern lexicon, summed
 * with its own negation, label by the sign of the sum), both measured in the same run on the
 * labelled TEST set (`src/sentiment/evaluation/test.jsonl`, never used for tuning), and the speed
 * of both on texts of about 200 characters.
 *
 * `bench/run.ts` calls `benchSentiment()`; on its own: `node --import tsx bench/sentiment.ts`.
 */
import { createRequire } from 'node:module';
import { analyseSentiment, type SentimentLabel } from '../src/sentiment/analyse.ts';
import {
  DEV_SET,
  type Evaluation,
  evaluate,
  evaluateOn,
  LABELS,
  type LabelledMessage,
  loadLabelled,
  TEST_SET,
} from '../src/sentiment/evaluate.ts';

import { median } from './stats.ts';

const require = createRequire(import.meta.url);

interface NlpjsSentiment {
  process(input: { locale: string; text: string }): Promise<{ sentiment: { vote: string; score: number } }>;
}

/** The nlp.js analyser as its documentation sets it up for Dutch. */
async function nlpjsAnalyser(): Promise<NlpjsSentiment> {
  const { containerBootstrap } = require('@nlpjs/core') as {
    containerBootstrap: () => Promise<{ use(plugin: unknown): void }>;
  };
  const { LangNl } = require('@nlpjs/lang-nl') as { LangNl: unknown };
  const { SentimentAnalyzer } = require('@nlpjs/sentiment') as {
    SentimentAnalyzer: new (settings: { container: unknown }) => NlpjsSentiment;
  };
  const container = await containerBootstrap();
  container.use(LangNl);
  return new SentimentAnalyzer({ container });
}

function asLabel(vote: string): SentimentLabel {
  return vote === 'positive' || vote === 'negative' ? vote : 'neutral';
}

/** The figures in the bench's shape. */
function figures(e: Evaluation) {
  const byClass = <T>(f: (l: SentimentLabel) => T) =>
    Object.fromEntries(LABELS.map((l) => [l, f(l)])) as Record<SentimentLabel, T>;
  return {
    messages: e.messages,
    per_class: byClass((l) => e.per_class[l].support),
    macro_f1: e.macro_f1,
    accuracy: e.accuracy,
    per_class_f1: byClass((l) => e.per_class[l].f1),
    per_class_precision: byClass((l) => e.per_class[l].precision),
    per_class_recall: byClass((l) => e.per_class[l].recall),
    confusion: e.confusion,
  };
}

/**
 * Texts of about 200 characters, as messages typically are: the labelled messages of both sets
 * joined in order until each text reaches 200 characters.
 */
function speedTexts(sets: readonly LabelledMessage[][]): string[] {
  const texts: string[] = [];
  let current = '';
  for (const set of sets) {
    for (const { text } of set) {
      current = current === '' ? text : `${current} ${text}`;
      if (current.length >= 200) {
        texts.push(current);
        current = '';
      }
    }
  }
  return texts;
}

/** Messages per second of one pass of `run` over `texts`, repeated for at least `ms`. */
async function rate(
  texts: readonly string[],
  run: (text: string) => unknown,
  ms: number,
  awaitEach: boolean,
) {
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    if (awaitEach) for (const t of texts) await run(t);
    else for (const t of texts) run(t);
    n += texts.length;
  }
  return n / ((performance.now() - started) / 1000);
}

/**
 * The speed of ours (called synchronously, as ingest will) and of nlp.js (awaited, as its API
 * is), measured in alternating rounds after a warm-up of each, so that noise on the machine
 * falls on both alike; the median round of each.
 */
async function speeds(
  texts: readonly string[],
  ours: (text: string) => unknown,
  baseline: (text: string) => Promise<unknown>,
  seconds: number,
) {
  const rounds = 7;
  await rate(texts, ours, 200, false);
  await rate(texts, baseline, 200, true);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    a.push(await rate(texts, ours, (seconds * 1000) / rounds, false));
    b.push(await rate(texts, baseline, (seconds * 1000) / rounds, true));
  }
  return { ours: median(a), baseline: median(b) };
}

export async function benchSentiment(options: { seconds?: number } = {}) {
  const seconds = options.seconds ?? 4;
  const test = loadLabelled(TEST_SET);
  const dev = loadLabelled(DEV_SET);
  const nlpjs = await nlpjsAnalyser();

  const ours = evaluateOn(test, (text) => analyseSentiment(text).label);
  const baselineLabels: SentimentLabel[] = [];
  for (const { text } of test) {
    baselineLabels.push(asLabel((await nlpjs.process({ locale: 'nl', text })).sentiment.vote));
  }
  const baseline = evaluate(
    test.map((m) => m.label),
    baselineLabels,
  );

  const texts = speedTexts([dev, test]);
  const meanChars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
  const speed = await speeds(
    texts,
    analyseSentiment,
    (text) => nlpjs.process({ locale: 'nl', text }),
    seconds,
  );

  const round = (x: number, digits = 3) => Number(x.toFixed(digits));
  return {
    test_set: figures(ours),
    baseline: { name: '@nlpjs/sentiment SentimentAnalyzer with @nlpjs/lang-nl', ...figures(baseline) },
    ratio: round(ours.macro_f1 / baseline.macro_f1),
    /** The development set was used for tuning: this figure is optimistic by construction. */
    dev_set: {
      messages: dev.length,
      macro_f1: evaluateOn(dev, (text) => analyseSentiment(text).label).macro_f1,
    },
    speed: {
      texts: texts.length,
      mean_chars: Math.round(meanChars),
      messages_per_s: Math.round(speed.ours),
      baseline_messages_per_s: Math.round(speed.baseline),
      ratio: round(speed.ours / speed.baseline, 2),
      goal_messages_per_s: 20_000,
    },
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  process.stdout.write(`${JSON.stringify(await benchSentiment(), null, 2)}\n`);
}
