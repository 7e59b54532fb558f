import { rankWithinClass, yearOverYear } from '../yardstick/compare.ts';
import type { AccountFigures, OrganisationFigures, ScalarMetric, Yardstick } from '../yardstick/figures.ts';
import { bucketChart, trendChart } from './charts.ts';
import { formatInteger } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import {
  classContext,
  classIn,
  displayName,
  figureCell,
  figureText,
  organisationContext,
  organisationIn,
} from './lookup.ts';
import {
  CLASS_PLURAL,
  directionText,
  formatChange,
  METRIC_GROUPS,
  METRIC_INFO,
  rankOneText,
} from './metrics.ts';
import { quarterLabels } from './overview.ts';
import { whyMissing } from './reasons.ts';

/**
 * One organisation's page: the study's sentence, every figure beside its class average, last
 * year's value, the change and its rank within the class; the response-time distribution against
 * the class; the trend by quarter; its accounts. A figure that cannot be computed says why.
 */

export interface OrganisationPageInput {
  org: OrganisationFigures;
  /** Unique within the page, for ids. */
  id: string;
  current: Yardstick;
  previous: Yardstick | null;
  quarters: readonly Yardstick[];
}

/** The study's metrics for the sentence, as it names them. */
const SENTENCE: readonly { metric: ScalarMetric; label: string }[] = [
  { metric: 'followers', label: 'aantal volgers' },
  { metric: 'reply_pct', label: '% reactie' },
  { metric: 'response_rate', label: '% beantwoord' },
  { metric: 'mean_first_response_s', label: 'gemiddelde reactietijd' },
];

/**
 * "Gemeente Veere valt in de categorie kleine gemeenten: aantal volgers 4.606 tegen 2.662
 * gemiddeld; % reactie 15% tegen 34%; gemiddelde reactietijd 2:05:40 tegen 26:34:28."
 */
export function comparisonSentence(current: Yardstick, org: OrganisationFigures): string {
  const name = displayName(org);
  if (org.class === null) {
    return `${name} valt in geen categorie: het aantal inwoners is onbekend, dus is er geen klassegemiddelde om mee te vergelijken.`;
  }
  const cls = classIn(current, org.class);
  const parts = SENTENCE.map(({ metric, label }, i) => {
    const own = figureText(metric, org, organisationContext(current, org));
    if ('missing' in own) return `${label} onbekend (${own.missing})`;
    const average = figureText(metric, cls, classContext(current, cls), { average: true });
    if ('missing' in average) return `${label} ${own.value} (geen klassegemiddelde)`;
    return `${label} ${own.value} tegen ${average.value}${i === 0 ? ' gemiddeld' : ''}`;
  });
  return `${name} valt in de categorie ${CLASS_PLURAL[org.class]}: ${parts.join('; ')}.`;
}

/** "Ten opzichte van vorig jaar: % beantwoord +5 procentpunt (beter); …", or null without last year. */
export function changeSentence(org: OrganisationFigures, previous: Yardstick | null): string | null {
  const before = organisationIn(previous, org.code);
  if (!previous) return null;
  if (!before || before.accounts === 0)
    return 'Vorig jaar staat deze organisatie niet met een account in de database.';
  const parts = SENTENCE.flatMap(({ metric, label }) => {
    const yoy = yearOverYear(metric, org[metric], before[metric]);
    if (yoy.change === null) return [];
    return [`${label} ${formatChange(metric, yoy.change)}${verdictText(yoy.verdict, true)}`];
  });
  if (parts.length === 0)
    return 'Met vorig jaar valt niets te vergelijken: de cijfers van een van beide jaren ontbreken.';
  return `Ten opzichte van vorig jaar: ${parts.join('; ')}.`;
}

function verdictText(verdict: 'better' | 'worse' | 'same' | null, parenthesised = false): string {
  const word =
    verdict === 'better' ? 'beter' : verdict === 'worse' ? 'slechter' : verdict === 'same' ? 'gelijk' : '';
  if (!word) return '';
  return parenthesised ? ` (${word})` : word;
}

