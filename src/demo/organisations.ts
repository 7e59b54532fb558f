import type { OrganisationKind } from '../domain/organisation.ts';
import type { OrganisationInput } from '../ingest/records.ts';
import { MORE_GEMEENTEN } from './moreGemeenten.ts';

/**
 * The demo's organisations: 20 real gemeenten of all three size classes (CBS codes, names and
 * inhabitants on 1 January 2022 from CBS via the Coronadashboard), one provincie, one
 * waterschap and one veiligheidsregio. Hard-coded: the generator reads no files.
 */
export type SizeGroup = 'klein' | 'middelgroot' | 'groot' | 'regio';

export interface DemoOrganisation {
  code: string;
  kind: OrganisationKind;
  /** How it names itself: `Gemeente Utrecht`, `Provincie Utrecht`. */
  fullName: string;
  /** The place name used in texts: `Utrecht`, `Den Haag`. */
  place: string;
  inhabitants: number;
  size: SizeGroup;
  /** Base handle for Mastodon, Facebook and Instagram. */
  handle: string;
  /** X handle (at most 15 characters). */
  xHandle: string;
  /** The `14 0xx` number or another general number; null when unknown. */
  phone: string | null;
  website: string;
  /** `#raad0344` for gemeenten, `#psutrecht` for the provincie, else null. */
  meetingTag: string | null;
  input: OrganisationInput;
}

type Row = readonly [
  code: string,
  kind: OrganisationKind,
  name: string,
  place: string,
  province: string | null,
  region: string | null,
  inhabitants2022: number,
  handle: string,
  xHandle: string,
  phone: string | null,
  website: string,
];

/** Population figures are CBS 1 January 2022; the waterschap's is an estimate of its area. */
const BASE_YEAR = 2022;

// biome-ignore format: a table reads best one row a line
const MAIN: readonly Row[] = [
  ['GM0363', 'gemeente', 'Amsterdam', 'Amsterdam', 'PV27', 'VR13', 903399, 'gemeenteamsterdam', 'AmsterdamNL', '14 020', 'www.amsterdam.nl'],
  ['GM0344', 'gemeente', 'Utrecht', 'Utrecht', 'PV26', 'VR09', 361699, 'gemeenteutrecht', 'gemeenteutrecht', '14 030', 'www.utrecht.nl'],
  ['GM0772', 'gemeente', 'Eindhoven', 'Eindhoven', 'PV30', 'VR22', 238326, 'gemeenteeindhoven', 'GemeenteEhv', '14 040', 'www.eindhoven.nl'],
  ['GM0014', 'gemeente', 'Groningen', 'Groningen', 'PV20', 'VR01', 234950, 'gemeentegroningen', 'gemeentegron', '14 050', 'gemeente.groningen.nl'],
  ['GM0193', 'gemeente', 'Zwolle', 'Zwolle', 'PV23', 'VR04', 130668, 'gemeentezwolle', 'gemeentezwolle', '14 038', 'www.zwolle.nl'],
  ['GM0228', 'gemeente', 'Ede', 'Ede', 'PV25', 'VR07', 119986, 'gemeente_ede', 'gemeente_ede', '14 0318', 'www.ede.nl'],
  ['GM0402', 'gemeente', 'Hilversum', 'Hilversum', 'PV27', 'VR14', 91733, 'gemeentehilversum', 'GemHilversum', '14 035', 'www.hilversum.nl'],
  ['GM0917', 'gemeente', 'Heerlen', 'Heerlen', 'PV31', 'VR24', 86845, 'gemeenteheerlen', 'gemeenteheerlen', '14 045', 'www.heerlen.nl'],
  ['GM0513', 'gemeente', 'Gouda', 'Gouda', 'PV28', 'VR16', 74095, 'gemeentegouda', 'gemeentegouda', '14 0182', 'www.gouda.nl'],
  ['GM0106', 'gemeente', 'Assen', 'Assen', 'PV22', 'VR03', 68979, 'gemeenteassen', 'gemeente_assen', '14 0592', 'www.assen.nl'],
  ['GM0355', 'gemeente', 'Zeist', 'Zeist', 'PV26', 'VR09', 65987, 'gemeentezeist', 'gemeentezeist', '14 030', 'www.zeist.nl'],
  ['GM0356', 'gemeente', 'Nieuwegein', 'Nieuwegein', 'PV26', 'VR09', 64554, 'gemeentenieuwegein', 'Nieuwegein', '14 030', 'www.nieuwegein.nl'],
  ['GM0321', 'gemeente', 'Houten', 'Houten', 'PV26', 'VR09', 50323, 'gemeentehouten', 'gemeentehouten', '14 030', 'www.houten.nl'],
  ['GM0352', 'gemeente', 'Wijk bij Duurstede', 'Wijk bij Duurstede', 'PV26', 'VR09', 23921, 'gemeentewbd', 'gemeenteWbD', '14 0343', 'www.wijkbijduurstede.nl'],
  ['GM0184', 'gemeente', 'Urk', 'Urk', 'PV24', 'VR25', 21468, 'gemeente_urk', 'gemeente_urk', '14 0527', 'www.urk.nl'],
  ['GM0312', 'gemeente', 'Bunnik', 'Bunnik', 'PV26', 'VR09', 15590, 'gemeentebunnik', 'gemeentebunnik', '14 030', 'www.bunnik.nl'],
  ['GM0448', 'gemeente', 'Texel', 'Texel', 'PV27', 'VR10', 13687, 'gemeentetexel', 'gemeentetexel', '14 0222', 'www.texel.nl'],
  ['GM0589', 'gemeente', 'Oudewater', 'Oudewater', 'PV26', 'VR09', 10159, 'gemeenteoudewater', 'Oudewater', '14 0348', 'www.oudewater.nl'],
  ['GM0981', 'gemeente', 'Vaals', 'Vaals', 'PV31', 'VR24', 10135, 'gemeentevaals', 'gemeentevaals', '14 043', 'www.vaals.nl'],
  ['GM0088', 'gemeente', 'Schiermonnikoog', 'Schiermonnikoog', 'PV21', 'VR02', 944, 'schiermonnikoog', 'Schiermonnikoog', '14 0519', 'www.schiermonnikoog.nl'],
  ['PV26', 'provincie', 'Provincie Utrecht', 'de provincie Utrecht', 'PV26', null, 1369873, 'provincieutrecht', 'provutrecht', '030 258 9111', 'www.provincie-utrecht.nl'],
  ['W0155', 'waterschap', 'Amstel, Gooi en Vecht', 'Amstel, Gooi en Vecht', 'PV27', null, 1300000, 'waterschapagv', 'waterschapagv', '0900 9394', 'www.agv.nl'],
  ['VR09', 'veiligheidsregio', 'Veiligheidsregio Utrecht', 'de regio Utrecht', 'PV26', 'VR09', 1369873, 'vrutrecht', 'VRUtrecht', '088 878 1000', 'www.vru.nl'],
];

