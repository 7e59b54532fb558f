import { SIZE_CLASSES } from '../domain/organisation.ts';
import { yearOverYear } from '../yardstick/compare.ts';
import type { ClassFigures, ScalarMetric, TotalFigures, Yardstick } from '../yardstick/figures.ts';
import { bucketChart, trendChart } from './charts.ts';
import { formatInteger, formatPeriod, formatQuarter } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { classContext, figureCell, figureText, hasMessages, totalContext } from './lookup.ts';
import { CLASS_BOUNDS, CLASS_NAME, METRIC_INFO } from './metrics.ts';
import { whyMissing } from './reasons.ts';

/**
 * The national overview: the headline (like the 2016 study's "Meer reacties van gemeenten, maar
 * ook iets trager"), per class the number of organisations, messages, % reactions and response
 * times beside last year's, the national response-time distribution and the trend by quarter.
 */

/**
 * The headline from the national totals against last year: more or fewer questions answered,
 * faster or slower. Null when either year lacks the figures.
 */
export function headline(current: TotalFigures, previous: TotalFigures | null): string | null {
  if (!previous) return null;
  const rate = yearOverYear('response_rate', current.response_rate, previous.response_rate);
  const time = yearOverYear(
    'mean_first_response_s',
    current.mean_first_response_s,
    previous.mean_first_response_s,
  );
  if (rate.change === null || time.change === null) return null;
  const answered = rate.change > 0 ? 'Meer' : rate.change < 0 ? 'Minder' : 'Evenveel';
  const slight = time.changePct !== null && Math.abs(time.changePct) < 10 ? 'iets ' : '';
  const speed = time.change < 0 ? `${slight}sneller` : time.change > 0 ? `${slight}trager` : 'even snel';
  const rateGood = rate.change >= 0;
  const timeGood = time.change <= 0;
  const joint = rateGood === timeGood ? ' en ' : rateGood ? ', maar ook ' : ', maar wel ';
  return `${answered} vragen beantwoord door overheden${joint}${speed}`;
}

function previousNote(
  metric: ScalarMetric,
  previous: ClassFigures | TotalFigures | null,
  prevYardstick: Yardstick | null,
  pooled: boolean,
) {
  if (!prevYardstick) return '';
  const context = pooled
    ? totalContext(prevYardstick)
    : classContext(prevYardstick, previous as ClassFigures | null);
  const text = figureText(metric, previous, context, { average: true });
  if ('missing' in text)
    return html`<span class="prev">vorig jaar: niet te berekenen (${text.missing})</span>`;
  return html`<span class="prev">vorig jaar: ${text.value}</span>`;
}

const CLASS_METRICS: readonly ScalarMetric[] = [
  'reply_pct',
  'response_rate',
  'mean_first_response_s',
  'median_first_response_s',
];

/** Messages sent by a class's accounts: the class's `sent` is their mean, so mean × accounts. */
function classMessages(c: ClassFigures | TotalFigures | null, pooled: boolean): number | null {
  if (!c || c.sent === null) return null;
  return pooled ? c.sent : Math.round(c.sent * c.accounts);
}

function classTable(current: Yardstick, previous: Yardstick | null): SafeHtml {
  const order = (c: ClassFigures) => SIZE_CLASSES.indexOf(c.class);
  const classes = [...current.classes].sort((a, b) => order(a) - order(b));
  const cells = (
    figures: ClassFigures | TotalFigures,
    prev: ClassFigures | TotalFigures | null,
    pooled: boolean,
  ) => {
    const context = pooled ? totalContext(current) : classContext(current, figures as ClassFigures);
    const messages = classMessages(figures, pooled);
    const prevMessages = classMessages(prev, pooled);
    return html`<td class="num">${formatInteger(figures.organisations)}</td><td class="num">${formatInteger(figures.accounts)}</td><td class="num">${messages === null ? 'geen gegevens' : formatInteger(messages)}${previous ? html`<span class="prev">vorig jaar: ${prevMessages === null ? 'geen gegevens' : formatInteger(prevMessages)}</span>` : ''}</td>${CLASS_METRICS.map(
      (m) => {
        const text = figureText(m, figures, context);
        if ('missing' in text) return html`<td class="missing">niet te berekenen: ${text.missing}</td>`;
        return html`<td class="num">${text.value}${previousNote(m, prev, previous, pooled)}</td>`;
      },
    )}`;
  };
  const rows = classes.map((c) => {
    const prev = previous?.classes.find((p) => p.class === c.class) ?? null;
    const bounds = CLASS_BOUNDS[c.class];
    return html`<tr><th scope="row">${CLASS_NAME[c.class]}${bounds ? html`<span class="prev">${bounds}</span>` : ''}</th>${cells(c, prev, false)}</tr>`;
  });
  const total = html`<tr class="total"><th scope="row">Alle accounts samen</th>${cells(current.totals, previous?.totals ?? null, true)}</tr>`;
  return html`<table class="data"><caption>Per klasse: organisaties, berichten, reacties en reactietijden (${formatPeriod(current.period)})</caption>
<thead><tr><th scope="col">Klasse</th><th scope="col">Organisaties</th><th scope="col">Accounts</th><th scope="col">Verzonden berichten</th><th scope="col">% reacties</th><th scope="col">% beantwoord</th><th scope="col">Gemiddelde reactietijd</th><th scope="col">Mediane reactietijd</th></tr></thead>
<tbody>${rows}${total}</tbody></table>
<p class="note">Een klasse toont het gemiddelde van de accounts in die klasse (elk account telt even zwaar); de verzonden berichten zijn die van alle accounts van de klasse samen. De laatste regel telt alle berichten van alle accounts samen. "% reacties": het deel van de verzonden berichten dat een antwoord aan een ander is; "% beantwoord": het deel van de inkomende berichten dat een antwoord kreeg.</p>`;
}

