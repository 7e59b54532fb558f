import type { Queryable } from './db.ts';

/**
 * An organisation's own settings (migration 004): the name it shows, its contact address, how its
 * case numbers look and how its webcare replies are signed.
 *
 * - Case number format: text with `{jaar}` (the year, 2026), `{maand}` and `{dag}` (two digits),
 *   and `{nummer}` or `{nummer:N}` (the sequence number, padded with zeros to N digits). The
 *   number must be in it: without it two cases would get the same number.
 * - Signature convention: text with `{initialen}` (the replier's initials, such as BK) and
 *   optionally `{naam}`; the initials must be in it, so a reply can be traced to who wrote it.
 */
export interface OrganisationSettings {
  /** The official name (from the import), shown when there is no display name. */
  name: string;
  displayName: string | null;
  contactEmail: string | null;
  caseNumberFormat: string;
  signatureConvention: string;
}

export type EditableSettings = Omit<OrganisationSettings, 'name'>;

export const SETTING_FIELDS = [
  'displayName',
  'contactEmail',
  'caseNumberFormat',
  'signatureConvention',
] as const satisfies readonly (keyof EditableSettings)[];
export type SettingField = (typeof SETTING_FIELDS)[number];

export const DEFAULT_CASE_NUMBER_FORMAT = '{jaar}-{nummer:6}';
export const DEFAULT_SIGNATURE_CONVENTION = '*{initialen}';

export async function loadOrganisationSettings(
  q: Queryable,
  organisationId: number,
): Promise<OrganisationSettings | null> {
  const [row] = await q.query<{
    name: string;
    display_name: string | null;
    contact_email: string | null;
    case_number_format: string;
    signature_convention: string;
  }>(
    `SELECT name, display_name, contact_email, case_number_format, signature_convention
     FROM organisations WHERE id = $1`,
    [organisationId],
  );
  if (!row) return null;
  return {
    name: row.name,
    displayName: row.display_name,
    contactEmail: row.contact_email,
    caseNumberFormat: row.case_number_format,
    signatureConvention: row.signature_convention,
  };
}

export async function saveOrganisationSettings(
  q: Queryable,
  organisationId: number,
  settings: EditableSettings,
): Promise<void> {
  await q.execute(
    `UPDATE organisations SET display_name = $2, contact_email = $3, case_number_format = $4,
       signature_convention = $5, updated_at = now()
     WHERE id = $1`,
    [
      organisationId,
      settings.displayName,
      settings.contactEmail,
      settings.caseNumberFormat,
      settings.signatureConvention,
    ],
  );
}

/** What is wrong with a setting, as a code the pages put in words. */
export type SettingsProblem =
  | { field: SettingField; problem: 'required' | 'tooLong' | 'email' | 'noNumber' | 'noInitials' }
  | { field: SettingField; problem: 'unknownPlaceholder'; placeholder: string };

const CASE_PLACEHOLDER = /^(jaar|maand|dag|nummer|nummer:([1-9]|1[0-2]))$/;
const SIGNATURE_PLACEHOLDER = /^(initialen|naam)$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Settings as given (trimmed; empty optional text as null), and what is wrong with them. */
export function checkOrganisationSettings(input: {
  displayName?: string | null;
  contactEmail?: string | null;
  caseNumberFormat?: string | null;
  signatureConvention?: string | null;
}): { settings: EditableSettings; problems: SettingsProblem[] } {
  const text = (value: string | null | undefined) => {
    const trimmed = (value ?? '').trim();
    return trimmed === '' ? null : trimmed;
  };
  const settings: EditableSettings = {
    displayName: text(input.displayName),
    contactEmail: text(input.contactEmail)?.toLowerCase() ?? null,
    caseNumberFormat: text(input.caseNumberFormat) ?? '',
    signatureConvention: text(input.signatureConvention) ?? '',
  };
  const problems: SettingsProblem[] = [];
  if (settings.displayName !== null && settings.displayName.length > 200)
    problems.push({ field: 'displayName', problem: 'tooLong' });
  if (settings.contactEmail !== null) {
    if (settings.contactEmail.length > 320) problems.push({ field: 'contactEmail', problem: 'tooLong' });
    else if (!EMAIL.test(settings.contactEmail)) problems.push({ field: 'contactEmail', problem: 'email' });
  }
  const format = checkTemplate(
    'caseNumberFormat',
    settings.caseNumberFormat,
    CASE_PLACEHOLDER,
    /^nummer(:|$)/,
    'noNumber',
  );
  if (format) problems.push(format);
  const signature = checkTemplate(
    'signatureConvention',
    settings.signatureConvention,
    SIGNATURE_PLACEHOLDER,
    /^initialen$/,
    'noInitials',
  );
  if (signature) problems.push(signature);
  return { settings, problems };
}

function checkTemplate(
  field: SettingField,
  value: string,
  allowed: RegExp,
  needed: RegExp,
  missing: 'noNumber' | 'noInitials',
): SettingsProblem | null {
  if (value === '') return { field, problem: 'required' };
  if (value.length > 60) return { field, problem: 'tooLong' };
  const placeholders = [...value.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
  const unknown = placeholders.find((p) => !allowed.test(p));
  if (unknown !== undefined) return { field, problem: 'unknownPlaceholder', placeholder: `{${unknown}}` };
  if (!placeholders.some((p) => needed.test(p))) return { field, problem: missing };
  return null;
}

const AMSTERDAM_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * A case number by the format, with the date in Dutch time: `{jaar}-{nummer:6}` and 123 in 2026
 * make `2026-000123`.
 */
export function formatCaseNumber(format: string, number: number, at: Date): string {
  const date = Object.fromEntries(AMSTERDAM_DATE.formatToParts(at).map((p) => [p.type, p.value]));
  return format.replace(/\{([^{}]*)\}/g, (whole, name: string) => {
    if (name === 'jaar') return date.year ?? whole;
    if (name === 'maand') return date.month ?? whole;
    if (name === 'dag') return date.day ?? whole;
    const padded = /^nummer(?::(\d+))?$/.exec(name);
    if (padded) return String(number).padStart(Number(padded[1] ?? 0), '0');
    return whole;
  });
}

/** A signature by the convention: `*{initialen}` and BK make `*BK`. */
export function formatSignature(convention: string, person: { initials: string; name: string }): string {
  return convention.replace(/\{(initialen|naam)\}/g, (_, name: string) =>
    name === 'initialen' ? person.initials : person.name,
  );
}
