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
import { lastMessageId, ruleMatch, termHits } from './matching.ts';
import type { TermSettings } from './rules.ts';
import { excerpt } from './texts.ts';

/**
 * A term rule: the new matches (see `termHits`) from its start, and no older than the quiet
 * period. The first opens an episode (unless one is open); more within the quiet period after
 * the last extend it; the quiet period without a new match ends it.
 */
export async function evaluateTerm(
  q: Queryable,
  rule: RuleContext,
  settings: TermSettings,
  state: State | null,
  now: Date,
): Promise<Written> {
  const quiet = settings.quietHours * 3_600_000;
  const start = state?.started_at ?? new Date(Math.min(rule.createdAt.getTime(), now.getTime()));
  const throughId = await lastMessageId(q);
  const hits = await termHits(q, ruleMatch(rule, settings.terms), {
    from: new Date(Math.max(start.getTime(), now.getTime() - quiet)),
    now,
    throughTime: state?.evaluated_at ?? start,
    throughId: state?.through_message_id ?? 0,
  });
  const loaded = await loadOpenEpisode(q, rule.id);
  const ended = await lastEnded(q, rule.id);
  let episode: EpisodeRecord | null = loaded ? structuredClone(loaded) : null;
  const touched: EpisodeRecord[] = episode ? [episode] : [];
  const terms = settings.terms.filter((_, i) => hits.matched[i]);
  if (hits.count > 0 && hits.first && hits.last && (episode || !ended || hits.last >= ended)) {
    if (episode && hits.first.getTime() < episode.lastSeenAt.getTime() + quiet) {
      episode.lastSeenAt = new Date(Math.max(episode.lastSeenAt.getTime(), hits.last.getTime()));
      episode.messageCount += hits.count;
      episode.peakCount = episode.messageCount;
      episode.terms = settings.terms.filter((term) => episode?.terms.includes(term) || terms.includes(term));
    } else {
      if (episode) episode.endedAt = new Date(episode.lastSeenAt.getTime() + quiet);
      episode = {
        id: null,
        startedAt: hits.first,
        lastSeenAt: hits.last,
        endedAt: null,
        startCount: hits.count,
        startBaseline: null,
        startThreshold: null,
        peakCount: hits.count,
        messageCount: hits.count,
        windowCounts: {},
        terms,
      };
      touched.push(episode);
    }
  }
  if (episode && now.getTime() >= episode.lastSeenAt.getTime() + quiet) {
    episode.endedAt = new Date(episode.lastSeenAt.getTime() + quiet);
  }
  await q.execute(
    `INSERT INTO alert_state (rule_id, started_at, evaluated_at, through_message_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (rule_id) DO UPDATE SET evaluated_at = EXCLUDED.evaluated_at,
       through_message_id = EXCLUDED.through_message_id`,
    [rule.id, start, now, throughId],
  );
  const written = { ...NOTHING };
  const message = {
    kind: 'term' as const,
    search: rule.searchName,
    terms,
    count: hits.count,
    excerpt: excerpt(hits.firstText ?? ''),
  };
  for (const record of touched) {
    addWritten(written, await saveEpisode(q, rule, record, record.id === null ? null : loaded, message, now));
  }
  return written;
}
