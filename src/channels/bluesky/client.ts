import { AtpAgent, type AtpSessionData, type AtpSessionEvent, XRPCError } from '@atproto/api';
import type { ChannelHost } from '../channel.ts';
import { asChannelError, ChannelError } from '../errors.ts';
import { classifyStatus } from '../http.ts';
import type { BlueskySettings } from './settings.ts';

/**
 * Bluesky over `@atproto/api` (0.19): an `AtpAgent` that logs in with the app password once and
 * keeps the session (access and refresh JWT) in the channel's secrets, so a sync every few minutes
 * does not call `createSession` (30 per 5 minutes, 300 a day) but goes on with the stored session.
 * The agent refreshes an expired access token by itself (and tells us, so the new tokens are
 * stored); when the refresh token is refused as well, the agent ends the session and we log in
 * once more; a login that is refused is an `auth` error.
 *
 * The 0.19 client checks every answer against the lexicons (`assertValidXrpcOutput`): an answer
 * that is not JSON, or JSON that does not match, is an `XRPCError` with status `InvalidResponse`
 * (2), which is `malformed` here. A read that fails that check keeps its parsed body, so one
 * drifted item can be turned away on its own (see `read`).
 */

/** The session as kept in the secrets (JSON under `session`). */
export interface StoredSession {
  did: string;
  handle: string;
  accessJwt: string;
  refreshJwt: string;
  /** The account's PDS from its DID document, where requests go after the login. */
  pdsUrl: string | null;
  /** Whose session it is: a session of another identifier is not resumed. */
  identifier: string;
}

/** The XRPC status codes of `@atproto/xrpc` that are not HTTP: no answer, and an unusable answer. */
const NO_RESPONSE = 1;
const INVALID_RESPONSE = 2;

/** Error names Bluesky uses for credentials that no longer hold (on 400 as well as 401). */
const AUTH_ERRORS = new Set([
  'ExpiredToken',
  'InvalidToken',
  'AuthMissing',
  'AuthenticationRequired',
  'AuthFactorTokenRequired',
  'AccountTakedown',
  'InvalidDID',
]);
/** Error names for an account or record that is not (or no longer) there. */
const GONE_ERRORS = new Set([
  'RecordNotFound',
  'NotFound',
  'RepoNotFound',
  'AccountDeactivated',
  'RepoDeactivated',
  'RepoTakendown',
  'RepoSuspended',
  'BlockedActor',
  'BlockedByActor',
]);

/** A read whose body did not pass the lexicon check: the parsed body, to be judged item by item. */
export interface UncheckedBody {
  unchecked: true;
  body: Record<string, unknown>;
}

export class BlueskyClient {
  readonly agent: AtpAgent;
  private secrets: Record<string, string>;
  private saving: Promise<void> = Promise.resolve();
  private saveFailure: unknown = null;
  /** Whether the agent's last refresh failed without ending the session (a network fault). */
  private refreshFailed = false;

  constructor(
    settings: BlueskySettings,
    secrets: Readonly<Record<string, string>>,
    private readonly host: ChannelHost,
  ) {
    this.secrets = { ...secrets };
    this.agent = new AtpAgent({
      service: settings.serviceUrl,
      fetch: timedFetch(settings.timeoutMs),
      persistSession: (event, session) => this.sessionChanged(event, session),
    });
  }

  /** The account's DID and handle; logs in or resumes the stored session first. */
  async account(): Promise<{ did: string; handle: string }> {
    await this.ensureSession();
    const session = this.agent.session;
    if (!session) throw new ChannelError('auth', 'no Bluesky session', { where: this.where('login') });
    return { did: session.did, handle: session.handle.toLowerCase() };
  }

