import { niceStep } from '../report/charts.ts';
import { type HtmlValue, html, type SafeHtml } from '../report/html.ts';

/**
 * The web app's charts as inline SVG (no script, no inline style: SVG presentation attributes
 * only): columns over time with a second series as a dashed line, stacked columns, and bars in a
 * table row. Each SVG is `role="img"` named by its caption and described in words; its numbers
 * are always in a table beside it, so nothing is said by the picture alone. Series differ by
 * pattern as well as colour and are named in a legend.
 */

const INK = '#154273';
const MUTED = '#4a4a4a';
const GRID = '#d0d0d0';

function r1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Ticks from 0 to at least `max`: 0, step, 2·step, … */
function ticksUpTo(max: number): number[] {
  const step = Math.max(1, niceStep(max, 4));
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(t);
  return ticks;
}

export interface Fill {
  label: string;
  colour: string;
  /** Solid, hatched (diagonal lines) or dotted, so series differ without colour. */
  pattern: 'solid' | 'hatch' | 'dots';
}

function fillOf(id: string, index: number, fill: Fill): string {
  return fill.pattern === 'solid' ? fill.colour : `url(#${id}-p${index})`;
}

function patternDefs(id: string, fills: readonly Fill[]): SafeHtml {
  const defs = fills.map((f, i) => {
    if (f.pattern === 'hatch')
      return html`<pattern id="${id}-p${i}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="${f.colour}" stroke-width="3"/></pattern>`;
    if (f.pattern === 'dots')
      return html`<pattern id="${id}-p${i}" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="${f.colour}"/><circle cx="2.5" cy="2.5" r="1.2" fill="#ffffff"/></pattern>`;
    return '';
  });
  return html`<defs>${defs}</defs>`;
}

/** Which category labels to write under the axis: about eight, evenly spread. */
function labelEvery(count: number): number {
  return Math.max(1, Math.ceil(count / 8));
}

interface Frame {
  width: number;
  left: number;
  top: number;
  plotW: number;
  plotH: number;
  y: (v: number) => number;
  x: (i: number) => number;
  band: number;
  grid: SafeHtml;
  axis: SafeHtml;
}

function frame(
  categories: readonly string[],
  max: number,
  legendRows: number,
  format: (n: number) => string,
): Frame {
  const width = 720;
  const left = 56;
  const right = 12;
  const top = 12 + legendRows * 18 + 8;
  const plotH = 180;
  const plotW = width - left - right;
  const ticks = ticksUpTo(max);
  const yMax = ticks.at(-1) ?? 1;
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const band = plotW / Math.max(1, categories.length);
  const x = (i: number) => left + band * i;
  const grid = html`${ticks.map(
    (t) =>
      html`<line x1="${left}" x2="${width - right}" y1="${r1(y(t))}" y2="${r1(y(t))}" stroke="${GRID}" stroke-width="1"/><text x="${left - 6}" y="${r1(y(t)) + 4}" text-anchor="end" font-size="11" fill="${MUTED}">${format(t)}</text>`,
  )}`;
  const every = labelEvery(categories.length);
  const axis = html`<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="${MUTED}"/>${categories.map(
    (c, i) =>
      i % every === 0
        ? html`<text x="${r1(x(i) + band / 2)}" y="${top + plotH + 16}" text-anchor="middle" font-size="11" fill="${MUTED}">${c}</text>`
        : '',
  )}`;
  return { width, left, top, plotW, plotH, y, x, band, grid, axis };
}

function svg(id: string, f: Frame, description: string, body: HtmlValue): SafeHtml {
  const height = f.top + f.plotH + 28;
  return html`<svg class="meetlat-chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${f.width} ${height}" width="${f.width}" height="${height}"><desc id="${id}-desc">${description}</desc>${body}</svg>`;
}

function legendItem(
  f: Frame,
  row: number,
  swatch: (x: number, y: number) => SafeHtml,
  label: string,
): SafeHtml {
  const y = 8 + row * 18;
  return html`${swatch(f.left, y)}<text x="${f.left + 34}" y="${y + 10}" font-size="12" fill="#1a1a1a">${label}</text>`;
}

