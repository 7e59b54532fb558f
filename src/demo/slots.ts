import { MONTHS_NL, WEEKDAYS_NL } from '../domain/dutchCalendar.ts';
import type { DayInfo, DemoCalendar } from './calendar.ts';
import type { DemoOrganisation } from './organisations.ts';
import { COUNCIL_TOPICS, FUNCTIONS } from './posts.ts';
import type { Rng } from './random.ts';

/**
 * Template slots: `{straat}` in a template becomes a street from faker, `{zaak}` a case number,
 * and so on. A slot keeps its value for the whole conversation, so an answer names the same
 * street as the question it answers.
 */
export interface SlotContext {
  rng: Rng;
  calendar: DemoCalendar;
  organisation: DemoOrganisation;
  day: DayInfo;
  /** Values chosen so far in this conversation. */
  values: Map<string, string>;
  /** Hands out the organisation's next case number. */
  nextCase: () => number;
}

const CONTAINERS = [
  'grijze container',
  'groene container',
  'gft-container',
  'papiercontainer',
  'oranje container',
  'kliko',
  'pmd-container',
];
const WIJKEN = [
  'Noord',
  'Oost',
  'Zuid',
  'West',
  'het centrum',
  'de binnenstad',
  'De Hoven',
  'Het Zand',
  'De Bongerd',
  'Parkwijk',
  'Vogelwijk',
  'Bloemenbuurt',
  'Schildersbuurt',
  'Rivierenwijk',
  'Muziekwijk',
  'De Akkers',
  'Molenwijk',
  'het Stationskwartier',
  'De Weide',
  'Boswijk',
  'Dichterswijk',
  'Zeeheldenbuurt',
];
const GROFVUIL = [
  'een oude bank',
  'een matras',
  'twee kasten',
  'een wasmachine',
  'een hoekbank',
  'een kapotte koelkast',
  'een eettafel met stoelen',
  'een boxspring',
  'een oude tv',
  'tuinafval en snoeihout',
];
const HULPMIDDELEN = [
  'scootmobiel',
  'rolstoel',
  'traplift',
  'douchestoel',
  'rollator',
  'aangepaste fiets',
  'tillift',
];
const BOMEN = ['eik', 'plataan', 'linde', 'berk', 'populier', 'kastanje', 'esdoorn', 'wilg'];
/** Events by month (0 = January): what people go to, and complain about, in that season. */
const EVENEMENTEN: readonly (readonly string[])[] = [
  ['de nieuwjaarsreceptie', 'de ijsbaan op de Markt', 'de Nationale Voorleesdagen'],
  ['carnaval', 'de ijsbaan op de Markt', 'de boekenmarkt'],
  ['carnaval', 'de Landelijke Opschoondag', 'de boekenmarkt'],
  ['Koningsdag', 'de vrijmarkt', 'de Koningsnacht'],
  ['het Bevrijdingsfestival', 'de avondvierdaagse', 'de braderie'],
  ['de avondvierdaagse', 'het zomerfestival', 'de braderie', 'de buitenbioscoop'],
  ['het zomerfestival', 'de kermis', 'de buitenbioscoop', 'het buurtfeest'],
  ['de kermis', 'het zomerfestival', 'de braderie', 'het buurtfeest'],
  ['Open Monumentendag', 'de kermis', 'de braderie'],
  ['de kermis', 'de Kinderboekenweek', 'de boekenmarkt'],
  ['de intocht van Sinterklaas', 'de lichtjesavond', 'de boekenmarkt'],
  ['de kerstmarkt', 'de ijsbaan op de Markt', 'de lichtjesavond'],
];
const AFDELINGEN = [
  'Stadsbeheer',
  'Openbare Ruimte',
  'Wijkbeheer',
  'Handhaving',
  'Burgerzaken',
  'Belastingen',
  'Zorg & Welzijn',
  'Parkeren',
  'Afval & Reiniging',
  'Vergunningen',
];
const MOMENTEN = ['vanochtend', 'gisteren', 'eergisteren', 'vanmiddag', 'gisteravond', 'vorige week'];
const MOMENTS_EN = ['Monday', 'last week', 'yesterday', 'Tuesday', 'Friday'];
const PLATE_LETTERS = 'BDFGHJKLNPRSTVXZ';

function capitalise(text: string): string {
  return text.length === 0 ? text : text[0]?.toUpperCase() + text.slice(1);
}

function euros(amount: number): string {
  const [whole, cents] = amount.toFixed(2).split('.');
  return cents === '00' ? `€ ${whole}` : `€ ${whole},${cents}`;
}

