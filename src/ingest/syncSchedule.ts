import type { Failure } from './sync.ts';

/**
 * When an account is synced next. All is well: after its platform's interval. A fault (5xx,
 * timeout, garbage): exponential backoff from a minute, doubling per failure in a row, at most eight
 * intervals and at most six hours, never sooner than the platform asked. Rate limits and budgets: at the moment the platform
 * (or the budget) gives. Access revoked, an account gone, settings that cannot be used: a day
 * later, since someone has to act first (and reconnecting makes it due at once).
 */
export const SNAPSHOT_EVERY_MS = 24 * 3600 * 1000;
const MINUTE = 60_000;
const MAX_BACKOFF_MS = 6 * 3600 * 1000;
const NEEDS_A_PERSON_MS = 24 * 3600 * 1000;

export function nextAfterSuccess(intervalMinutes: number, at: Date): Date {
  return new Date(at.getTime() + intervalMinutes * MINUTE);
}

export function nextAfterFailure(
  failure: Failure,
  failures: number,
  intervalMinutes: number,
  at: Date,
): Date {
  const platformSays = failure.retryAt?.getTime() ?? 0;
  switch (failure.kind) {
    case 'auth':
    case 'not_found':
    case 'settings':
      return new Date(at.getTime() + NEEDS_A_PERSON_MS);
    case 'rate_limited':
    case 'budget':
      return new Date(Math.max(platformSays, at.getTime() + MINUTE));
    default: {
      const backoff = Math.min(
        MINUTE * 2 ** Math.max(0, failures - 1),
        MAX_BACKOFF_MS,
        intervalMinutes * MINUTE * 8,
      );
      return new Date(Math.max(platformSays, at.getTime() + backoff));
    }
  }
}
