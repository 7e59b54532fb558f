/**
 * Message catalogues: every string of the web app, in Dutch (the default) and English. An area's
 * catalogue is written with `catalogue(nl, en)`, which makes the type checker refuse an English
 * catalogue that misses a Dutch key or adds one. Placeholders look like `{name}`.
 */
export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return value === 'nl' || value === 'en';
}

export function catalogue<const T extends Record<string, string>>(
  nl: T,
  en: { [K in keyof T]: string },
): { nl: T; en: { [K in keyof T]: string } } {
  return { nl, en };
}

/** Fills `{name}` placeholders; an unknown placeholder is left as it is. */
export function fill(template: string, values: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
