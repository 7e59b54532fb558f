import type { SpikeSettings } from './rules.ts';

/**
 * The spike detector, pure: counts per window in, spikes and episodes out.
 *
 * - **Baseline**: an exponentially weighted moving average of the counts of complete windows,
 *   with α = 2 / (baselineWindows + 1), and its exponentially weighted variance
 *   (`v ← (1 − α)(v + α·d²)` with `d` the window's difference from the mean). Beside it the same
 *   per time of day over about a week (windows of the day, α = 2 / (7 + 1)); what is normal for
 *   a window is the larger of the two, so mornings after a quiet night are no spikes.
 * - **Threshold**: a window is a spike when its count is at least `minCount`, at least
 *   `factor × mean`, at least `zScore` standard deviations (√variance) above the mean, and at
 *   least `zScore` above it on Anscombe's scale for counts (`2√(x + 3/8)`, on which a Poisson
 *   count varies by 1 whatever its mean): a steady trickle of messages varies by chance alone,
 *   more so when it is small, and a variance learnt from a quiet stretch may undersell that.
 * - **A spike stays out of the baseline**, so a long crisis does not become normal and stays one
 *   episode; but no longer than a day of windows in a row: a level that lasts a day is the new
 *   normal, and the baseline takes it in (its variance grows with it, so the episode ends).
 * - **Episodes**: a spike window opens an episode unless one is open; more spike windows extend
 *   it; a complete window under the threshold after the last spike window closes it. A window
 *   before the end of the last episode never opens a new one (it belonged to that one).
 * - **Warm-up**: a new rule learns its baseline from the week of windows before it starts
 *   (`seedBaseline`: from their medians, so a spike among them does not raise it), without
 *   alerts for them.
 */
export interface Baseline {
  /** The level: the EWMA of every complete window and its variance. */
  mean: number;
  variance: number;
  /**
   * The time of day: per window of the day (`window mod slotsPerDay`), the EWMA over the days
   * (about a week) of that window's counts, and their variance. Empty for windows of a day.
   */
  slots: Moments[];
  /** Windows left out of the baseline in a row as spikes. */
  excludedRun: number;
}

export interface Moments {
  mean: number;
  variance: number;
}

/** Days the time-of-day part of the baseline remembers, about. */
export const SEASON_DAYS = 7;

export function alpha(settings: SpikeSettings): number {
  return 2 / (settings.baselineWindows + 1);
}

export function slotsPerDay(settings: SpikeSettings): number {
  return Math.max(1, Math.round((24 * 60) / settings.windowMinutes));
}

/** Windows a spike may stay out of the baseline in a row: a day's worth. */
export function maxExcluded(settings: SpikeSettings): number {
  return slotsPerDay(settings);
}

/** Windows of history a new rule learns its baseline from: a week, or more for a long memory. */
export function seedWindows(settings: SpikeSettings): number {
  return Math.max(3 * settings.baselineWindows, SEASON_DAYS * slotsPerDay(settings));
}

/**
 * What is normal for `window`: the level, or what this time of day has been if that is more
 * (so a quiet night does not make every morning a spike), with the larger variance.
 */
export function expected(baseline: Baseline, window: number, settings: SpikeSettings): Moments {
  const slot = baseline.slots[slotOf(window, settings)];
  if (!slot) return { mean: baseline.mean, variance: baseline.variance };
  return { mean: Math.max(baseline.mean, slot.mean), variance: Math.max(baseline.variance, slot.variance) };
}

function slotOf(window: number, settings: SpikeSettings): number {
  const n = slotsPerDay(settings);
  return ((window % n) + n) % n;
}

/** The count from which `window` is a spike. */
export function spikeThreshold(baseline: Baseline, window: number, settings: SpikeSettings): number {
  const normal = expected(baseline, window, settings);
  const mean = Math.max(0, normal.mean);
  const spread = mean + settings.zScore * Math.sqrt(Math.max(0, normal.variance));
  // The same z for a Poisson count, on Anscombe's scale (2√(x + 3/8) has a spread of 1).
  const chance = ((2 * Math.sqrt(mean + 3 / 8) + settings.zScore) / 2) ** 2 - 3 / 8;
  return Math.max(settings.minCount, settings.factor * mean, spread, chance);
}

export function isSpike(count: number, baseline: Baseline, window: number, settings: SpikeSettings): boolean {
  return count >= spikeThreshold(baseline, window, settings);
}

