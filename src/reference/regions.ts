import type { OrganisationKind } from '../domain/organisation.ts';
import {
  inhabitantsOf,
  type OrganisationCsvOptions,
  type OrganisationCsvSpec,
  type ParsedOrganisations,
  parseOrganisationCsv,
} from './organisationCsv.ts';

/**
 * The reference CSVs of organisations above or beside the gemeenten, which share one shape: a
 * code column, `name`, an optional `display_name` and an optional `population` (the sum over
 * their gemeenten). Other columns (`gemeenten`, `province_name`) are not stored.
 */
function regionCsv(
  kind: Exclude<OrganisationKind, 'gemeente' | 'overig'>,
  codeColumn: string,
  withProvince: boolean,
): OrganisationCsvSpec {
  return {
    kind,
    codeColumn,
    required: [codeColumn, 'name'],
    toOrganisation(row, options) {
      return {
        code: row.code(codeColumn, kind, true),
        name: row.text('name'),
        displayName: row.optional('display_name'),
        kind,
        provinceCode: withProvince ? row.code('province_code', 'provincie', false) : null,
        safetyRegionCode: null,
        inhabitants: inhabitantsOf(row.count('population', false), options),
      };
    },
  };
}

/** `provincies.csv`: province_code (PV20…PV31), name, gemeenten, population. */
export const PROVINCIES_CSV = regionCsv('provincie', 'province_code', false);

/**
 * `veiligheidsregios.csv`: vr_code (VR01…VR25), name, province_code (optional; every
 * veiligheidsregio lies inside one province), province_name, gemeenten, population.
 */
export const VEILIGHEIDSREGIOS_CSV = regionCsv('veiligheidsregio', 'vr_code', true);

/**
 * `waterschappen.csv`: ws_code (the CBS/Kiesraad code, W0152…), name (the short name, e.g.
 * `Rijnland`). The shared file has no population and there are no waterschap boundaries; a
 * `population` column is used when a file has one.
 */
export const WATERSCHAPPEN_CSV = regionCsv('waterschap', 'ws_code', false);

export function parseProvinciesCsv(
  input: Uint8Array | string,
  options: OrganisationCsvOptions,
): ParsedOrganisations {
  return parseOrganisationCsv(PROVINCIES_CSV, input, options);
}

export function parseVeiligheidsregiosCsv(
  input: Uint8Array | string,
  options: OrganisationCsvOptions,
): ParsedOrganisations {
  return parseOrganisationCsv(VEILIGHEIDSREGIOS_CSV, input, options);
}

export function parseWaterschappenCsv(
  input: Uint8Array | string,
  options: OrganisationCsvOptions,
): ParsedOrganisations {
  return parseOrganisationCsv(WATERSCHAPPEN_CSV, input, options);
}