  /**
   * Runs one XRPC call with a session, and classifies what goes wrong. When the agent had to give
   * up the session (its refresh was refused), it logs in once more and tries the call again.
   */
  async call<T>(nsid: string, run: (agent: AtpAgent) => Promise<T>): Promise<T> {
    const where = this.where(nsid);
    try {
      await this.ensureSession();
      this.refreshFailed = false;
      try {
        return await run(this.agent);
      } catch (error) {
        if (!isAuthFailure(error)) throw error;
        if (this.agent.hasSession) {
          if (!this.refreshFailed) throw error;
          // The agent kept the session because its refresh failed for another reason than the
          // token (the service was down): the same session later, not a reconnect.
          throw new ChannelError('transient', 'the Bluesky session could not be renewed just now', {
            where,
            cause: error,
          });
        }
        await this.login();
        return await run(this.agent);
      }
    } catch (error) {
      throw classifyXrpcError(error, where, new Date());
    } finally {
      await this.flushSaves(where);
    }
  }

  /**
   * A read that keeps the items of a page whose body fails the lexicon check: the body comes back
   * unchecked, for the stream to check item by item.
   */
  async read<T>(nsid: string, run: (agent: AtpAgent) => Promise<T>): Promise<T | UncheckedBody> {
    try {
      return await this.call(nsid, run);
    } catch (error) {
      const body = (error as { cause?: { responseBody?: unknown } }).cause?.responseBody;
      if (error instanceof ChannelError && error.kind === 'malformed' && isPlainObject(body)) {
        return { unchecked: true, body };
      }
      throw error;
    }
  }

  /** `GET https://bsky.social/xrpc/<nsid>`: names a request in errors and reject locations. */
  where(nsid: string): string {
    const procedure = /\.(create|put|delete|upload|refresh)[A-Z]/.test(nsid) || nsid === 'login';
    const path = nsid === 'login' ? 'com.atproto.server.createSession' : nsid;
    return `${procedure ? 'POST' : 'GET'} ${new URL(`/xrpc/${path}`, this.agent.dispatchUrl).toString()}`;
  }

  private async ensureSession(): Promise<void> {
    if (this.agent.hasSession) return;
    const stored = storedSession(this.secrets.session, this.secrets.identifier);
    if (stored) {
      // Resumed without a request: a stale access token is refreshed on its first use.
      this.agent.sessionManager.session = {
        did: stored.did,
        handle: stored.handle,
        accessJwt: stored.accessJwt,
        refreshJwt: stored.refreshJwt,
        active: true,
      };
      this.agent.sessionManager.pdsUrl = stored.pdsUrl ? new URL(stored.pdsUrl) : undefined;
      return;
    }
    await this.login();
  }

  private async login(): Promise<void> {
    const where = this.where('login');
    const identifier = this.secrets.identifier?.trim();
    const password = this.secrets.appPassword?.trim();
    if (!identifier || !password) {
      throw new ChannelError('auth', 'the identifier or app password of the Bluesky account is missing', {
        where,
      });
    }
    try {
      await this.agent.login({ identifier, password });
    } catch (error) {
      const refused = classifyXrpcError(error, where, new Date());
      if (refused.kind !== 'auth') throw refused;
      const factor = error instanceof XRPCError && error.error === 'AuthFactorTokenRequired';
      const reason = factor
        ? 'Bluesky asks for an e-mail code: use an app password, not the account password'
        : `the identifier or app password was refused (${refused.message})`;
      throw new ChannelError('auth', reason, { where, status: refused.status, cause: error });
    }
  }

  private sessionChanged(event: AtpSessionEvent, session: AtpSessionData | undefined): void {
    if (event === 'create' || event === 'update') {
      if (!session) return;
      const stored: StoredSession = {
        did: session.did,
        handle: session.handle,
        accessJwt: session.accessJwt,
        refreshJwt: session.refreshJwt,
        pdsUrl: this.agent.pdsUrl?.toString() ?? null,
        identifier: this.secrets.identifier ?? '',
      };
      this.secrets = { ...this.secrets, session: JSON.stringify(stored) };
    } else if (event === 'network-error') {
      this.refreshFailed = true;
      return;
    } else if (event === 'expired') {
      const { session: _ended, ...rest } = this.secrets;
      this.secrets = rest;
    } else {
      return;
    }
    // Every secret is passed, not only the session, so a host that replaces the set loses nothing.
    const secrets = { ...this.secrets };
    this.saving = this.saving.then(
      () => this.host.saveSecrets(secrets),
      () => this.host.saveSecrets(secrets),
    );
    this.saving.catch((error: unknown) => {
      this.saveFailure = error;
    });
  }