function ewma(moments: Moments, count: number, a: number): Moments {
  const d = count - moments.mean;
  return { mean: moments.mean + a * d, variance: (1 - a) * (moments.variance + a * d * d) };
}

/** The baseline after one more complete window. */
export function foldWindow(
  baseline: Baseline,
  window: number,
  count: number,
  settings: SpikeSettings,
): Baseline {
  if (isSpike(count, baseline, window, settings) && baseline.excludedRun < maxExcluded(settings)) {
    return { ...baseline, excludedRun: baseline.excludedRun + 1 };
  }
  const level = ewma(baseline, count, alpha(settings));
  const slots = [...baseline.slots];
  const slot = slotOf(window, settings);
  const moments = slots[slot];
  if (moments) slots[slot] = ewma(moments, count, 2 / (SEASON_DAYS + 1));
  return { ...level, slots, excludedRun: 0 };
}

/**
 * The baseline learnt from the complete windows before a rule starts, oldest first, the last
 * being `lastWindow`: started from medians (so a spike among them does not raise it), then folded.
 */
export function seedBaseline(
  counts: readonly number[],
  lastWindow: number,
  settings: SpikeSettings,
): Baseline {
  const first = lastWindow - counts.length + 1;
  const n = slotsPerDay(settings);
  const slots: Moments[] = [];
  if (n > 1) {
    for (let slot = 0; slot < n; slot++) {
      const m = median(counts.filter((_, i) => slotOf(first + i, settings) === slot));
      slots.push({ mean: m, variance: m });
    }
  }
  const start = median(counts);
  let baseline: Baseline = { mean: start, variance: start, slots, excludedRun: 0 };
  counts.forEach((count, i) => {
    baseline = foldWindow(baseline, first + i, count, settings);
  });
  return baseline;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** An episode as the detector follows it (windows numbered from the epoch). */
export interface SpikeEpisode {
  startWindow: number;
  lastWindow: number;
  /** The first window under the threshold after it: where it ended (null: open). */
  endWindow: number | null;
  startCount: number;
  startBaseline: number;
  startThreshold: number;
  /** The count of each spike window. */
  counts: Map<number, number>;
}

export interface SpikeTrack {
  baseline: Baseline;
  open: SpikeEpisode | null;
  /** Windows from this one on may open an episode (the end of the last one). */
  quietFrom: number;
}

export type Observation = 'open' | 'extend' | 'close' | null;

/**
 * Looks at one window (`complete`: it has ended) against the baseline, and moves the episode on:
 * returns what happened, with `track.open` updated (a closed episode is returned in `closed`).
 */
export function observe(
  track: SpikeTrack,
  window: number,
  count: number,
  complete: boolean,
  settings: SpikeSettings,
): { event: Observation; closed: SpikeEpisode | null } {
  const threshold = spikeThreshold(track.baseline, window, settings);
  const open = track.open;
  if (count >= threshold) {
    if (open) {
      open.counts.set(window, count);
      open.lastWindow = Math.max(open.lastWindow, window);
      return { event: 'extend', closed: null };
    }
    if (window < track.quietFrom) return { event: null, closed: null };
    track.open = {
      startWindow: window,
      lastWindow: window,
      endWindow: null,
      startCount: count,
      startBaseline: expected(track.baseline, window, settings).mean,
      startThreshold: threshold,
      counts: new Map([[window, count]]),
    };
    return { event: 'open', closed: null };
  }
  if (open && complete && window > open.lastWindow) {
    open.endWindow = open.lastWindow + 1;
    track.open = null;
    track.quietFrom = open.endWindow;
    return { event: 'close', closed: open };
  }
  return { event: null, closed: null };
}

/**
 * The episodes of a whole series, as evaluating after every window would find them: the first
 * `warmup` windows teach the baseline, every later one is observed and then folded in.
 */
export function detectEpisodes(
  counts: readonly number[],
  settings: SpikeSettings,
  warmup: number,
): SpikeEpisode[] {
  const track: SpikeTrack = {
    baseline: seedBaseline(counts.slice(0, warmup), warmup - 1, settings),
    open: null,
    quietFrom: warmup,
  };
  const episodes: SpikeEpisode[] = [];
  for (let window = warmup; window < counts.length; window++) {
    const count = counts[window] as number;
    const { event } = observe(track, window, count, true, settings);
    if (event === 'open' && track.open) episodes.push(track.open);
    track.baseline = foldWindow(track.baseline, window, count, settings);
  }
  return episodes;
}