function summaryParagraph(current: Yardstick): SafeHtml {
  const t = current.totals;
  const context = totalContext(current);
  const part = (metric: ScalarMetric) => {
    const text = figureText(metric, t, context);
    return 'value' in text ? text.value : `niet te berekenen (${text.missing})`;
  };
  return html`<p>In deze periode staan ${formatInteger(t.organisations)} organisaties met ${formatInteger(t.accounts)} accounts in de database. Samen verzonden zij ${part('sent')} berichten en kregen zij ${part('inbound')} inkomende berichten, waarvan ${part('response_rate')} beantwoord. De gemiddelde reactietijd was ${part('mean_first_response_s')}, de mediane ${part('median_first_response_s')} (uren:minuten:seconden, de totale wachttijd inclusief nachten en weekenden).</p>`;
}

/** Quarter labels for the trend: `K1 2025`. */
export function quarterLabels(quarters: readonly Yardstick[]): string[] {
  return quarters.map((q, i) => (q.period.from ? formatQuarter(q.period.from) : `kwartaal ${i + 1}`));
}

function nationalTrend(quarters: readonly Yardstick[]): SafeHtml {
  if (quarters.length === 0) {
    return html`<p class="missing">Geen verloop per kwartaal: de periode heeft geen begin of einde en er staan geen berichten in de database.</p>`;
  }
  const labels = quarterLabels(quarters);
  const series = (metric: ScalarMetric) => [
    { label: 'Alle accounts samen', values: quarters.map((q) => q.totals[metric]) },
  ];
  const charts = (['response_rate', 'mean_first_response_s'] as const).map((metric) =>
    trendChart({
      id: `nl-trend-${metric}`,
      title: `${METRIC_INFO[metric].label} per kwartaal, alle accounts samen`,
      description: `Lijngrafiek van ${METRIC_INFO[metric].label.toLowerCase()} per kwartaal. De cijfers staan in de tabel "Landelijk per kwartaal".`,
      metric,
      categories: labels,
      series: series(metric),
    }),
  );
  const columns: ScalarMetric[] = [
    'sent',
    'inbound',
    'response_rate',
    'mean_first_response_s',
    'median_first_response_s',
  ];
  const rows = quarters.map(
    (q, i) =>
      html`<tr><th scope="row">${labels[i]}</th>${columns.map((m) => figureCell(m, q.totals, totalContext(q)))}</tr>`,
  );
  return html`<div class="chart">${charts}</div><table class="data"><caption>Landelijk per kwartaal (alle accounts samen)</caption><thead><tr><th scope="col">Kwartaal</th>${columns.map((m) => html`<th scope="col">${METRIC_INFO[m].label}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** The overview section. */
export function overviewSection(
  current: Yardstick,
  previous: Yardstick | null,
  quarters: readonly Yardstick[],
): SafeHtml {
  const totals = current.totals;
  // Last year without a single message is no comparison for message figures: say so once.
  const compare = previous && hasMessages(previous) ? previous : null;
  const series = [
    {
      label: `Deze periode`,
      values: totals.buckets,
      missing: whyMissing('buckets', totals, totalContext(current)) ?? undefined,
    },
  ];
  if (compare) {
    series.push({
      label: `Vorig jaar`,
      values: compare.totals.buckets,
      missing: whyMissing('buckets', compare.totals, totalContext(compare)) ?? undefined,
    });
  }
  return html`<section aria-labelledby="landelijk"><h2 id="landelijk">Landelijk overzicht</h2>
${summaryParagraph(current)}
${previous && !compare ? html`<p class="note">Over vorig jaar (${formatPeriod(previous.period)}) staan geen berichten in de database: de cijfers hieronder zijn niet met vorig jaar vergeleken.</p>` : ''}
${classTable(current, compare)}
<h3>Reactietijden</h3>
${bucketChart({
  id: 'nl-buckets',
  title: 'Reactietijden van alle accounts samen',
  description:
    'Staafdiagram: welk deel van de beantwoorde berichten binnen welke tijd een eerste antwoord kreeg' +
    (compare ? ', deze periode (effen) en vorig jaar (gearceerd)' : '') +
    '. De cijfers staan in de tabel onder de grafiek.',
  series,
})}
<h3>Per kwartaal</h3>
${nationalTrend(quarters)}
</section>`;
}
