import {
  inhabitantsOf,
  type OrganisationCsvOptions,
  type OrganisationCsvSpec,
  type ParsedOrganisations,
  parseOrganisationCsv,
} from './organisationCsv.ts';

/**
 * `provincies.csv`: province_code (PV20…PV31), name, gemeenten (count, not stored), population
 * (optional: the sum over the province's gemeenten).
 */
export const PROVINCIES_CSV: OrganisationCsvSpec = {
  kind: 'provincie',
  codeColumn: 'province_code',
  required: ['province_code', 'name'],
  toOrganisation(row, options) {
    return {
      code: row.code('province_code', 'provincie', true),
      name: row.text('name'),
      displayName: row.optional('display_name'),
      kind: 'provincie',
      provinceCode: null,
      safetyRegionCode: null,
      inhabitants: inhabitantsOf(row.count('population', false), options),
    };
  },
};

export function parseProvinciesCsv(
  input: Uint8Array | string,
  options: OrganisationCsvOptions,
): ParsedOrganisations {
  return parseOrganisationCsv(PROVINCIES_CSV, input, options);
}