function rankCell(current: Yardstick, org: OrganisationFigures, metric: ScalarMetric): SafeHtml {
  const rank = rankWithinClass(current.organisations, org.code, metric);
  if ('none' in rank) {
    const text = rank.none === 'no_class' ? 'geen klasse' : 'n.v.t.';
    return html`<td>${text}</td>`;
  }
  const shared = rank.sharedBy > 1 ? ` (gedeeld met ${rank.sharedBy - 1})` : '';
  return html`<td class="num">${rank.rank} van ${rank.of}${shared}<span class="dir">${rankOneText(metric)}</span></td>`;
}

function changeCell(metric: ScalarMetric, current: number | null, previous: number | null): SafeHtml {
  const yoy = yearOverYear(metric, current, previous);
  if (yoy.change === null) return html`<td>n.v.t.</td>`;
  const text = formatChange(metric, yoy.change);
  // A change that rounds away is no change to the reader.
  const verdict = /[1-9]/.test(text) ? verdictText(yoy.verdict) : 'gelijk';
  return html`<td class="num">${text}${verdict ? html`<span class="dir">${verdict}</span>` : ''}</td>`;
}

function figuresTable(input: OrganisationPageInput): SafeHtml {
  const { org, current, previous } = input;
  const cls = classIn(current, org.class);
  const before = organisationIn(previous, org.code);
  const ownContext = organisationContext(current, org);
  const clsContext = classContext(current, cls);
  const prevContext = previous ? organisationContext(previous, before) : null;
  const groups = METRIC_GROUPS.map(({ title, metrics }) => {
    const rows = metrics.map((metric) => {
      const direction = directionText(metric);
      const classCell =
        org.class === null
          ? html`<td class="missing">geen klasse: aantal inwoners onbekend</td>`
          : figureCell(metric, cls, clsContext, { average: true });
      const prevCells = prevContext
        ? html`${figureCell(metric, before, prevContext)}${changeCell(metric, org[metric], before?.[metric] ?? null)}`
        : '';
      return html`<tr><th scope="row">${METRIC_INFO[metric].label}${direction ? html`<span class="dir">${direction}</span>` : ''}</th>${figureCell(metric, org, ownContext)}${classCell}${prevCells}${rankCell(current, org, metric)}</tr>`;
    });
    return html`<tbody><tr class="group"><th scope="rowgroup" colspan="${previous ? 6 : 4}">${title}</th></tr>${rows}</tbody>`;
  });
  const classHead = org.class === null ? 'Gemiddelde klasse' : `Gemiddelde ${CLASS_PLURAL[org.class]}`;
  const prevHead = previous ? html`<th scope="col">Vorig jaar</th><th scope="col">Verandering</th>` : '';
  return html`<table class="data figures"><caption>Kengetallen van ${displayName(org)}</caption><thead><tr><th scope="col">Kengetal</th><th scope="col">${displayName(org)}</th><th scope="col">${classHead}</th>${prevHead}<th scope="col">Rang in klasse</th></tr></thead>${groups}</table>`;
}

function bucketsFigure(input: OrganisationPageInput): SafeHtml {
  const { org, current } = input;
  const cls = classIn(current, org.class);
  const series = [
    {
      label: displayName(org),
      values: org.buckets,
      missing: whyMissing('buckets', org, organisationContext(current, org)) ?? undefined,
    },
  ];
  if (org.class !== null) {
    series.push({
      label: `Gemiddelde ${CLASS_PLURAL[org.class]}`,
      values: cls?.buckets ?? null,
      missing:
        (cls && whyMissing('buckets', cls, classContext(current, cls))) ?? 'geen accounts in deze klasse',
    });
  }
  return bucketChart({
    id: `${input.id}-buckets`,
    title: `Reactietijden van ${displayName(org)}`,
    description:
      'Staafdiagram: welk deel van de beantwoorde berichten binnen welke tijd een eerste antwoord kreeg' +
      (series.length > 1 ? ', de organisatie (effen) en het gemiddelde van haar klasse (gearceerd)' : '') +
      '. De cijfers staan in de tabel onder de grafiek.',
    series,
  });
}

