/**
 * Evaluation of a three-class sentiment classifier against a labelled set: precision, recall and
 * F1 per class, macro-F1 (the unweighted mean of the three F1s) and the confusion matrix; and the
 * loader of the labelled sets in `evaluation/` (JSON lines `{"text": …, "label": …}`).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SentimentLabel } from './analyse.ts';

export const LABELS: readonly SentimentLabel[] = ['positive', 'neutral', 'negative'];

export interface LabelledMessage {
  text: string;
  label: SentimentLabel;
}

export interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
  /** How many messages of the set carry this label. */
  support: number;
}

export interface Evaluation {
  messages: number;
  per_class: Record<SentimentLabel, ClassFigures>;
  macro_f1: number;
  accuracy: number;
  /** confusion[expected][predicted]: how many messages labelled `expected` got `predicted`. */
  confusion: Record<SentimentLabel, Record<SentimentLabel, number>>;
}

const EVALUATION_DIR = join(dirname(fileURLToPath(import.meta.url)), 'evaluation');

/** The labelled development set (for tuning) and test set (for reporting only). */
export const DEV_SET = join(EVALUATION_DIR, 'dev.jsonl');
export const TEST_SET = join(EVALUATION_DIR, 'test.jsonl');

/** Reads a labelled set; throws naming the line when one is not `{"text": string, "label": …}`. */
export function loadLabelled(file: string): LabelledMessage[] {
  const rows: LabelledMessage[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const value = JSON.parse(line) as { text?: unknown; label?: unknown };
    if (typeof value.text !== 'string' || !LABELS.includes(value.label as SentimentLabel)) {
      throw new Error(`${file}:${i + 1}: expected {"text": string, "label": positive|neutral|negative}`);
    }
    rows.push({ text: value.text, label: value.label as SentimentLabel });
  });
  return rows;
}

function emptyMatrix(): Record<SentimentLabel, Record<SentimentLabel, number>> {
  return {
    positive: { positive: 0, neutral: 0, negative: 0 },
    neutral: { positive: 0, neutral: 0, negative: 0 },
    negative: { positive: 0, neutral: 0, negative: 0 },
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** The figures of `predicted[i]` against `expected[i]`. */
export function evaluate(
  expected: readonly SentimentLabel[],
  predicted: readonly SentimentLabel[],
): Evaluation {
  if (expected.length !== predicted.length) throw new Error('expected and predicted differ in length');
  const confusion = emptyMatrix();
  for (let i = 0; i < expected.length; i++)
    confusion[expected[i] as SentimentLabel][predicted[i] as SentimentLabel]++;
  const perClass = {} as Record<SentimentLabel, ClassFigures>;
  let correct = 0;
  for (const label of LABELS) {
    const tp = confusion[label][label];
    correct += tp;
    const support = LABELS.reduce((n, p) => n + confusion[label][p], 0);
    const predictedAs = LABELS.reduce((n, e) => n + confusion[e][label], 0);
    const precision = predictedAs === 0 ? 0 : tp / predictedAs;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass[label] = { precision: round(precision), recall: round(recall), f1: round(f1), support };
  }
  const macro = LABELS.reduce((sum, l) => sum + perClass[l].f1, 0) / LABELS.length;
  return {
    messages: expected.length,
    per_class: perClass,
    macro_f1: round(macro),
    accuracy: round(expected.length === 0 ? 0 : correct / expected.length),
    confusion,
  };
}

/** Runs `classify` over a labelled set and evaluates it. */
export function evaluateOn(
  set: readonly LabelledMessage[],
  classify: (text: string) => SentimentLabel,
): Evaluation {
  return evaluate(
    set.map((m) => m.label),
    set.map((m) => classify(m.text)),
  );
}
