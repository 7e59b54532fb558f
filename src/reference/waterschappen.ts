import {
  inhabitantsOf,
  type OrganisationCsvOptions,
  type OrganisationCsvSpec,
  type ParsedOrganisations,
  parseOrganisationCsv,
} from './organisationCsv.ts';

/**
 * `waterschappen.csv`: ws_code (the CBS/Kiesraad code, W0152…), name (the short name, e.g.
 * `Rijnland`). The shared file has no population and there are no waterschap boundaries; a
 * `population` column is used when a file has one.
 */
export const WATERSCHAPPEN_CSV: OrganisationCsvSpec = {
  kind: 'waterschap',
  codeColumn: 'ws_code',
  required: ['ws_code', 'name'],
  toOrganisation(row, options) {
    return {
      code: row.code('ws_code', 'waterschap', true),
      name: row.text('name'),
      displayName: row.optional('display_name'),
      kind: 'waterschap',
      provinceCode: null,
      safetyRegionCode: null,
      inhabitants: inhabitantsOf(row.count('population', false), options),
    };
  },
};

export function parseWaterschappenCsv(
  input: Uint8Array | string,
  options: OrganisationCsvOptions,
): ParsedOrganisations {
  return parseOrganisationCsv(WATERSCHAPPEN_CSV, input, options);
}