function trendFigure(input: OrganisationPageInput): SafeHtml {
  const { org, quarters } = input;
  if (quarters.length === 0) {
    return html`<p class="missing">Geen verloop per kwartaal: de periode heeft geen begin of einde.</p>`;
  }
  const labels = quarterLabels(quarters);
  const own = quarters.map((q) => organisationIn(q, org.code));
  const classes = quarters.map((q, i) => classIn(q, own[i]?.class ?? org.class));
  const charts = (['response_rate', 'mean_first_response_s'] as const).map((metric) => {
    const series = [{ label: displayName(org), values: own.map((o) => o?.[metric] ?? null) }];
    if (org.class !== null) {
      series.push({
        label: `Gemiddelde ${CLASS_PLURAL[org.class]}`,
        values: classes.map((c) => c?.[metric] ?? null),
      });
    }
    return trendChart({
      id: `${input.id}-trend-${metric}`,
      title: `${METRIC_INFO[metric].label} per kwartaal, ${displayName(org)}`,
      description: `Lijngrafiek van ${METRIC_INFO[metric].label.toLowerCase()} per kwartaal: de organisatie (doorgetrokken lijn, rondjes)${org.class === null ? '' : ' en het klassegemiddelde (gestreepte lijn, vierkantjes)'}; een kwartaal zonder cijfer is een onderbreking. De cijfers staan in de tabel onder de grafieken.`,
      metric,
      categories: labels,
      series,
    });
  });
  const rows = quarters.map((q, i) => {
    const o = own[i] ?? null;
    const c = classes[i] ?? null;
    const oc = organisationContext(q, o);
    const cc = classContext(q, c);
    return html`<tr><th scope="row">${labels[i]}</th>${figureCell('sent', o, oc)}${figureCell('inbound', o, oc)}${figureCell('response_rate', o, oc)}${figureCell('response_rate', c, cc, { average: true })}${figureCell('mean_first_response_s', o, oc)}${figureCell('mean_first_response_s', c, cc, { average: true })}</tr>`;
  });
  return html`<div class="chart">${charts}</div><table class="data"><caption>${displayName(org)} per kwartaal, met het gemiddelde van de klasse</caption><thead><tr><th scope="col">Kwartaal</th><th scope="col">Verzonden berichten</th><th scope="col">Inkomende berichten</th><th scope="col">% beantwoord</th><th scope="col">% beantwoord, klasse</th><th scope="col">Gemiddelde reactietijd</th><th scope="col">Gemiddelde reactietijd, klasse</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function accountsTable(input: OrganisationPageInput): SafeHtml {
  const { org, current } = input;
  const accounts = current.accounts.filter((a: AccountFigures) => a.organisation?.code === org.code);
  if (accounts.length === 0) return html``;
  const context = { ...organisationContext(current, org), accounts: 1 };
  const columns: ScalarMetric[] = ['sent', 'inbound', 'response_rate', 'mean_first_response_s', 'followers'];
  const rows = accounts.map(
    (a) =>
      html`<tr><th scope="row">${a.platform}: ${a.handle}</th>${columns.map((m) => figureCell(m, a, { ...context, level: 'organisation', inhabitants: null }))}</tr>`,
  );
  return html`<table class="data"><caption>Accounts van ${displayName(org)}</caption><thead><tr><th scope="col">Account</th>${columns.map((m) => html`<th scope="col">${METRIC_INFO[m].label}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** One organisation's page (a new page when printed). */
export function organisationPage(input: OrganisationPageInput): SafeHtml {
  const { org } = input;
  const name = displayName(org);
  const meta = [
    org.code,
    org.class === null ? 'geen klasse (aantal inwoners onbekend)' : `klasse: ${CLASS_PLURAL[org.class]}`,
    org.inhabitants === null ? 'inwoners onbekend' : `${formatInteger(org.inhabitants)} inwoners`,
    `${formatInteger(org.accounts)} ${org.accounts === 1 ? 'account' : 'accounts'}`,
  ].join(' · ');
  const change = changeSentence(org, input.previous);
  return html`<article class="org-page" id="${input.id}" aria-labelledby="${input.id}-h">
<h3 id="${input.id}-h">${name}</h3>
<p class="meta">${meta}</p>
<div class="summary"><p>${comparisonSentence(input.current, org)}</p>${change ? html`<p>${change}</p>` : ''}</div>
${figuresTable(input)}
<h4>Reactietijden</h4>
${bucketsFigure(input)}
<h4>Per kwartaal</h4>
${trendFigure(input)}
${accountsTable(input)}
</article>`;
}
