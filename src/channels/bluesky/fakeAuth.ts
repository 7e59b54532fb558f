import type { FakeRequest, FakeResponse, PlatformFaults } from '../fakeServer.ts';
import { GEMEENTE } from './fakeScenario.ts';

/**
 * The sessions of a fake Bluesky: the app password logs in (`createSession`), a refresh token is
 * good for one refresh (both tokens rotate), access tokens expire on demand. Also the platform's
 * own fault answers: 429 with `ratelimit-*` headers, and a revoked app password (401
 * `InvalidToken`, every session ended, the next login refused; the one after that stands for the
 * person who made a new app password).
 */
export const APP_PASSWORD = 'wold-3rve-en24-bsky';

/** XRPC methods that need no session. */
const OPEN = new Set([
  'com.atproto.server.createSession',
  'com.atproto.server.refreshSession',
  'com.atproto.identity.resolveHandle',
]);

export function xrpcError(status: number, error: string, message: string): FakeResponse {
  return { status, body: { error, message } };
}

export class FakeSessions {
  logins = 0;
  refreshes = 0;
  /** The `ratelimit-reset` of the last 429 (epoch seconds). */
  lastRateLimitReset: number | null = null;
  private readonly access = new Set<string>();
  private readonly refresh = new Set<string>();
  private readonly expired = new Set<string>();
  private refuseNextLogin = false;
  private issued = 0;

  constructor(private readonly baseUrl: () => string) {}

  readonly faults: PlatformFaults = {
    rateLimited: () => {
      this.lastRateLimitReset = Math.floor(Date.now() / 1000) + 300;
      return {
        status: 429,
        headers: {
          'ratelimit-limit': '3000',
          'ratelimit-remaining': '0',
          'ratelimit-reset': String(this.lastRateLimitReset),
          'ratelimit-policy': '3000;w=300',
        },
        body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
      };
    },
    revoked: () => {
      this.access.clear();
      this.refresh.clear();
      this.refuseNextLogin = true;
      return xrpcError(401, 'InvalidToken', 'Token has been revoked');
    },
  };

  didDoc(): Record<string, unknown> {
    return {
      '@context': ['https://www.w3.org/ns/did/v1'],
      id: GEMEENTE.did,
      alsoKnownAs: [`at://${GEMEENTE.handle}`],
      service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: this.baseUrl() }],
    };
  }

  login(request: FakeRequest): FakeResponse {
    this.logins++;
    const input = JSON.parse(request.body || '{}') as { identifier?: string; password?: string };
    const who = input.identifier?.toLowerCase().replace(/^@/, '');
    const known = who === GEMEENTE.handle || who === GEMEENTE.did;
    if (!known || input.password !== APP_PASSWORD || this.refuseNextLogin) {
      this.refuseNextLogin = false;
      return xrpcError(401, 'AuthenticationRequired', 'Invalid identifier or password');
    }
    return {
      body: { ...this.issue(), email: 'communicatie@wolderveen.example', emailConfirmed: true, active: true },
    };
  }

  renew(request: FakeRequest): FakeResponse {
    this.refreshes++;
    const token = bearer(request);
    if (!token || !this.refresh.has(token)) return xrpcError(400, 'ExpiredToken', 'Token has been revoked');
    this.refresh.delete(token);
    return { body: { ...this.issue(), emailConfirmed: true, active: true } };
  }

  /** The session check of every XRPC call but the open ones; null when it passes. */
  authorise(request: FakeRequest): FakeResponse | null {
    if (OPEN.has(request.url.pathname.replace('/xrpc/', ''))) return null;
    const token = bearer(request);
    if (!token) return xrpcError(401, 'AuthMissing', 'Authentication Required');
    if (this.expired.has(token)) return xrpcError(400, 'ExpiredToken', 'Token has expired');
    if (!this.access.has(token)) return xrpcError(401, 'InvalidToken', 'Token could not be verified');
    return null;
  }

  expireAccessTokens(): void {
    for (const token of this.access) this.expired.add(token);
  }

  private issue(): Record<string, unknown> {
    this.issued++;
    const accessJwt = `fake-access-${this.issued}`;
    const refreshJwt = `fake-refresh-${this.issued}`;
    this.access.add(accessJwt);
    this.refresh.add(refreshJwt);
    return { accessJwt, refreshJwt, did: GEMEENTE.did, handle: GEMEENTE.handle, didDoc: this.didDoc() };
  }
}

function bearer(request: FakeRequest): string | undefined {
  return /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
}
