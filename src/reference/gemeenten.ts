import { RecordError } from '../ingest/records.ts';
import {
  inhabitantsOf,
  type OrganisationCsvOptions,
  type OrganisationCsvSpec,
  type ParsedOrganisations,
  parseOrganisationCsv,
} from './organisationCsv.ts';

/**
 * `gemeenten.csv`: gm_code, cbs_code, name, display_name, province_code, province_name, vr_code,
 * vr_name, population, search_terms (see ../shared/data/nl-gemeenten/SOURCE.md). Required are the
 * code, the name and the population (a gemeente's comparison class follows from it); the other
 * columns are used when present. province_name, vr_name and search_terms are not stored.
 */
export const GEMEENTEN_CSV: OrganisationCsvSpec = {
  kind: 'gemeente',
  codeColumn: 'gm_code',
  required: ['gm_code', 'name', 'population'],
  toOrganisation(row, options) {
    const code = row.code('gm_code', 'gemeente', true);
    const cbsCode = row.optional('cbs_code');
    if (cbsCode !== null && cbsCode !== code.slice(2)) {
      throw new RecordError(
        'invalid_field',
        `cbs_code ${JSON.stringify(cbsCode)} does not match gm_code ${code}`,
      );
    }
    const name = row.text('name');
    const displayName = row.optional('display_name');
    const provinceCode = row.code('province_code', 'provincie', false);
    const safetyRegionCode = row.code('vr_code', 'veiligheidsregio', false);
    const population = row.count('population', true);
    return {
      code,
      name,
      displayName,
      kind: 'gemeente',
      provinceCode,
      safetyRegionCode,
      inhabitants: inhabitantsOf(population, options),
    };
  },
};

export function parseGemeentenCsv(
  input: Uint8Array | string,
  options: OrganisationCsvOptions,
): ParsedOrganisations {
  return parseOrganisationCsv(GEMEENTEN_CSV, input, options);
}