  private async flushSaves(where: string): Promise<void> {
    await this.saving.catch(() => undefined);
    const failure = this.saveFailure;
    this.saveFailure = null;
    if (failure) {
      throw new ChannelError('unknown', `the new Bluesky session could not be stored: ${String(failure)}`, {
        where,
        cause: failure,
      });
    }
  }
}

function storedSession(json: string | undefined, identifier: string | undefined): StoredSession | null {
  if (!json) return null;
  try {
    const s = JSON.parse(json) as Partial<StoredSession>;
    const complete =
      typeof s.did === 'string' &&
      typeof s.handle === 'string' &&
      typeof s.accessJwt === 'string' &&
      typeof s.refreshJwt === 'string';
    if (!complete || s.identifier !== identifier) return null;
    return s as StoredSession;
  } catch {
    return null;
  }
}

function isAuthFailure(error: unknown): boolean {
  return error instanceof XRPCError && (error.status === 401 || AUTH_ERRORS.has(error.error ?? ''));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What went wrong in an XRPC call, as a `ChannelError`. */
export function classifyXrpcError(error: unknown, where: string, now: Date): ChannelError {
  if (error instanceof ChannelError) return error;
  if (!(error instanceof XRPCError)) return asChannelError(error, where);
  if (error.status === INVALID_RESPONSE) {
    const validation = (error as { validationError?: { message?: string } }).validationError?.message;
    const reason = validation ? `the answer does not match the lexicon: ${validation}` : error.message;
    return new ChannelError('malformed', reason, { where, cause: error });
  }
  if (error.status === NO_RESPONSE) {
    const cause = error.cause as { name?: string; cause?: { code?: string }; message?: string } | undefined;
    const timedOut = cause?.name === 'TimeoutError' || cause?.name === 'AbortError';
    const reason = timedOut
      ? 'no answer in time'
      : `the connection failed (${cause?.cause?.code ?? cause?.message ?? error.message})`;
    return new ChannelError('transient', reason, { where, cause: error });
  }
  const name = error.error ?? '';
  const said = error.message && error.message !== name ? `${name}: ${error.message}` : name;
  const headers = new Headers(
    Object.entries(error.headers ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  if (name === 'RateLimitExceeded' && error.status !== 429) {
    return classifyStatus({ status: 429, headers, body: { error: said } }, where, now);
  }
  if (AUTH_ERRORS.has(name)) {
    return new ChannelError('auth', `access refused (${said})`, {
      where,
      status: error.status,
      cause: error,
    });
  }
  if (GONE_ERRORS.has(name) || (name === 'InvalidRequest' && /not found/i.test(error.message))) {
    return new ChannelError('not_found', `not found (${said})`, {
      where,
      status: error.status,
      cause: error,
    });
  }
  return classifyStatus({ status: error.status, headers, body: { error: said } }, where, now);
}

/** Largest answer read; beyond it an answer is garbage, not a page. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** `fetch` that gives up after `timeoutMs` (the agent has no timeout of its own). */
function timedFetch(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (init?.signal) signals.push(init.signal);
    else if (input instanceof Request) signals.push(input.signal);
    const response = await fetch(input, { ...init, signal: AbortSignal.any(signals) });
    if (Number(response.headers.get('content-length') ?? '0') > MAX_BODY_BYTES) {
      await response.body?.cancel();
      throw new TypeError('the answer is larger than a page can be');
    }
    return response;
  };
}
