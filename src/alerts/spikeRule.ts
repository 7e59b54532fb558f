import type { Queryable } from '../store/db.ts';
import {
  addWritten,
  type EpisodeRecord,
  lastEnded,
  loadOpenEpisode,
  NOTHING,
  type RuleContext,
  type State,
  saveEpisode,
  type Written,
} from './episodes.ts';
import { ruleMatch, windowCounts } from './matching.ts';
import type { SpikeSettings } from './rules.ts';
import {
  type Baseline,
  foldWindow,
  maxExcluded,
  observe,
  type SpikeEpisode,
  type SpikeTrack,
  seedBaseline,
  seedWindows,
} from './spike.ts';

/**
 * A spike rule's evaluation: the counts per window since it last looked (or the week before its
 * start, to learn the baseline from), each complete window observed and folded into the baseline,
 * the last complete one and the current one observed against it (spike.ts); the episodes this
 * touched are written back (episodes.ts).
 */
export async function evaluateSpike(
  q: Queryable,
  rule: RuleContext,
  settings: SpikeSettings,
  state: State | null,
  now: Date,
): Promise<Written> {
  const length = settings.windowMinutes * 60_000;
  const current = Math.floor(now.getTime() / length);
  const match = ruleMatch(rule);
  const fresh = state?.next_window == null || current - 1 - state.next_window > seedWindows(settings);
  const from = fresh
    ? current - 1 - seedWindows(settings)
    : Math.min(Number(state?.next_window), current - 1);
  const counts = await windowCounts(q, match, settings.windowMinutes, from, now);
  const count = (w: number) => counts.get(w) ?? 0;
  let baseline: Baseline;
  let observeFrom = current - maxExcluded(settings);
  if (fresh || !state) {
    const history = Array.from({ length: current - 1 - from }, (_, i) => count(from + i));
    baseline = seedBaseline(history, current - 2, settings);
    observeFrom = current - 1;
  } else {
    baseline = {
      mean: state.baseline_mean ?? 0,
      variance: state.baseline_variance ?? 0,
      slots: state.baseline_slots.map(([mean, variance]) => ({ mean, variance })),
      excludedRun: state.excluded_run,
    };
  }
  const loaded = await loadOpenEpisode(q, rule.id);
  const ended = await lastEnded(q, rule.id);
  const track: SpikeTrack = {
    baseline,
    open: loaded ? spikeEpisode(loaded, length) : null,
    quietFrom: ended ? Math.ceil(ended.getTime() / length) : Number.NEGATIVE_INFINITY,
  };
  const seen: SpikeEpisode[] = track.open ? [track.open] : [];
  for (let w = fresh ? current - 1 : from; w <= current; w++) {
    if (w >= observeFrom) {
      const { event } = observe(track, w, count(w), w < current, settings);
      if (event === 'open' && track.open) seen.push(track.open);
    }
    if (w <= current - 2) track.baseline = foldWindow(track.baseline, w, count(w), settings);
  }
  await q.execute(
    `INSERT INTO alert_state (rule_id, started_at, evaluated_at, next_window, baseline_mean, baseline_variance,
       baseline_slots, excluded_run)
     VALUES ($1, $2, $2, $3, $4, $5, $6::jsonb, $7)
     ON CONFLICT (rule_id) DO UPDATE SET evaluated_at = EXCLUDED.evaluated_at, next_window = EXCLUDED.next_window,
       baseline_mean = EXCLUDED.baseline_mean, baseline_variance = EXCLUDED.baseline_variance,
       baseline_slots = EXCLUDED.baseline_slots, excluded_run = EXCLUDED.excluded_run`,
    [
      rule.id,
      now,
      current - 1,
      track.baseline.mean,
      track.baseline.variance,
      JSON.stringify(track.baseline.slots.map((s) => [s.mean, s.variance])),
      track.baseline.excludedRun,
    ],
  );
  const written = { ...NOTHING };
  for (const episode of seen) {
    const record = episodeRecord(episode, loaded && episode === seen[0] ? loaded.id : null, length, now);
    const message = {
      kind: 'spike' as const,
      search: rule.searchName,
      count: episode.startCount,
      baseline: episode.startBaseline,
      windowMinutes: settings.windowMinutes,
    };
    addWritten(written, await saveEpisode(q, rule, record, record.id === null ? null : loaded, message, now));
  }
  return written;
}

function spikeEpisode(record: EpisodeRecord, length: number): SpikeEpisode {
  const counts = new Map(Object.entries(record.windowCounts).map(([w, n]) => [Number(w), n]));
  return {
    startWindow: Math.floor(record.startedAt.getTime() / length),
    lastWindow: Math.max(...counts.keys()),
    endWindow: null,
    startCount: record.startCount,
    startBaseline: record.startBaseline ?? 0,
    startThreshold: record.startThreshold ?? 0,
    counts,
  };
}

function episodeRecord(episode: SpikeEpisode, id: number | null, length: number, now: Date): EpisodeRecord {
  const values = [...episode.counts.values()];
  return {
    id,
    startedAt: new Date(episode.startWindow * length),
    lastSeenAt: new Date(Math.min(now.getTime(), (episode.lastWindow + 1) * length)),
    endedAt: episode.endWindow === null ? null : new Date(episode.endWindow * length),
    startCount: episode.startCount,
    startBaseline: episode.startBaseline,
    startThreshold: episode.startThreshold,
    peakCount: Math.max(...values),
    messageCount: values.reduce((a, b) => a + b, 0),
    windowCounts: Object.fromEntries([...episode.counts].sort(([a], [b]) => a - b)),
    terms: [],
  };
}
