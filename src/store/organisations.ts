import type { Organisation } from '../domain/organisation.ts';
import type { OrganisationInput } from '../ingest/records.ts';
import { lastOfEach } from './accounts.ts';
import type { Queryable } from './db.ts';

interface OrganisationRow {
  id: number;
  code: string;
  name: string;
  display_name: string | null;
  kind: Organisation['kind'];
  province_code: string | null;
  safety_region_code: string | null;
}

function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    displayName: row.display_name,
    kind: row.kind,
    provinceCode: row.province_code,
    safetyRegionCode: row.safety_region_code,
  };
}

/**
 * Creates or updates organisations by code, with their inhabitants per year. A field given as
 * null leaves what is stored; the same code twice in one call: the last wins. Returns how many
 * organisations were created or changed.
 */
export async function upsertOrganisations(
  q: Queryable,
  input: readonly OrganisationInput[],
): Promise<number> {
  const organisations = lastOfEach(input, (o) => o.code);
  if (organisations.length === 0) return 0;
  const changed = await q.execute(
    `INSERT INTO organisations AS o (code, name, display_name, kind, province_code, safety_region_code)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT (code) DO UPDATE SET
       name = EXCLUDED.name,
       display_name = COALESCE(EXCLUDED.display_name, o.display_name),
       kind = EXCLUDED.kind,
       province_code = COALESCE(EXCLUDED.province_code, o.province_code),
       safety_region_code = COALESCE(EXCLUDED.safety_region_code, o.safety_region_code),
       updated_at = now()
     WHERE (o.name, o.display_name, o.kind, o.province_code, o.safety_region_code)
       IS DISTINCT FROM (EXCLUDED.name, COALESCE(EXCLUDED.display_name, o.display_name), EXCLUDED.kind,
                         COALESCE(EXCLUDED.province_code, o.province_code),
                         COALESCE(EXCLUDED.safety_region_code, o.safety_region_code))`,
    [
      organisations.map((o) => o.code),
      organisations.map((o) => o.name),
      organisations.map((o) => o.displayName),
      organisations.map((o) => o.kind),
      organisations.map((o) => o.provinceCode),
      organisations.map((o) => o.safetyRegionCode),
    ],
  );
  const figures = organisations.flatMap((o) => o.inhabitants.map((f) => ({ code: o.code, ...f })));
  if (figures.length > 0) {
    await q.execute(
      `INSERT INTO organisation_inhabitants (organisation_id, year, inhabitants, source)
       SELECT o.id, f.year, f.inhabitants, f.source
       FROM unnest($1::text[], $2::int[], $3::int[], $4::text[]) AS f(code, year, inhabitants, source)
       JOIN organisations o ON o.code = f.code
       ON CONFLICT (organisation_id, year) DO UPDATE SET
         inhabitants = EXCLUDED.inhabitants, source = EXCLUDED.source`,
      [
        figures.map((f) => f.code),
        figures.map((f) => f.year),
        figures.map((f) => f.count),
        figures.map((f) => f.source),
      ],
    );
  }
  return changed;
}

export async function findOrganisation(q: Queryable, code: string): Promise<Organisation | null> {
  const [row] = await q.query<OrganisationRow>('SELECT * FROM organisations WHERE code = $1', [code]);
  return row ? toOrganisation(row) : null;
}

/** Which of these organisation codes exist. */
export async function existingOrganisationCodes(
  q: Queryable,
  codes: readonly string[],
): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await q.query<{ code: string }>(
    'SELECT code FROM organisations WHERE code = ANY($1::text[])',
    [[...new Set(codes)]],
  );
  return new Set(rows.map((r) => r.code));
}