const FULL_NAMES: Record<string, string> = {
  PV26: 'Provincie Utrecht',
  W0155: 'Waterschap Amstel, Gooi en Vecht',
  VR09: 'Veiligheidsregio Utrecht',
};

/** Yearly growth of a place, between 0.2% and 0.9%, fixed per code. */
function growthRate(code: string): number {
  let hash = 0;
  for (const ch of code) hash = (hash * 31 + ch.charCodeAt(0)) % 1000;
  return 0.002 + (hash % 8) / 1000;
}

function inhabitantsIn(base: number, code: string, year: number): number {
  return Math.round(base * (1 + growthRate(code)) ** (year - BASE_YEAR));
}

function sizeGroup(kind: OrganisationKind, inhabitants: number): SizeGroup {
  if (kind !== 'gemeente') return 'regio';
  if (inhabitants < 50_000) return 'klein';
  return inhabitants <= 100_000 ? 'middelgroot' : 'groot';
}

function slug(place: string): string {
  return place
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .replace(/[^a-z0-9]/g, '');
}

/** Gemeenten: the common name where it differs (`Den Haag`); others: their name with their kind. */
function displayNameOf(kind: OrganisationKind, name: string, place: string, fullName: string): string | null {
  if (kind === 'gemeente') return place === name ? null : place;
  return fullName === name ? null : fullName;
}

function build(row: Row, year: number): DemoOrganisation {
  const [code, kind, name, place, province, region, base, handle, xHandle, phone, website] = row;
  const inhabitants = inhabitantsIn(base, code, year);
  const fullName = FULL_NAMES[code] ?? `Gemeente ${place}`;
  let meetingTag: string | null = null;
  if (kind === 'gemeente') meetingTag = `#raad${code.slice(2)}`;
  else if (kind === 'provincie') meetingTag = `#ps${slug(place.replace(/^de provincie /, ''))}`;
  return {
    code,
    kind,
    fullName,
    place,
    inhabitants,
    size: sizeGroup(kind, inhabitants),
    handle,
    xHandle,
    phone,
    website,
    meetingTag,
    input: {
      code,
      name,
      displayName: displayNameOf(kind, name, place, fullName),
      kind,
      provinceCode: province,
      safetyRegionCode: kind === 'gemeente' ? region : null,
      inhabitants: [
        { year: year - 1, count: inhabitantsIn(base, code, year - 1), source: 'demo' },
        { year, count: inhabitants, source: 'demo' },
      ],
    },
  };
}

function extraRow(entry: (typeof MORE_GEMEENTEN)[number]): Row {
  const [code, name, display, province, region, inhabitants] = entry;
  const place = display ?? name.replace(/ \(.*\)$/, '');
  const s = slug(place);
  const handle = `gemeente${s}`;
  const xHandle = handle.length <= 15 ? handle : s.slice(0, 15);
  return [code, 'gemeente', name, place, province, region, inhabitants, handle, xHandle, null, `www.${s}.nl`];
}

/** How many of the extra gemeenten a demo of `size` messages gets: none up to 200,000. */
export function extraCount(size: number): number {
  if (size <= 200_000) return 0;
  return Math.min(MORE_GEMEENTEN.length, Math.ceil((size - 200_000) / 8_000));
}

/** The organisations of a demo of `size` messages: always the same 23 first. */
export function demoOrganisations(size: number, year: number): DemoOrganisation[] {
  const rows = [...MAIN, ...MORE_GEMEENTEN.slice(0, extraCount(size)).map(extraRow)];
  return rows.map((row) => build(row, year));
}
