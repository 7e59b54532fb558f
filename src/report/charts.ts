import { BUCKET_LABELS_NL, type ScalarMetric } from '../yardstick/figures.ts';
import { formatPercent } from './format.ts';
import { html, raw, type SafeHtml } from './html.ts';
import { formatValue, METRIC_INFO } from './metrics.ts';

/**
 * The report's charts as inline SVG, drawn here without a library. Each is `role="img"` with a
 * `<title>` and `<desc>` naming it, and each comes with its numbers as a table (the bucket chart
 * brings its own; the trend chart's table is the quarter table beside it). Series differ by
 * pattern (solid or hatched bars, solid or dashed lines with round or square markers) and are
 * named in a legend, so colour never carries the meaning alone.
 */

const INK = '#154273';
const MUTED = '#4a4a4a';

function r1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Tick step for an axis from 0 to `max`: 1, 2 or 5 times a power of ten, about `count` ticks. */
export function niceStep(max: number, count = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  return step;
}

/** Tick step for durations (seconds): whole minutes, hours or days. */
export function durationStep(max: number, count = 5): number {
  const steps = [60, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800];
  const raw = max / count;
  return steps.find((s) => s >= raw) ?? Math.ceil(raw / 604_800) * 604_800;
}

function axisTicks(metric: ScalarMetric, values: readonly number[]): number[] {
  const kind = METRIC_INFO[metric].kind;
  const max = Math.max(0, ...values);
  if (kind === 'pct' && !METRIC_INFO[metric].signed) return [0, 25, 50, 75, 100];
  const step = kind === 'duration' ? durationStep(max) : niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(t);
  return ticks;
}

export interface BarSeries {
  label: string;
  /** Eight bucket percentages, or null with `missing` saying why. */
  values: readonly number[] | null;
  missing?: string;
}

function chartHeading(id: string, title: string, description: string): SafeHtml {
  return html`<title id="${id}-title">${title}</title><desc id="${id}-desc">${description}</desc>`;
}

function hatchPattern(id: string): SafeHtml {
  return html`<defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="${INK}" stroke-width="2.5"/></pattern></defs>`;
}

/**
 * The response-time distribution (METRICS.md `buckets`) as horizontal bars, one group per bucket,
 * one bar per series (the first solid, the others hatched), with its table.
 */
export function bucketChart(options: {
  id: string;
  title: string;
  description: string;
  series: readonly BarSeries[];
}): SafeHtml {
  const { id, title, series } = options;
  const drawn = series.filter((s) => s.values !== null);
  const table = bucketTable(options);
  if (drawn.length === 0) {
    return html`<div class="chart">${table}</div>`;
  }
  const width = 640;
  const left = 132;
  const right = 56;
  const top = 34 + drawn.length * 18;
  const barH = 13;
  const groupH = drawn.length * (barH + 2) + 10;
  const plotW = width - left - right;
  const height = top + BUCKET_LABELS_NL.length * groupH + 24;
  const max = Math.max(10, ...drawn.flatMap((s) => s.values ?? []));
  const step = niceStep(max, 4);
  const axisMax = Math.ceil(max / step) * step;
  const x = (v: number) => left + (v / axisMax) * plotW;
  const ticks: number[] = [];
  for (let t = 0; t <= axisMax + step / 2; t += step) ticks.push(t);

  const legend = drawn.map((s, i) => {
    const y = 8 + i * 18;
    const fill = i === 0 ? INK : `url(#${id}-hatch)`;
    return html`<rect x="${left}" y="${y}" width="14" height="12" fill="${fill}" stroke="${INK}"/><text x="${left + 20}" y="${y + 10}">${s.label}</text>`;
  });
  const grid = ticks.map(
    (t) =>
      html`<line x1="${r1(x(t))}" x2="${r1(x(t))}" y1="${top - 4}" y2="${height - 20}" class="g"/><text x="${r1(x(t))}" y="${height - 6}" class="m c">${formatPercent(t)}</text>`,
  );
  const groups = BUCKET_LABELS_NL.map((label, b) => {
    const y0 = top + b * groupH;
    const bars = drawn.map((s, i) => {
      const v = s.values?.[b] ?? 0;
      const y = y0 + i * (barH + 2);
      const fill = i === 0 ? INK : `url(#${id}-hatch)`;
      return html`<rect x="${left}" y="${y}" width="${r1(Math.max(0, x(v) - left))}" height="${barH}" fill="${fill}" stroke="${INK}" stroke-width="0.8"/><text x="${r1(x(v) + 4)}" y="${y + barH - 2}" class="s">${formatPercent(v)}</text>`;
    });
    return html`<text x="${left - 8}" y="${y0 + (drawn.length * (barH + 2)) / 2 + 3}" class="e">${label}</text>${bars}`;
  });
  const svg = html`<svg class="chart-svg" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${chartHeading(id, title, options.description)}${hatchPattern(id)}${legend}${grid}${groups}</svg>`;
  return html`<div class="chart">${svg}${table}</div>`;
}

