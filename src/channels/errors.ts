/**
 * Every way a platform can fail, classified, so the sync knows what to do and can tell people in
 * plain words:
 *
 * | kind | meaning | the sync |
 * | --- | --- | --- |
 * | `rate_limited` | the platform asks us to wait (HTTP 429 and the platforms' own codes) | retries at `retryAt` |
 * | `auth` | the token was revoked, expired or lacks a permission | stops until someone reconnects the account |
 * | `not_found` | the account or message no longer exists | stops for the account; a reply's target is reported |
 * | `transient` | 5xx, a timeout, a dropped connection | retries with exponential backoff |
 * | `malformed` | a response that is not what the platform documents (garbage or truncated JSON) | retries with backoff; the cursor stays |
 * | `budget` | the read budget set for the platform is used up (X charges per read) | waits for the next budget period |
| `invalid_request` | what was asked cannot be done as asked (a text too long, a post without the image the platform needs, media not supported): found before sending | not retried; the person changes the request |
 * | `unknown` | anything else the platform says no to | retries with backoff, and shows the platform's words |
 */
export const CHANNEL_ERROR_KINDS = [
  'rate_limited',
  'auth',
  'not_found',
  'transient',
  'malformed',
  'budget',
  'invalid_request',
  'unknown',
] as const;
export type ChannelErrorKind = (typeof CHANNEL_ERROR_KINDS)[number];

export class ChannelError extends Error {
  readonly kind: ChannelErrorKind;
  /** When to try again, when the platform said so (rate limits, budgets). */
  readonly retryAt: Date | null;
  /** The HTTP status, when there was one. */
  readonly status: number | null;
  /** What was asked when it failed, e.g. `GET https://social.example/api/v1/notifications`. */
  readonly where: string;

  constructor(
    kind: ChannelErrorKind,
    message: string,
    options: { where: string; status?: number | null; retryAt?: Date | null; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'ChannelError';
    this.kind = kind;
    this.where = options.where;
    this.status = options.status ?? null;
    this.retryAt = options.retryAt ?? null;
  }
}

/** Any thrown value as a ChannelError: a fault that is not classified counts as `unknown`. */
export function asChannelError(error: unknown, where: string): ChannelError {
  if (error instanceof ChannelError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ChannelError('unknown', message, { where, cause: error });
}

/** Dutch, for people: what the kind means and what to do about it. */
export const ERROR_KIND_DUTCH: Readonly<Record<ChannelErrorKind, string>> = {
  rate_limited: 'het platform vraagt even te wachten (limiet bereikt)',
  auth: 'de toegang is ingetrokken of verlopen: koppel het account opnieuw',
  not_found: 'het account of bericht bestaat niet (meer)',
  transient: 'het platform was tijdelijk niet bereikbaar',
  malformed: 'het platform gaf een onleesbaar antwoord',
  budget: 'het leesbudget voor deze periode is op',
  invalid_request: 'het platform neemt dit zo niet aan (te lang, zonder afbeelding of niet ondersteund)',
  unknown: 'het platform weigerde het verzoek',
};
