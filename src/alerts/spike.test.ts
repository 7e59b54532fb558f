/**
 * The spike detector on synthetic hourly series: steady and noisy steady volume give no episode,
 * a single spike one, a long crisis one, two spikes a day apart two, slow growth none; a new level
 * that lasts becomes the baseline; and the threshold's parts (minimum count, factor, z-score).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SPIKE_DEFAULTS, type SpikeSettings } from './rules.ts';
import { type Baseline, detectEpisodes, foldWindow, isSpike, seedBaseline, spikeThreshold } from './spike.ts';

const S: SpikeSettings = { ...SPIKE_DEFAULTS };
const DAY = 24;
const WARMUP = 7 * DAY;

/** A seeded PRNG (mulberry32), so every run sees the same series. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Poisson count with mean `lambda` (Knuth). */
function poisson(lambda: number, next: () => number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= next();
  } while (p > limit);
  return k - 1;
}

function noisy(hours: number, lambda: number | ((hour: number) => number), seed = 1): number[] {
  const next = random(seed);
  return Array.from({ length: hours }, (_, h) =>
    poisson(typeof lambda === 'number' ? lambda : lambda(h), next),
  );
}

/** Episodes as [start, end] window pairs (end: the first quiet window, or null while open). */
function spans(counts: number[], settings = S): [number, number | null][] {
  return detectEpisodes(counts, settings, WARMUP).map((e) => [e.startWindow, e.endWindow]);
}

