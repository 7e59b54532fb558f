import * as client from 'openid-client';

/**
 * OIDC login settings (Entra ID, Keycloak, any OpenID Provider): `MEETLAT_OIDC_ISSUER`,
 * `MEETLAT_OIDC_CLIENT_ID`, `MEETLAT_OIDC_CLIENT_SECRET`, and `MEETLAT_OIDC_LABEL` for the button.
 * The provider must know Meetlat's redirect URI, `<MEETLAT_PUBLIC_URL>/inloggen/oidc/terug`.
 *
 * The issuer must be an https:// address; plain http:// is allowed only on this machine
 * (127.0.0.1, ::1, localhost), for a provider under test.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  label: string;
}

export function oidcFromEnv(env: NodeJS.ProcessEnv = process.env): OidcSettings | null {
  const issuer = env.MEETLAT_OIDC_ISSUER?.trim();
  if (!issuer) return null;
  const clientId = env.MEETLAT_OIDC_CLIENT_ID?.trim();
  const clientSecret = env.MEETLAT_OIDC_CLIENT_SECRET?.trim();
  if (!clientId || !clientSecret) {
    throw new Error(
      'MEETLAT_OIDC_ISSUER is set: MEETLAT_OIDC_CLIENT_ID and MEETLAT_OIDC_CLIENT_SECRET must be set too',
    );
  }
  issuerUrl(issuer);
  return { issuer, clientId, clientSecret, label: env.MEETLAT_OIDC_LABEL?.trim() || 'organisatie-account' };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The issuer as a URL, and whether it may be reached over plain http (loopback only). */
export function issuerUrl(issuer: string): { url: URL; insecure: boolean } {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new Error(`MEETLAT_OIDC_ISSUER is not an address: ${JSON.stringify(issuer)}`);
  }
  if (url.protocol === 'https:') return { url, insecure: false };
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return { url, insecure: true };
  throw new Error(
    `MEETLAT_OIDC_ISSUER must be an https:// address (http:// only on 127.0.0.1 or localhost), not ${issuer}`,
  );
}

/**
 * The provider's configuration (from its discovery document) for these settings, fetched once per
 * server and kept; a failed fetch is not kept, so the next login tries again.
 */
const configurations = new WeakMap<OidcSettings, Promise<client.Configuration>>();

export function oidcConfiguration(settings: OidcSettings): Promise<client.Configuration> {
  const known = configurations.get(settings);
  if (known) return known;
  const { url, insecure } = issuerUrl(settings.issuer);
  const pending = client.discovery(
    url,
    settings.clientId,
    settings.clientSecret,
    undefined,
    insecure ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
  );
  configurations.set(settings, pending);
  pending.catch(() => {
    if (configurations.get(settings) === pending) configurations.delete(settings);
  });
  return pending;
}

/** What the browser keeps while it is away at the provider: checked when it comes back. */
export interface OidcAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to go after logging in (a local path). */
  back: string;
  /** When the attempt began (ms since 1970). */
  startedAt: number;
}

/** How long a login at the provider may take. */
export const OIDC_ATTEMPT_MS = 10 * 60 * 1000;

/** A new attempt, and the address of the provider's login page to send the browser to. */
export async function beginOidcLogin(
  settings: OidcSettings,
  redirectUri: string,
  back: string,
): Promise<{ attempt: OidcAttempt; authorizationUrl: URL }> {
  const config = await oidcConfiguration(settings);
  const attempt: OidcAttempt = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
    back,
    startedAt: Date.now(),
  };
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
    code_challenge_method: 'S256',
    state: attempt.state,
    nonce: attempt.nonce,
  });
  return { attempt, authorizationUrl };
}

/** Who the provider says logged in: its ID token's claims that Meetlat uses. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
}

/**
 * Finishes a login: checks the provider's answer (`callbackUrl`, the redirect URI with its query)
 * against the attempt (state, then the code exchanged with the PKCE verifier, the ID token's
 * signature, issuer, audience and nonce, all by openid-client). Throws when anything is off.
 */
export async function finishOidcLogin(
  settings: OidcSettings,
  callbackUrl: URL,
  attempt: OidcAttempt,
): Promise<OidcIdentity> {
  const config = await oidcConfiguration(settings);
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: attempt.codeVerifier,
    expectedState: attempt.state,
    expectedNonce: attempt.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('the provider sent no ID token');
  // Providers that follow the letter of OIDC Core 5.4 give the e-mail claims of the `email` scope
  // at the UserInfo endpoint, not in the ID token of a code flow: ask there (for the same subject).
  let source: Record<string, unknown> = claims;
  if (claims.email === undefined && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
    source = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  }
  const email = typeof source.email === 'string' && source.email.includes('@') ? source.email : null;
  return {
    issuer: claims.iss,
    subject: claims.sub,
    email,
    emailVerified: source.email_verified === true,
  };
}
