import { Ajv, type ErrorObject, type JSONSchemaType } from 'ajv';
import addFormats from 'ajv-formats';
import { SettingsError } from './channel.ts';

/**
 * Settings of a channel are checked against a JSON schema (ajv), with the schema's defaults
 * filled in, numbers given as text (`--set historyDays=60`) taken as numbers, and a mistake named
 * by its field: `instanceUrl must match format "uri"`.
 */
const ajv = new Ajv({
  allErrors: false,
  strict: true,
  useDefaults: true,
  coerceTypes: true,
  allowUnionTypes: true,
});
(addFormats as unknown as (a: Ajv) => void)(ajv);

/** Settings every channel has. */
export interface CommonSettings {
  /** How far back the first sync reads, in days. */
  historyDays: number;
  /** Milliseconds before a request to the platform counts as timed out. */
  timeoutMs: number;
}

/** The schema properties of `CommonSettings`, to spread into an adapter's schema. */
export const COMMON_SETTINGS_PROPERTIES = {
  historyDays: { type: 'integer', minimum: 1, maximum: 3650, default: 30 },
  timeoutMs: { type: 'integer', minimum: 100, maximum: 300_000, default: 30_000 },
} as const;

/** The moment before which a first sync does not read. */
export function historyHorizon(settings: CommonSettings, now: Date): Date {
  return new Date(now.getTime() - settings.historyDays * 24 * 3600 * 1000);
}

/** A parser for an adapter's settings: validates a copy, fills defaults, names the first mistake. */
export function settingsParser<S>(schema: JSONSchemaType<S>): (input: unknown) => S {
  const validate = ajv.compile(schema);
  return (input: unknown) => {
    const copy = input === undefined ? {} : structuredClone(input);
    if (!validate(copy)) throw new SettingsError(describe(validate.errors?.[0]));
    return copy as S;
  };
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'the settings are not valid';
  const field = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (error.keyword === 'required')
    return `${(error.params as { missingProperty: string }).missingProperty} is required`;
  if (error.keyword === 'additionalProperties') {
    return `${(error.params as { additionalProperty: string }).additionalProperty} is not a setting of this platform`;
  }
  return `${field || 'settings'} ${error.message ?? 'is not valid'}`;
}
