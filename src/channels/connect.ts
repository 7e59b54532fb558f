import { accountOwner, connectAccount } from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { findOrganisation } from '../store/organisations.ts';
import type { SecretBox } from '../store/secretBox.ts';
import { blueskySettingsSchema } from './bluesky/settings.ts';
import { type ChannelCapabilities, SettingsError } from './channel.ts';
import { ChannelError, ERROR_KIND_DUTCH } from './errors.ts';
import { facebookSettingsSchema } from './facebook/settings.ts';
import { instagramSettingsSchema } from './instagram/settings.ts';
import { mastodonSettingsSchema } from './mastodon/settings.ts';
import { ADAPTERS, adapterFor, UnknownPlatformError } from './registry.ts';
import { rssSettingsSchema } from './rss/settings.ts';
import { X_SETTINGS_SCHEMA } from './x/settings.ts';

/**
 * Connecting an account, as `meetlat accounts add` and the web app's channel pages do it: the
 * settings checked against the adapter's schema, the credentials checked with the platform
 * (`identify`), then the account stored with its secrets sealed and its first sync scheduled.
 * Every way it can go wrong is a `ConnectError` naming what was wrong, so the CLI can print it
 * and the web app can show it in plain words next to the form.
 */
export interface ConnectRequest {
  platform: string;
  /** The organisation the account belongs to, or null. */
  organisationCode: string | null;
  /** `owned` or `watched`; the adapter's default when not given. */
  relation?: string | null;
  /** Settings as given (text from a form or `--set` is fine: the schema coerces numbers). */
  settings: unknown;
  secrets: Readonly<Record<string, string>>;
  /** Minutes between scheduled syncs; the adapter's default when not given. */
  syncIntervalMinutes?: number | null;
  /**
   * Refuse an account that already belongs to another organisation (the web app: an organisation
   * may not take another's account). The CLI, run by the operator, may move it.
   */
  keepOtherOrganisations?: boolean;
}

export type ConnectProblem =
  | { kind: 'platform' }
  | { kind: 'relation' }
  | { kind: 'settings'; detail: string }
  | { kind: 'secrets'; unknown: string[] }
  | { kind: 'organisation' }
  | { kind: 'taken'; organisationCode: string }
  | { kind: 'channel'; error: ChannelError; missing: string[] };

export class ConnectError extends Error {
  constructor(
    readonly problem: ConnectProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectError';
  }
}

export interface ConnectedAccount {
  accountId: number;
  platform: string;
  handle: string;
  displayName: string | null;
  relation: 'owned' | 'watched';
  capabilities: ChannelCapabilities;
}

/** What a request comes to before the platform is asked: its adapter and checked settings. */
export interface PreparedConnect {
  adapter: ReturnType<typeof adapterFor>;
  relation: 'owned' | 'watched';
  settings: unknown;
  /** Secrets the adapter takes that were not given (some are optional). */
  missing: string[];
}

/** Checks what can be checked without the database or the platform; throws `ConnectError`. */
export function prepareConnect(request: ConnectRequest): PreparedConnect {
  const { platform } = request;
  let adapter: ReturnType<typeof adapterFor>;
  try {
    adapter = adapterFor(platform);
  } catch (error) {
    if (error instanceof UnknownPlatformError) throw new ConnectError({ kind: 'platform' }, error.message);
    throw error;
  }
  const relation = request.relation ?? adapter.defaultRelation;
  if (relation !== 'owned' && relation !== 'watched') {
    throw new ConnectError(
      { kind: 'relation' },
      `relation must be owned or watched, not ${JSON.stringify(relation)}`,
    );
  }
  let settings: unknown;
  try {
    settings = adapter.parseSettings(request.settings);
  } catch (error) {
    if (error instanceof SettingsError) {
      throw new ConnectError(
        { kind: 'settings', detail: error.message },
        `settings of ${platform}: ${error.message}`,
      );
    }
    throw error;
  }
  const missing = Object.keys(adapter.secrets).filter((name) => !(name in request.secrets));
  const unknown = Object.keys(request.secrets).filter((name) => !(name in adapter.secrets));
  if (unknown.length > 0) {
    throw new ConnectError(
      { kind: 'secrets', unknown },
      `${platform} has no credential ${unknown.join(', ')}; it takes: ${describeSecrets(adapter.secrets)}`,
    );
  }
  return { adapter, relation, settings, missing };
}

