import type { OrganisationKind } from '../domain/organisation.ts';

/** The kinds of region that have an official code and can have a boundary. */
export type RegionKind = Exclude<OrganisationKind, 'overig'>;

interface CodeRule {
  kind: RegionKind;
  pattern: RegExp;
  /** How the code looks, for error messages. */
  shape: string;
}

/**
 * Official codes: CBS codes for gemeenten (GM + 4 digits), provincies (PV + 2 digits) and
 * veiligheidsregio's (VR + 2 digits); the CBS/Kiesraad code for waterschappen (W + 4 digits).
 */
export const CODE_RULES: Readonly<Record<RegionKind, CodeRule>> = {
  gemeente: { kind: 'gemeente', pattern: /^GM\d{4}$/, shape: 'GM followed by 4 digits, e.g. GM0363' },
  provincie: { kind: 'provincie', pattern: /^PV\d{2}$/, shape: 'PV followed by 2 digits, e.g. PV27' },
  veiligheidsregio: {
    kind: 'veiligheidsregio',
    pattern: /^VR\d{2}$/,
    shape: 'VR followed by 2 digits, e.g. VR13',
  },
  waterschap: { kind: 'waterschap', pattern: /^W\d{4}$/, shape: 'W followed by 4 digits, e.g. W0155' },
};

/** The kind a code belongs to, from its prefix and shape; null when it is no official code. */
export function kindOfCode(code: string): RegionKind | null {
  for (const rule of Object.values(CODE_RULES)) if (rule.pattern.test(code)) return rule.kind;
  return null;
}

export function isCodeOf(kind: RegionKind, code: string): boolean {
  return CODE_RULES[kind].pattern.test(code);
}
