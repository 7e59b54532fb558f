import { type ComparisonClass, comparisonClass, type OrganisationKind } from '../domain/organisation.ts';
import type { Queryable } from '../store/db.ts';
import type { BoundaryInput } from './boundaryFile.ts';
import type { RegionKind } from './codes.ts';
import type { AreaGeometry } from './geometry.ts';

/** Rows per statement: a gemeente boundary is a few kB of JSON, so a batch stays well under a few MB. */
const BATCH = 100;

/**
 * Creates or replaces boundaries by code (idempotent: the same input twice leaves the same rows).
 * The whole batch travels as one jsonb parameter, which both engines take as text.
 */
export async function upsertBoundaries(q: Queryable, boundaries: readonly BoundaryInput[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < boundaries.length; i += BATCH) {
    const batch = boundaries.slice(i, i + BATCH).map((b) => ({
      code: b.code,
      kind: b.kind,
      name: b.name,
      valid_year: b.validYear,
      geometry: b.geometry,
      source: b.source,
    }));
    written += await q.execute(
      `INSERT INTO region_boundaries (code, kind, name, valid_year, geometry, source)
       SELECT code, kind, name, valid_year, geometry, source
       FROM jsonb_to_recordset($1::jsonb)
         AS b(code text, kind text, name text, valid_year integer, geometry jsonb, source text)
       ON CONFLICT (code) DO UPDATE SET
         kind = EXCLUDED.kind,
         name = EXCLUDED.name,
         valid_year = EXCLUDED.valid_year,
         geometry = EXCLUDED.geometry,
         source = EXCLUDED.source,
         updated_at = now()`,
      [JSON.stringify(batch)],
    );
  }
  return written;
}

export interface Boundary extends BoundaryInput {
  updatedAt: Date;
}

interface BoundaryRow {
  code: string;
  kind: RegionKind;
  name: string | null;
  valid_year: number | null;
  geometry: AreaGeometry;
  source: string;
  updated_at: Date;
}

/** The stored boundaries, of one kind or all, by code. */
export async function listBoundaries(q: Queryable, kind?: RegionKind): Promise<Boundary[]> {
  const rows = await q.query<BoundaryRow>(
    `SELECT code, kind, name, valid_year, geometry, source, updated_at FROM region_boundaries
     WHERE $1::text IS NULL OR kind = $1::text ORDER BY code`,
    [kind ?? null],
  );
  return rows.map((r) => ({
    code: r.code,
    kind: r.kind,
    name: r.name,
    validYear: r.valid_year,
    geometry: r.geometry,
    source: r.source,
    updatedAt: r.updated_at,
  }));
}

/** An organisation with its reference data, as `meetlat orgs list` shows it. */
export interface ReferenceOrganisation {
  code: string;
  name: string;
  display_name: string | null;
  kind: OrganisationKind;
  province_code: string | null;
  safety_region_code: string | null;
  /** Inhabitants on 1 January, by year. */
  inhabitants: Record<string, number>;
  /** The comparison class by the latest year's inhabitants (METRICS.md); null for a gemeente without any. */
  class: ComparisonClass | null;
  has_boundary: boolean;
}

interface OrganisationListRow {
  code: string;
  name: string;
  display_name: string | null;
  kind: OrganisationKind;
  province_code: string | null;
  safety_region_code: string | null;
  years: number[] | null;
  counts: number[] | null;
  has_boundary: boolean;
}

/** Organisations (of one kind or all) with inhabitants per year, class and whether a boundary is stored. */
export async function listReferenceOrganisations(
  q: Queryable,
  kind?: OrganisationKind,
): Promise<ReferenceOrganisation[]> {
  const rows = await q.query<OrganisationListRow>(
    `SELECT o.code, o.name, o.display_name, o.kind, o.province_code, o.safety_region_code,
       (SELECT array_agg(i.year ORDER BY i.year) FROM organisation_inhabitants i WHERE i.organisation_id = o.id) AS years,
       (SELECT array_agg(i.inhabitants ORDER BY i.year) FROM organisation_inhabitants i WHERE i.organisation_id = o.id) AS counts,
       EXISTS (SELECT 1 FROM region_boundaries b WHERE b.code = o.code) AS has_boundary
     FROM organisations o
     WHERE $1::text IS NULL OR o.kind = $1::text
     ORDER BY o.kind, o.code`,
    [kind ?? null],
  );
  return rows.map((r) => {
    const years = r.years ?? [];
    const counts = r.counts ?? [];
    const inhabitants: Record<string, number> = {};
    years.forEach((year, i) => {
      inhabitants[String(year)] = counts[i] as number;
    });
    const latest = counts.length > 0 ? (counts[counts.length - 1] as number) : null;
    return {
      code: r.code,
      name: r.name,
      display_name: r.display_name,
      kind: r.kind,
      province_code: r.province_code,
      safety_region_code: r.safety_region_code,
      inhabitants,
      class: comparisonClass(r.kind, latest),
      has_boundary: r.has_boundary,
    };
  });
}
