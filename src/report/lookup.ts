import type { ComparisonClass } from '../domain/organisation.ts';
import type {
  ClassFigures,
  Figures,
  OrganisationFigures,
  OrganisationRef,
  ScalarMetric,
  Yardstick,
} from '../yardstick/figures.ts';
import { html, type SafeHtml } from './html.ts';
import { formatValue } from './metrics.ts';
import { type MissingContext, whyMissing } from './reasons.ts';

/** Finding things in a yardstick and showing one figure (or why it is missing). */

/** How an organisation is named in the report: gemeenten as `Gemeente Veere`, others by their name. */
export function displayName(org: Pick<OrganisationRef, 'name' | 'kind'>): string {
  if (org.kind === 'gemeente' && !/^gemeente\b/i.test(org.name)) return `Gemeente ${org.name}`;
  return org.name;
}

export function organisationIn(yardstick: Yardstick | null, code: string): OrganisationFigures | null {
  return yardstick?.organisations.find((o) => o.code === code) ?? null;
}

export function classIn(yardstick: Yardstick | null, cls: ComparisonClass | null): ClassFigures | null {
  if (cls === null) return null;
  return yardstick?.classes.find((c) => c.class === cls) ?? null;
}

/** Whether a yardstick holds any message: sent by an organisation or sent to one. */
export function hasMessages(yardstick: Yardstick): boolean {
  return (yardstick.totals.sent ?? 0) > 0 || (yardstick.totals.inbound ?? 0) > 0;
}

export function periodHasStart(yardstick: Yardstick): boolean {
  return yardstick.period.from !== null;
}

/** The context `whyMissing` needs for an organisation's figures. */
export function organisationContext(yardstick: Yardstick, org: OrganisationFigures | null): MissingContext {
  return {
    level: 'organisation',
    periodHasStart: periodHasStart(yardstick),
    accounts: org?.accounts ?? 0,
    inhabitants: org?.inhabitants ?? null,
  };
}

export function classContext(yardstick: Yardstick, cls: ClassFigures | null): MissingContext {
  return { level: 'class', periodHasStart: periodHasStart(yardstick), accounts: cls?.accounts ?? 0 };
}

export function totalContext(yardstick: Yardstick): MissingContext {
  return { level: 'total', periodHasStart: periodHasStart(yardstick), accounts: yardstick.totals.accounts };
}

/** A figure as text, or why it cannot be computed. */
export function figureText(
  metric: ScalarMetric,
  figures: Figures | null,
  context: MissingContext,
  options: { average?: boolean } = {},
): { value: string } | { missing: string } {
  const value = figures?.[metric] ?? null;
  if (value !== null) return { value: formatValue(metric, value, options) };
  const reason = figures ? whyMissing(metric, figures, context) : null;
  return { missing: reason ?? 'geen account van deze organisatie in de database' };
}

/** A table cell with a figure, or "niet te berekenen: <why>" in place of a number. */
export function figureCell(
  metric: ScalarMetric,
  figures: Figures | null,
  context: MissingContext,
  options: { average?: boolean } = {},
): SafeHtml {
  const text = figureText(metric, figures, context, options);
  if ('value' in text) return html`<td class="num">${text.value}</td>`;
  return html`<td class="missing">niet te berekenen: ${text.missing}</td>`;
}
