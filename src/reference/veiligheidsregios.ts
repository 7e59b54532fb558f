import {
  inhabitantsOf,
  type OrganisationCsvOptions,
  type OrganisationCsvSpec,
  type ParsedOrganisations,
  parseOrganisationCsv,
} from './organisationCsv.ts';

/**
 * `veiligheidsregios.csv`: vr_code (VR01…VR25), name, province_code (optional; every
 * veiligheidsregio lies inside one province), province_name and gemeenten (not stored),
 * population (optional: the sum over its gemeenten).
 */
export const VEILIGHEIDSREGIOS_CSV: OrganisationCsvSpec = {
  kind: 'veiligheidsregio',
  codeColumn: 'vr_code',
  required: ['vr_code', 'name'],
  toOrganisation(row, options) {
    return {
      code: row.code('vr_code', 'veiligheidsregio', true),
      name: row.text('name'),
      displayName: row.optional('display_name'),
      kind: 'veiligheidsregio',
      provinceCode: row.code('province_code', 'provincie', false),
      safetyRegionCode: null,
      inhabitants: inhabitantsOf(row.count('population', false), options),
    };
  },
};

export function parseVeiligheidsregiosCsv(
  input: Uint8Array | string,
  options: OrganisationCsvOptions,
): ParsedOrganisations {
  return parseOrganisationCsv(VEILIGHEIDSREGIOS_CSV, input, options);
}