/**
 * Counts per period as columns (the first series, solid) with the same buckets of the period
 * before as a dashed line.
 */
export function columnsWithLine(options: {
  id: string;
  title: string;
  description: string;
  categories: readonly string[];
  columns: { label: string; values: readonly number[] };
  line: { label: string; values: readonly number[] };
  format: (n: number) => string;
}): SafeHtml {
  const { id, categories, columns, line } = options;
  const f = frame(categories, Math.max(1, ...columns.values, ...line.values), 2, options.format);
  const barW = Math.max(1, f.band * 0.7);
  const bars = columns.values.map(
    (v, i) =>
      html`<rect x="${r1(f.x(i) + (f.band - barW) / 2)}" y="${r1(f.y(v))}" width="${r1(barW)}" height="${r1(f.y(0) - f.y(v))}" fill="${INK}"><title>${categories[i]}: ${options.format(v)}</title></rect>`,
  );
  const points = line.values.map((v, i) => `${r1(f.x(i) + f.band / 2)},${r1(f.y(v))}`).join(' ');
  const legend = html`${legendItem(f, 0, (x, y) => html`<rect x="${x}" y="${y}" width="26" height="12" fill="${INK}"/>`, columns.label)}${legendItem(
    f,
    1,
    (x, y) =>
      html`<line x1="${x}" x2="${x + 26}" y1="${y + 6}" y2="${y + 6}" stroke="#b35900" stroke-width="2.5" stroke-dasharray="6 4"/>`,
    line.label,
  )}`;
  const path =
    line.values.length > 1
      ? html`<polyline points="${points}" fill="none" stroke="#b35900" stroke-width="2.5" stroke-dasharray="6 4"/>`
      : '';
  return html`<figure class="meetlat-figure"><figcaption id="${id}-title" class="meetlat-figure__caption">${options.title}</figcaption>${svg(id, f, options.description, html`${legend}${f.grid}${bars}${path}${f.axis}`)}</figure>`;
}

/** Several counts per period stacked in one column, bottom up in the order of `series`. */
export function stackedColumns(options: {
  id: string;
  title: string;
  description: string;
  categories: readonly string[];
  series: readonly (Fill & { values: readonly number[] })[];
  format: (n: number) => string;
}): SafeHtml {
  const { id, categories, series } = options;
  const totals = categories.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const f = frame(categories, Math.max(1, ...totals), series.length, options.format);
  const barW = Math.max(1, f.band * 0.7);
  const columns = categories.map((c, i) => {
    let base = 0;
    return series.map((s, k) => {
      const v = s.values[i] ?? 0;
      if (v === 0) return '';
      const rect = html`<rect x="${r1(f.x(i) + (f.band - barW) / 2)}" y="${r1(f.y(base + v))}" width="${r1(barW)}" height="${r1(f.y(base) - f.y(base + v))}" fill="${fillOf(id, k, s)}" stroke="${s.colour}" stroke-width="0.6"><title>${c}, ${s.label}: ${options.format(v)}</title></rect>`;
      base += v;
      return rect;
    });
  });
  const legend = series.map((s, k) =>
    legendItem(
      f,
      k,
      (x, y) =>
        html`<rect x="${x}" y="${y}" width="26" height="12" fill="${fillOf(id, k, s)}" stroke="${s.colour}"/>`,
      s.label,
    ),
  );
  return html`<figure class="meetlat-figure"><figcaption id="${id}-title" class="meetlat-figure__caption">${options.title}</figcaption>${svg(id, f, options.description, html`${patternDefs(id, series)}${legend}${f.grid}${columns}${f.axis}`)}</figure>`;
}

/** A bar for a table row, its length `value / max` of the cell; hidden from screen readers (the number is in the row). */
export function rowBar(value: number, max: number, fill: Pick<Fill, 'colour'> = { colour: INK }): SafeHtml {
  const width = 160;
  const length = max > 0 ? Math.max(value > 0 ? 1 : 0, (value / max) * width) : 0;
  return html`<svg class="meetlat-row-bar" aria-hidden="true" focusable="false" viewBox="0 0 ${width} 12" width="${width}" height="12"><rect x="0" y="0" width="${r1(length)}" height="12" fill="${fill.colour}"/></svg>`;
}
