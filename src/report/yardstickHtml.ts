import { SIZE_CLASSES } from '../domain/organisation.ts';
import type { OrganisationFigures, ScalarMetric, Yardstick } from '../yardstick/figures.ts';
import { formatDateTime, formatDuration, formatInteger, formatPercent, formatPeriod } from './format.ts';
import { html, idFragment, raw, type SafeHtml } from './html.ts';
import type { ReportBoundary, ReportInput } from './input.ts';
import { displayName, figureText, hasMessages, organisationContext } from './lookup.ts';
import { choroplethMap, type MapArea, type MapValue } from './map.ts';
import { MAP_METRICS, METRIC_INFO } from './metrics.ts';
import { organisationPage } from './organisationPage.ts';
import { headline, overviewSection } from './overview.ts';
import { REPORT_CSS } from './style.ts';

export type { ReportInput } from './input.ts';

/**
 * The publishable yardstick report: one self-contained HTML document (inline CSS and SVG, no
 * external URL, works offline, `lang="nl"`), the same document the PDF is printed from. A pure
 * function of its input: the same input gives the same bytes.
 */
export function renderYardstickReport(input: ReportInput): string {
  const { current } = input;
  // A year without any message or follower count in the store is no comparison: say so once.
  const previous = input.previous && hasData(input.previous) ? input.previous : null;
  const period = formatPeriod(current.period);
  const pages = reportedOrganisations(input);
  const ids = pageIds(pages);
  const title = `Meetlat: sociale media van overheden, ${period}`;
  const lead = headline(current.totals, previous?.totals ?? null);

  const doc = html`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Meetlat">
<title>${title}</title>
<style>${raw(REPORT_CSS)}</style>
</head>
<body>
<a class="skip" href="#inhoud">Naar de inhoud</a>
<header class="site"><p class="brand">Meetlat</p><p>De meetlat voor sociale media van overheden</p></header>
<div class="page">
<main id="inhoud" tabindex="-1">
<h1>Sociale media van overheden: ${period}</h1>
${lead ? html`<p class="lead">${lead}</p>` : ''}
${leadDetails(input, previous)}
<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">Inhoud</h2><ol>
<li><a href="#landelijk">Landelijk overzicht</a></li>
<li><a href="#kaart">Kaart</a></li>
<li><a href="#organisaties">Organisaties</a><ol>${pages.map((o, i) => html`<li><a href="#${ids[i] ?? ''}">${displayName(o)}</a></li>`)}</ol></li>
<li><a href="#verantwoording">Verantwoording</a></li>
</ol></nav>
${overviewSection(current, previous, input.quarters)}
${mapSection(input)}
<section aria-labelledby="organisaties"><h2 id="organisaties">Organisaties</h2>
${organisationsIntro(input, pages.length)}
${pages.map((org, i) => organisationPage({ org, id: ids[i] ?? `org-${i}`, current, previous, quarters: input.quarters }))}
</section>
${methodSection(input, previous)}
</main>
</div>
<footer class="site"><p>Gemaakt met Meetlat op ${formatDateTime(input.generatedAt)}. Kaartgrenzen: CBS, PDOK. Cijfers volgens de definities in METRICS.md van Meetlat.</p></footer>
</body>
</html>
`;
  return doc.value;
}

/** The organisations that get a page: those with accounts in the store (or the one asked for). */
function reportedOrganisations(input: ReportInput): OrganisationFigures[] {
  const order = (o: OrganisationFigures) =>
    o.class === null ? SIZE_CLASSES.length : SIZE_CLASSES.indexOf(o.class);
  return input.current.organisations
    .filter((o) => (input.org ? o.code === input.org : o.accounts > 0))
    .sort((a, b) => order(a) - order(b) || displayName(a).localeCompare(displayName(b), 'nl'));
}

function pageIds(pages: readonly OrganisationFigures[]): string[] {
  const seen = new Set<string>();
  return pages.map((o) => {
    let id = `org-${idFragment(o.code)}`;
    while (seen.has(id)) id = `${id}-x`;
    seen.add(id);
    return id;
  });
}

/** Whether a yardstick has anything to compare with: messages, inbound messages or follower counts. */
export function hasData(yardstick: Yardstick): boolean {
  const t = yardstick.totals;
  return (t.sent ?? 0) > 0 || (t.inbound ?? 0) > 0 || t.followers !== null;
}

function leadDetails(input: ReportInput, previous: Yardstick | null): SafeHtml {
  const now = input.current.totals;
  const before = previous?.totals ?? null;
  const show = (metric: ScalarMetric, value: number | null) =>
    value === null
      ? 'niet te berekenen'
      : metric === 'response_rate'
        ? formatPercent(value)
        : formatDuration(value);
  if (!before) {
    return input.previous
      ? html`<p class="note">Geen vergelijking met vorig jaar: over ${formatPeriod(input.previous.period)} staan geen berichten of volgersmetingen in de database.</p>`
      : html`<p class="note">Geen vergelijking met vorig jaar: de periode heeft geen vast begin en einde.</p>`;
  }
  if (previous && !hasMessages(previous)) {
    return html`<p class="note">Over vorig jaar (${formatPeriod(previous.period)}) staan geen berichten in de database: de berichtcijfers zijn niet met vorig jaar te vergelijken.</p>`;
  }
  return html`<p>% beantwoord ${show('response_rate', now.response_rate)} (vorig jaar ${show('response_rate', before.response_rate)}); gemiddelde reactietijd ${show('mean_first_response_s', now.mean_first_response_s)} (vorig jaar ${show('mean_first_response_s', before.mean_first_response_s)}). Vorig jaar is ${formatPeriod((previous as Yardstick).period)}.</p>`;
}

