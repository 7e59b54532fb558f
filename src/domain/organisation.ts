/** The kinds of public organisation Meetlat knows; each kind other than gemeente is its own class. */
export const ORGANISATION_KINDS = [
  'gemeente',
  'provincie',
  'waterschap',
  'veiligheidsregio',
  'overig',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const SIZE_CLASSES = [
  'klein',
  'middelgroot',
  'groot',
  'provincie',
  'waterschap',
  'veiligheidsregio',
  'overig',
] as const;
export type ComparisonClass = (typeof SIZE_CLASSES)[number];

export interface Organisation {
  id: number;
  code: string;
  name: string;
  displayName: string | null;
  kind: OrganisationKind;
  provinceCode: string | null;
  safetyRegionCode: string | null;
}

export function isOrganisationKind(value: unknown): value is OrganisationKind {
  return typeof value === 'string' && (ORGANISATION_KINDS as readonly string[]).includes(value);
}

/**
 * The comparison class (METRICS.md): gemeenten by inhabitants on 1 January of the period's year,
 * `klein` < 50,000, `middelgroot` 50,000–100,000 (both ends included), `groot` > 100,000; other
 * kinds are their own class. A gemeente without a known population has no class (null).
 */
export function comparisonClass(kind: OrganisationKind, inhabitants: number | null): ComparisonClass | null {
  if (kind !== 'gemeente') return kind;
  if (inhabitants === null) return null;
  if (inhabitants < 50_000) return 'klein';
  if (inhabitants <= 100_000) return 'middelgroot';
  return 'groot';
}

/**
 * Inhabitants for a year from the figures known per year: that year's figure, else the latest
 * earlier one, else the earliest later one (reference data often lags a year or two).
 */
export function inhabitantsInYear(figures: ReadonlyMap<number, number>, year: number): number | null {
  if (figures.has(year)) return figures.get(year) ?? null;
  const years = [...figures.keys()].sort((a, b) => a - b);
  const earlier = years.filter((y) => y < year).at(-1);
  if (earlier !== undefined) return figures.get(earlier) ?? null;
  const later = years.find((y) => y > year);
  return later === undefined ? null : (figures.get(later) ?? null);
}
