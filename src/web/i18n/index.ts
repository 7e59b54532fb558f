import { admin } from './admin.ts';
import { alerts } from './alerts.ts';
import { auth } from './auth.ts';
import { fill, type Locale } from './catalogue.ts';
import { common } from './common.ts';
import { listening } from './listening.ts';
import { search } from './search.ts';
import { webcare } from './webcare.ts';
import { yardstick } from './yardstick.ts';

export { isLocale, LOCALES, type Locale } from './catalogue.ts';

/** Every area's catalogue, one per language. */
const AREAS = [common, auth, yardstick, admin, search, alerts, listening, webcare] as const;

type Area = (typeof AREAS)[number];
type Keys<A> = A extends { nl: infer N } ? keyof N : never;
export type MessageKey = Keys<Area>;

const CATALOGUES: Record<Locale, Map<string, string>> = {
  nl: new Map(AREAS.flatMap((area) => Object.entries(area.nl))),
  en: new Map(AREAS.flatMap((area) => Object.entries(area.en))),
};

/** The message `key` in `locale`, placeholders filled. */
export function t(
  locale: Locale,
  key: MessageKey,
  values?: Readonly<Record<string, string | number>>,
): string {
  const template = CATALOGUES[locale].get(key as string) ?? CATALOGUES.nl.get(key as string) ?? String(key);
  return fill(template, values);
}

/** A translator bound to one locale, as pages use it. */
export type Translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

export function translator(locale: Locale): Translate {
  return (key, values) => t(locale, key, values);
}

/** Every key, for the test that each is used and each language has it. */
export function allKeys(): { area: number; locale: Locale; keys: string[] }[] {
  return AREAS.flatMap((area, i) => [
    { area: i, locale: 'nl' as const, keys: Object.keys(area.nl) },
    { area: i, locale: 'en' as const, keys: Object.keys(area.en) },
  ]);
}