function bucketTable(options: { id: string; title: string; series: readonly BarSeries[] }): SafeHtml {
  const { series } = options;
  const head = series.map((s) => html`<th scope="col">${s.label}</th>`);
  const rows = BUCKET_LABELS_NL.map((label, b) => {
    const cells = series.map((s) =>
      s.values === null
        ? html`<td class="missing">geen gegevens</td>`
        : html`<td class="num">${formatPercent(s.values[b] ?? 0)}</td>`,
    );
    return html`<tr><th scope="row">${label}</th>${cells}</tr>`;
  });
  const notes = series
    .filter((s) => s.values === null)
    .map((s) => html`<p class="missing">${s.label}: niet te berekenen: ${s.missing ?? 'geen gegevens'}.</p>`);
  return html`<table class="data"><caption>${options.title}: aandeel van de beantwoorde berichten per reactietijd</caption><thead><tr><th scope="col">Reactietijd</th>${head}</tr></thead><tbody>${rows}</tbody></table>${notes}`;
}

export interface LineSeries {
  label: string;
  /** One value per category; null leaves a gap. */
  values: readonly (number | null)[];
}

/**
 * A figure over time (quarters): the first series a solid line with round markers, the second a
 * dashed line with square markers. Its numbers are in the quarter table beside it.
 */
export function trendChart(options: {
  id: string;
  title: string;
  description: string;
  metric: ScalarMetric;
  categories: readonly string[];
  series: readonly LineSeries[];
}): SafeHtml {
  const { id, metric, categories, series } = options;
  const width = 640;
  const left = 76;
  const right = 20;
  const top = 14 + series.length * 18 + 8;
  const plotH = 170;
  const height = top + plotH + 34;
  const plotW = width - left - right;
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const ticks = axisTicks(metric, values);
  const yMax = ticks.at(-1) ?? 1;
  const yMin = Math.min(0, ...values);
  const y = (v: number) => top + plotH - ((v - yMin) / (yMax - yMin || 1)) * plotH;
  const band = plotW / Math.max(1, categories.length);
  const x = (i: number) => left + band * (i + 0.5);

  const legend = series.map((s, i) => {
    const ly = 8 + i * 18;
    return html`<line x1="${left}" x2="${left + 26}" y1="${ly + 6}" y2="${ly + 6}" stroke="${INK}" stroke-width="2.5" ${i > 0 ? raw('stroke-dasharray="6 4"') : ''}/>${marker(i, left + 13, ly + 6, null)}<text x="${left + 34}" y="${ly + 10}">${s.label}</text>`;
  });
  const grid = ticks.map(
    (t) =>
      html`<line x1="${left}" x2="${width - right}" y1="${r1(y(t))}" y2="${r1(y(t))}" class="g"/><text x="${left - 6}" y="${r1(y(t)) + 4}" class="m e">${formatValue(metric, t)}</text>`,
  );
  const xLabels = categories.map(
    (c, i) => html`<text x="${r1(x(i))}" y="${top + plotH + 18}" class="s c">${c}</text>`,
  );
  const lines = series.map((s, i) => {
    // A line per run of known values; a gap where a quarter has no figure.
    const runs: string[] = [];
    let current: string[] = [];
    s.values.forEach((v, j) => {
      if (v === null) {
        if (current.length > 1) runs.push(current.join(' '));
        current = [];
      } else current.push(`${r1(x(j))},${r1(y(v))}`);
    });
    if (current.length > 1) runs.push(current.join(' '));
    const dash = i > 0 ? raw('stroke-dasharray="6 4"') : '';
    const paths = runs.map(
      (points) => html`<polyline points="${points}" fill="none" stroke="${INK}" stroke-width="2.5" ${dash}/>`,
    );
    const markers = s.values.map((v, j) =>
      v === null ? '' : marker(i, x(j), y(v), `${s.label}, ${categories[j]}: ${formatValue(metric, v)}`),
    );
    return html`${paths}${markers}`;
  });
  // The caption shows the title to sighted readers; the SVG is named by it and its description.
  return html`<figure class="trend"><figcaption id="${id}-title">${options.title}</figcaption><svg class="chart-svg" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><desc id="${id}-desc">${options.description}</desc>${legend}${grid}<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="${MUTED}"/>${xLabels}${lines}</svg></figure>`;
}

function marker(series: number, cx: number, cy: number, label: string | null): SafeHtml {
  const title = label === null ? '' : html`<title>${label}</title>`;
  if (series === 0) {
    return html`<circle cx="${r1(cx)}" cy="${r1(cy)}" r="4.5" fill="${INK}" stroke="#ffffff" stroke-width="1">${title}</circle>`;
  }
  return html`<rect x="${r1(cx - 4.5)}" y="${r1(cy - 4.5)}" width="9" height="9" fill="#ffffff" stroke="${INK}" stroke-width="2">${title}</rect>`;
}