describe('the spike detector', () => {
  test('a steady volume is never a spike', () => {
    assert.deepEqual(spans(Array(14 * DAY).fill(5)), []);
    assert.deepEqual(spans(Array(14 * DAY).fill(0)), []);
    assert.deepEqual(spans(Array(14 * DAY).fill(200)), []);
  });

  test('a noisy steady volume is never a spike (Poisson, several seeds and levels)', () => {
    for (const lambda of [1, 5, 20, 100]) {
      for (let seed = 1; seed <= 10; seed++) {
        assert.deepEqual(spans(noisy(28 * DAY, lambda, seed)), [], `mean ${lambda}, seed ${seed}`);
      }
    }
  });

  test('a day-and-night rhythm is no spike: mornings after a quiet night, office hours, weekends', () => {
    const rhythms = {
      waves: (h: number) => 1 + 9 * Math.max(0, Math.sin(((h % DAY) / DAY) * 2 * Math.PI)),
      office: (h: number) => (h % DAY >= 7 && h % DAY < 18 ? 12 : 1),
      week: (h: number) => (Math.floor(h / DAY) % 7 >= 5 ? 0.4 : 1) * (h % DAY >= 7 && h % DAY < 22 ? 10 : 1),
    };
    for (const [name, rhythm] of Object.entries(rhythms)) {
      for (let seed = 1; seed <= 10; seed++) {
        assert.deepEqual(spans(noisy(35 * DAY, rhythm, seed)), [], `${name}, seed ${seed}`);
      }
    }
  });

  test('a single spike is one episode, ended by the first quiet window', () => {
    const counts = noisy(10 * DAY, 5, 3);
    counts[8 * DAY] = 48;
    assert.deepEqual(spans(counts), [[8 * DAY, 8 * DAY + 1]]);
  });

  test('a long crisis stays one episode and does not become the baseline', () => {
    const counts = noisy(12 * DAY, 5, 4);
    const crisis = [30, 60, 80, 75, 60, 50, 45, 40, 35, 30, 25, 20];
    counts.splice(8 * DAY, crisis.length, ...crisis);
    assert.deepEqual(spans(counts), [[8 * DAY, 8 * DAY + crisis.length]]);
  });

  test('two spikes a day apart are two episodes', () => {
    const counts = noisy(11 * DAY, 5, 5);
    counts[8 * DAY] = 60;
    counts[8 * DAY + 1] = 40;
    counts[9 * DAY + 3] = 60;
    assert.deepEqual(spans(counts), [
      [8 * DAY, 8 * DAY + 2],
      [9 * DAY + 3, 9 * DAY + 4],
    ]);
  });

  test('a dip between two spike hours does not split the episode when it is still over the threshold', () => {
    const counts = Array(9 * DAY).fill(5);
    counts.splice(8 * DAY, 3, 60, 30, 60);
    assert.deepEqual(spans(counts), [[8 * DAY, 8 * DAY + 3]]);
  });

  test('slow growth is followed by the baseline, never a spike', () => {
    // From 5 to 60 an hour over ten days, and doubling every two days.
    assert.deepEqual(spans(noisy(17 * DAY, (h) => 5 + Math.max(0, h - WARMUP) * (55 / (10 * DAY)), 6)), []);
    assert.deepEqual(spans(noisy(14 * DAY, (h) => 5 * 2 ** (Math.max(0, h - WARMUP) / (2 * DAY)), 7)), []);
  });

  test('a new level that lasts becomes the baseline within about a day', () => {
    const counts = [...Array(8 * DAY).fill(5), ...Array(6 * DAY).fill(40)];
    const found = spans(counts);
    assert.equal(found.length, 1);
    const [start, end] = found[0] as [number, number | null];
    assert.equal(start, 8 * DAY);
    assert.ok(end !== null && end <= 10 * DAY, `ended at ${end}`);
  });

  test('the threshold: minimum count, factor, z-score and chance', () => {
    const at = (mean: number, variance = mean): Baseline => ({ mean, variance, slots: [], excludedRun: 0 });
    const threshold = (b: Baseline, settings = S) => spikeThreshold(b, 0, settings);
    // "normaal ongeveer 6": by chance alone a count of 6 varies up to about 20.
    const chance = ((2 * Math.sqrt(6.375) + 4) / 2) ** 2 - 0.375;
    assert.ok(Math.abs(threshold(at(6)) - chance) < 1e-9);
    assert.equal(isSpike(48, at(6), 0, S), true);
    assert.equal(isSpike(18, at(6), 0, S), false);
    // Few messages: the minimum count decides.
    assert.equal(threshold(at(0)), 10);
    assert.equal(isSpike(9, at(0), 0, S), false);
    // Many messages: the factor decides.
    assert.equal(threshold(at(1000)), 2000);
    // A wide spread raises it.
    assert.equal(threshold(at(5, 100)), 5 + 4 * 10);
    // Stricter settings, stricter threshold.
    assert.ok(threshold(at(6), { ...S, zScore: 8 }) > threshold(at(6)));
    // The time of day: a busy hour's own normal counts when it is more than the level.
    const slots = Array.from({ length: 24 }, (_, h) => ({ mean: h === 9 ? 30 : 2, variance: 4 }));
    const daily: Baseline = { mean: 5, variance: 5, slots, excludedRun: 0 };
    assert.equal(spikeThreshold(daily, 9, S), 60);
    assert.ok(spikeThreshold(daily, 3, S) < 20, 'a quiet hour keeps the level');
  });

  test('the baseline: EWMA with α = 2/(N+1), spikes left out, learnt from the median', () => {
    const flat: SpikeSettings = { ...S, windowMinutes: 1440 };
    const folded = foldWindow({ mean: 5, variance: 5, slots: [], excludedRun: 0 }, 0, 7, flat);
    const a = 2 / 25;
    assert.ok(Math.abs(folded.mean - (5 + a * 2)) < 1e-12);
    assert.ok(Math.abs(folded.variance - (1 - a) * (5 + a * 4)) < 1e-12);
    const spiked = foldWindow({ mean: 5, variance: 5, slots: [], excludedRun: 0 }, 0, 80, flat);
    assert.deepEqual(spiked, { mean: 5, variance: 5, slots: [], excludedRun: 1 });
    // A past spike among the history does not make the baseline.
    const seeded = seedBaseline([5, 5, 6, 4, 500, 5, 5, 4, 6, 5], 9, flat);
    assert.ok(seeded.mean > 4 && seeded.mean < 6, String(seeded.mean));
    assert.deepEqual(seedBaseline([], 0, flat), { mean: 0, variance: 0, slots: [], excludedRun: 0 });
    // Hourly windows learn each hour of the day as well.
    const hourly = seedBaseline(
      Array.from({ length: 7 * DAY }, (_, h) => (h % DAY === 9 ? 30 : 2)),
      7 * DAY - 1,
      S,
    );
    assert.equal(hourly.slots.length, 24);
    assert.ok(Math.abs((hourly.slots[9]?.mean ?? 0) - 30) < 1e-9);
  });
});