function plate(rng: Rng): string {
  const letters = (n: number) => rng.chars(PLATE_LETTERS, n);
  const digits = (n: number) => String(rng.int(10 ** (n - 1), 10 ** n - 1));
  switch (rng.int(0, 3)) {
    case 0:
      return `${letters(2)}-${digits(3)}-${letters(1)}`;
    case 1:
      return `${digits(1)}-${letters(3)}-${digits(2)}`;
    case 2:
      return `${letters(1)}-${digits(3)}-${letters(2)}`;
    default:
      return `${letters(3)}-${digits(2)}-${letters(1)}`;
  }
}

function generate(ctx: SlotContext, name: string): string {
  const { rng, calendar, organisation, day } = ctx;
  switch (name) {
    case 'straat':
    case 'straat2':
      return capitalise(rng.faker.location.street());
    case 'nr':
      return `${rng.int(1, 180)}${rng.chance(0.12) ? rng.pick(['a', 'b', 'c', '-1', '-2', 'bis']) : ''}`;
    case 'postcode':
      return rng.faker.location.zipCode();
    case 'container':
      return rng.pick(CONTAINERS);
    case 'moment':
      return rng.chance(0.35) ? `afgelopen ${WEEKDAYS_NL[rng.int(1, 6)]}` : rng.pick(MOMENTEN);
    case 'weekdag':
      return WEEKDAYS_NL[rng.int(1, 5)] as string;
    case 'datum':
      return calendar.dateNl(day.localDay + rng.int(2, 20));
    case 'datum2':
      return calendar.dateNl(day.localDay + rng.int(22, 60));
    case 'tijd':
      return `${rng.int(7, 21)}.${rng.pick(['00', '15', '30', '45'])} uur`;
    case 'n':
      return String(rng.int(2, 6));
    case 'weken':
      return String(rng.int(2, 12));
    case 'dagen':
      return String(rng.int(3, 14));
    case 'procent':
      return String(rng.int(12, 48));
    case 'graden':
      return String(rng.int(29, 37));
    case 'aantal':
      return String(rng.int(4, 60) * 10);
    case 'bedrag':
      return euros(rng.chance(0.5) ? rng.pick([35, 67.5, 95, 105, 120.5]) : rng.int(2500, 40000) / 100);
    case 'woz':
      return `€ ${String(rng.int(180, 900))}.000`;
    case 'stemmen':
      return String(rng.int(12, 30));
    case 'mobiel':
      return `06-${rng.int(10_000_000, 99_999_999)}`;
    case 'kenteken':
      return plate(rng);
    case 'wijk':
    case 'wijk2':
      return rng.pick(WIJKEN);
    case 'plaats':
      return organisation.place;
    case 'organisatie':
      return organisation.fullName;
    case 'url':
      return `https://${organisation.website}`;
    case 'telefoon':
      return organisation.phone ?? 'ons algemene telefoonnummer';
    case 'zaak':
      return String(ctx.nextCase());
    case 'afdeling':
      return rng.pick(AFDELINGEN);
    case 'grofvuil':
      return rng.pick(GROFVUIL);
    case 'hulpmiddel':
      return rng.pick(HULPMIDDELEN);
    case 'boom':
      return rng.pick(BOMEN);
    case 'evenement':
      return rng.pick(EVENEMENTEN[day.month] ?? ['de braderie']);
    case 'weg':
      return `N${rng.int(198, 421)}`;
    case 'jaar':
      return String(calendar.year);
    case 'maand':
      return MONTHS_NL[day.month] as string;
    case 'raadtag':
      return organisation.meetingTag ?? '';
    case 'tag':
      return `#${organisation.place.toLowerCase().replace(/[^a-z]/g, '')}`;
    case 'functie':
      return rng.pick(FUNCTIONS);
    case 'raadonderwerp':
      return fill(ctx, rng.pick(COUNCIL_TOPICS));
    case 'naam':
    case 'voornaam':
      return rng.faker.person.firstName();
    case 'moment_en':
      return rng.pick(MOMENTS_EN);
    default:
      throw new Error(`unknown template slot {${name}}`);
  }
}

export function slot(ctx: SlotContext, name: string): string {
  let value = ctx.values.get(name);
  if (value === undefined) {
    value = generate(ctx, name);
    ctx.values.set(name, value);
  }
  return value;
}

const SLOT = /\{(\w+)\}/g;

/** Fills a template's slots; `{straat}` stays the same street within one conversation. */
export function fill(ctx: SlotContext, template: string): string {
  return template.includes('{') ? template.replace(SLOT, (_, name: string) => slot(ctx, name)) : template;
}