function organisationsIntro(input: ReportInput, shown: number): SafeHtml {
  const withoutAccounts = input.current.organisations.filter((o) => o.accounts === 0).length;
  if (input.org) {
    return shown === 0
      ? html`<p class="missing">De organisatie ${input.org} staat niet in de database.</p>`
      : html`<p>Dit verslag toont alleen deze organisatie; de klassegemiddelden en rangen zijn landelijk.</p>`;
  }
  return html`<p>Per organisatie met een account in de database: elk kengetal naast het gemiddelde van haar klasse, de waarde van vorig jaar, de verandering en de rang binnen de klasse (${formatInteger(shown)} organisaties).${withoutAccounts > 0 ? ` ${formatInteger(withoutAccounts)} organisaties zonder account in de database hebben geen pagina.` : ''}</p>`;
}

/**
 * What the map draws: the gemeenten with a boundary, each one's figure (or why it has none, or
 * null when it has no account), and the gemeenten its table lists (those with accounts).
 */
export function mapInputs(
  current: Yardstick,
  boundaries: readonly ReportBoundary[],
): {
  areas: MapArea[];
  figureOf: (code: string, metric: ScalarMetric) => MapValue;
  absent: string;
  tableCodes: Set<string>;
} {
  const byCode = new Map(current.organisations.map((o) => [o.code, o]));
  const areas: MapArea[] = boundaries.map((b) => ({
    code: b.code,
    name: b.name ?? byCode.get(b.code)?.name ?? b.code,
    geometry: b.geometry,
  }));
  const figureOf = (code: string, metric: ScalarMetric): MapValue => {
    const org = byCode.get(code);
    if (!org || org.accounts === 0) return null;
    const text = figureText(metric, org, organisationContext(current, org));
    const value = org[metric];
    return 'value' in text && value !== null ? { value } : { missing: 'missing' in text ? text.missing : '' };
  };
  const tableCodes = new Set(current.organisations.filter((o) => o.accounts > 0).map((o) => o.code));
  return { areas, figureOf, absent: 'geen account in de database', tableCodes };
}

function mapSection(input: ReportInput): SafeHtml {
  const { current } = input;
  const { areas, figureOf, absent, tableCodes } = mapInputs(current, input.boundaries);
  const body =
    areas.length === 0
      ? html`<p class="missing">Geen kaart: er staan geen gemeentegrenzen in de database (<code>meetlat orgs import-gemeenten --geometry</code>).</p>`
      : choroplethMap({
          areas,
          metrics: MAP_METRICS,
          selected: input.mapMetric,
          figureOf,
          absent,
          tableCodes,
        });
  return html`<section class="map-section" aria-labelledby="kaart"><h2 id="kaart">Kaart: ${METRIC_INFO[input.mapMetric].label} per gemeente</h2>
<p>Elke gemeente gekleurd naar haar cijfer in ${formatPeriod(current.period)}. Alleen gemeenten staan op de kaart; provincies, waterschappen en veiligheidsregio's staan in de tabellen.</p>
${body}
</section>`;
}

function methodSection(input: ReportInput, previous: Yardstick | null): SafeHtml {
  return html`<section class="method" aria-labelledby="verantwoording"><h2 id="verantwoording">Verantwoording</h2>
<ul>
<li>Periode: ${formatPeriod(input.current.period)} (tijden in UTC). Vorig jaar: ${previous ? formatPeriod(previous.period) : 'geen vergelijking'}.</li>
<li>Klassen: gemeenten naar het aantal inwoners op 1 januari van het jaar van de periode: klein (minder dan 50.000), middelgroot (50.000 tot en met 100.000) en groot (meer dan 100.000). Provincies, waterschappen en veiligheidsregio's zijn elk een eigen klasse.</li>
<li>Een klassegemiddelde is het gemiddelde over de accounts van de klasse (elk account telt even zwaar); een organisatie telt de berichten van al haar accounts samen.</li>
<li>Reactietijd: de tijd tussen een inkomend bericht en het eerste antwoord van de organisatie, in uren:minuten:seconden (26:34:28 is 26 uur, 34 minuten en 28 seconden). Nachten en weekenden tellen mee: het is de totale wachttijd. Onbeantwoorde berichten tellen niet mee in de reactietijd, wel in % beantwoord.</li>
<li>Rang in klasse: 1 is de beste (hoogste % beantwoord, snelste reactietijd, meeste volgers); bij cijfers zonder beter of slechter (zoals het aantal verzonden berichten) is 1 de hoogste. Gelijke waarden delen een rang.</li>
<li>Waar een cijfer niet te berekenen is, staat waarom: verzendcijfers hebben de eigen berichten nodig, reactiecijfers inkomende berichten, publiekscijfers een meting van het aantal volgers, en per 1.000 inwoners het inwonertal.</li>
<li>Percentages zijn afgerond op hele getallen, tijden op hele seconden; de cijfers zelf worden onafgerond bewaard.</li>
</ul>
</section>`;
}