/** Checks the request with the platform and connects the account; throws `ConnectError`. */
export async function connectChannelAccount(
  db: Db,
  box: SecretBox,
  request: ConnectRequest,
): Promise<ConnectedAccount> {
  const { platform } = request;
  const { adapter, relation, settings, missing } = prepareConnect(request);
  let secrets: Record<string, string> = { ...request.secrets };
  if (request.organisationCode !== null && !(await findOrganisation(db, request.organisationCode))) {
    throw new ConnectError(
      { kind: 'organisation' },
      `organisation ${JSON.stringify(request.organisationCode)} does not exist (see meetlat orgs list)`,
    );
  }
  const channel = adapter.create(settings, secrets, {
    async saveSecrets(refreshed) {
      secrets = refreshed;
    },
  });
  let identity: Awaited<ReturnType<typeof channel.identify>>;
  try {
    identity = await channel.identify();
  } catch (error) {
    if (error instanceof ChannelError) {
      const hint = missing.length > 0 ? ` (missing: ${describeSecrets(adapter.secrets, missing)})` : '';
      throw new ConnectError(
        { kind: 'channel', error, missing },
        `${platform}: ${ERROR_KIND_DUTCH[error.kind]}: ${error.message} (${error.where})${hint}`,
      );
    }
    throw error;
  }
  if (request.keepOtherOrganisations) {
    const owner = await accountOwner(db, platform, identity.platformUserId);
    if (owner?.organisationCode && owner.organisationCode !== request.organisationCode) {
      throw new ConnectError(
        { kind: 'taken', organisationCode: owner.organisationCode },
        `${platform}:${identity.handle} belongs to another organisation`,
      );
    }
  }
  const accountId = await connectAccount(db, box, {
    account: {
      platform,
      platformUserId: identity.platformUserId,
      handle: identity.handle,
      displayName: identity.displayName,
      relation,
      organisationCode: request.organisationCode,
    },
    settings,
    secrets,
    syncIntervalMinutes: request.syncIntervalMinutes ?? adapter.syncIntervalMinutes,
  });
  return {
    accountId,
    platform,
    handle: identity.handle,
    displayName: identity.displayName,
    relation,
    capabilities: channel.capabilities,
  };
}

export function describeSecrets(
  secrets: Readonly<Record<string, string>>,
  names = Object.keys(secrets),
): string {
  return names.map((name) => `${name} (${secrets[name]})`).join(', ');
}

/** One setting of a platform, as a form shows it. */
export interface SettingField {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean';
  /** Whether it must be given (no default fills it in). */
  required: boolean;
  default: string | number | boolean | null;
  minimum: number | null;
  maximum: number | null;
  /** `uri` for an address. */
  format: string | null;
  maxLength: number | null;
}

interface SchemaProperty {
  type?: string;
  default?: string | number | boolean;
  minimum?: number;
  maximum?: number;
  format?: string;
  maxLength?: number;
}

/**
 * Each adapter's settings schema by platform (the adapters check settings with these). Kept
 * beside the registry: a platform without its schema here gets no settings form, which the
 * tests of the channel pages catch.
 */
const SETTINGS_SCHEMAS: Readonly<Record<string, unknown>> = {
  mastodon: mastodonSettingsSchema,
  bluesky: blueskySettingsSchema,
  facebook: facebookSettingsSchema,
  instagram: instagramSettingsSchema,
  x: X_SETTINGS_SCHEMA,
  rss: rssSettingsSchema,
};

/** The settings of a platform, from its schema: those that must be given first. */
export function settingFields(platform: string): SettingField[] {
  const schema = SETTINGS_SCHEMAS[platform] as
    | { properties: Record<string, SchemaProperty>; required?: readonly string[] }
    | undefined;
  if (!schema) return [];
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties).map(([name, property]): SettingField => {
    const type = property.type;
    return {
      name,
      type: type === 'integer' || type === 'number' || type === 'boolean' ? type : 'string',
      required: required.has(name) && property.default === undefined,
      default: property.default ?? null,
      minimum: property.minimum ?? null,
      maximum: property.maximum ?? null,
      format: property.format ?? null,
      maxLength: property.maxLength ?? null,
    };
  });
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
}

/** The platforms an account can be connected through, for forms and the API. */
export function connectablePlatforms() {
  return ADAPTERS.map((adapter) => ({
    platform: adapter.platform,
    label: adapter.label,
    defaultRelation: adapter.defaultRelation,
    syncIntervalMinutes: adapter.syncIntervalMinutes,
    settings: settingFields(adapter.platform),
    secrets: Object.entries(adapter.secrets).map(([name, description]) => ({ name, description })),
  }));
}
