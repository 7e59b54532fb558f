import { type GeoPermissibleObjects, geoMercator, geoPath } from 'd3-geo';
import type { AreaGeometry } from '../reference/geometry.ts';
import type { ScalarMetric } from '../yardstick/figures.ts';
import { formatInteger } from './format.ts';
import { html, jsonScript, raw, type SafeHtml } from './html.ts';
import { formatValue, METRIC_INFO, roundedAsShown } from './metrics.ts';

/**
 * The choropleth: one SVG `<path>` per municipality, drawn server-side with d3-geo from the
 * boundaries in the store (no tiles, nothing fetched), coloured by the quantile class of the
 * chosen figure over the municipalities that have it, with a legend, a hatched "geen gegevens"
 * and the numbers as a table. All figures the reader can switch to are embedded as JSON (never as
 * script text); a small static script recolours the map, legend and table. Without JavaScript the
 * chosen figure shows and the switch stays hidden.
 */

export interface MapArea {
  code: string;
  name: string;
  geometry: AreaGeometry;
}

/**
 * A municipality's figure, or why it has none; null for a municipality the yardstick does not
 * know (no account), which shows the map's common `absent` reason and takes no room in the data.
 */
export type MapValue = { value: number } | { missing: string } | null;

/** Sequential blues (ColorBrewer), light to dark, for 1 to 5 classes. */
export const PALETTES: readonly (readonly string[])[] = [
  [],
  ['#4292c6'],
  ['#9ecae1', '#2171b5'],
  ['#c6dbef', '#6baed6', '#08519c'],
  ['#c6dbef', '#6baed6', '#2171b5', '#08306b'],
  ['#deebf7', '#9ecae1', '#6baed6', '#2171b5', '#08306b'],
];

export const MAX_CLASSES = PALETTES.length - 1;

/**
 * Class thresholds by quantiles of `values`: at most `classes` classes, fewer when there are
 * fewer distinct values. A value's class is the number of thresholds at or below it.
 */
export function quantileThresholds(values: readonly number[], classes = MAX_CLASSES): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const distinct = new Set(sorted).size;
  const k = Math.min(classes, distinct);
  const min = sorted[0];
  if (k <= 1 || min === undefined) return [];
  const thresholds: number[] = [];
  for (let i = 1; i < k; i++) {
    // The R-7 quantile (linear between closest ranks), as d3.quantile computes it.
    const h = (sorted.length - 1) * (i / k);
    const lo = sorted[Math.floor(h)] as number;
    const hi = sorted[Math.ceil(h)] as number;
    let t = lo + (hi - lo) * (h - Math.floor(h));
    // Where many values are equal a quantile repeats; take the next value up so no class is empty.
    const floor = thresholds.at(-1) ?? min;
    if (t <= floor) {
      const next = sorted.find((v) => v > floor);
      if (next === undefined) break;
      t = next;
    }
    thresholds.push(t);
  }
  return thresholds;
}

export function classOf(value: number, thresholds: readonly number[]): number {
  return thresholds.filter((t) => t <= value).length;
}

/** Planar signed area of a lon/lat ring: negative when clockwise. */
function ringArea(ring: readonly number[][]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x1 = 0, y1 = 0] = ring[j] ?? [];
    const [x2 = 0, y2 = 0] = ring[i] ?? [];
    sum += (x2 - x1) * (y2 + y1);
  }
  // The shoelace formula in this form is positive for clockwise rings; flip so clockwise < 0.
  return -sum / 2;
}

function orient(ring: number[][], clockwise: boolean): number[][] {
  const isClockwise = ringArea(ring) < 0;
  return isClockwise === clockwise ? ring : [...ring].reverse();
}

/**
 * d3-geo reads polygons on the sphere: the outer ring clockwise, holes anticlockwise, the
 * opposite of RFC 7946's advice, which PDOK's GeoJSON may follow. A ring the wrong way round
 * would be drawn as the whole world minus the municipality; so every ring is put the d3 way.
 */
export function forD3(geometry: AreaGeometry): AreaGeometry {
  const polygon = (rings: number[][][]) => rings.map((ring, i) => orient(ring, i === 0));
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: polygon(geometry.coordinates) };
  return { type: 'MultiPolygon', coordinates: geometry.coordinates.map(polygon) };
}

interface MetricMapData {
  label: string;
  /** One entry per class, light to dark: its range of values and how many municipalities. */
  legend: { label: string; count: number }[];
  noData: number;
  /** By code: [class, text]; class -1 is no data and the text says why. Absent codes are left out. */
  values: Record<string, [number, string]>;
}

/** Everything the map shows for one figure: classes, legend, each municipality's text. */
export function mapData(
  metric: ScalarMetric,
  areas: readonly MapArea[],
  figureOf: (code: string, metric: ScalarMetric) => MapValue,
): MetricMapData {
  // Classed as shown: two municipalities that both read "88%" never fall in different classes.
  const entries = areas.map((a) => {
    const entry = figureOf(a.code, metric);
    return {
      code: a.code,
      entry: entry && 'value' in entry ? { value: roundedAsShown(metric, entry.value) } : entry,
    };
  });
  const known = entries.flatMap((e) => (e.entry && 'value' in e.entry ? [e.entry.value] : []));
  const thresholds = quantileThresholds(known);
  const classes = known.length === 0 ? 0 : thresholds.length + 1;
  const members: number[][] = Array.from({ length: classes }, () => []);
  const values: Record<string, [number, string]> = {};
  for (const { code, entry } of entries) {
    if (entry === null) continue;
    if ('value' in entry) {
      const cls = classOf(entry.value, thresholds);
      members[cls]?.push(entry.value);
      values[code] = [cls, formatValue(metric, entry.value)];
    } else {
      values[code] = [-1, `geen gegevens: ${entry.missing}`];
    }
  }
  const legend = members.map((m) => {
    const lo = formatValue(metric, Math.min(...m));
    const hi = formatValue(metric, Math.max(...m));
    return { label: lo === hi ? lo : `${lo} tot en met ${hi}`, count: m.length };
  });
  return { label: METRIC_INFO[metric].label, legend, noData: entries.length - known.length, values };
}

const NO_DATA_FILL = 'url(#map-nodata)';

function fillOf(cls: number, classes: number): string {
  return cls < 0 ? NO_DATA_FILL : (PALETTES[classes]?.[cls] ?? '#4292c6');
}

function legendItems(data: MetricMapData): SafeHtml {
  const palette = PALETTES[data.legend.length] ?? [];
  const swatch = (fill: string) =>
    html`<svg class="swatch" aria-hidden="true" focusable="false" width="22" height="14"><rect x="0.5" y="0.5" width="21" height="13" fill="${fill}" stroke="#4a4a4a"/></svg>`;
  const items = data.legend.map(
    (c, i) =>
      html`<li>${swatch(palette[i] ?? '#4292c6')}<span>${c.label} (${gemeenten(c.count)})</span></li>`,
  );
  return html`${items}<li>${raw(
    '<svg class="swatch" aria-hidden="true" focusable="false" width="22" height="14"><rect x="0.5" y="0.5" width="21" height="13" fill="url(#map-nodata)" stroke="#4a4a4a"/></svg>',
  )}<span>geen gegevens (${gemeenten(data.noData)})</span></li>`;
}

function gemeenten(count: number): string {
  return `${formatInteger(count)} ${count === 1 ? 'gemeente' : 'gemeenten'}`;
}

function description(data: MetricMapData, areas: number): string {
  return (
    `Kaart van Nederland met ${gemeenten(areas)}, gekleurd naar ${data.label.toLowerCase()}: ` +
    'hoe donkerder, hoe hoger. Gearceerd: geen gegevens. De cijfers staan in de tabel onder de kaart.'
  );
}

interface ChoroplethOptions {
  areas: readonly MapArea[];
  selected: ScalarMetric;
  figureOf: (code: string, metric: ScalarMetric) => MapValue;
  /** Why a municipality the yardstick does not know has no figure. */
  absent: string;
  /** Codes of the municipalities listed in the table (those in the yardstick). */
  tableCodes: ReadonlySet<string>;
  width?: number;
}

/**
 * The map section's body: the switch (hidden without JavaScript), the SVG, the legend, the table
 * of the municipalities with data and the embedded data with its script.
 */
export function choroplethMap(
  options: ChoroplethOptions & {
    metrics: readonly ScalarMetric[];
  },
): SafeHtml {
  const { areas, selected } = options;
  const metrics = options.metrics.includes(selected) ? options.metrics : [selected, ...options.metrics];
  const data = Object.fromEntries(metrics.map((m) => [m, mapData(m, areas, options.figureOf)])) as Record<
    string,
    MetricMapData
  >;
  const shown = data[selected] as MetricMapData;
  const absent: [number, string] = [-1, `geen gegevens: ${options.absent}`];
  const choices = metrics.map(
    (m) =>
      html`<option value="${m}"${m === selected ? raw(' selected') : ''}>${METRIC_INFO[m].label}</option>`,
  );
  const names = Object.fromEntries(areas.map((a) => [a.code, a.name]));
  const palettes = PALETTES.map((p) => [...p]);

  return html`<div class="map-control" id="map-control" hidden><label for="map-metric">Kleur de kaart naar</label> <select id="map-metric">${choices}</select></div>
${mapFigure(options, shown)}
${jsonScript('map-data', { selected, names, palettes, absent, metrics: data })}
<script>${raw(MAP_SCRIPT)}</script>`;
}

/**
 * The map of one figure without the switch and its script: the SVG, the legend, the table and
 * its note. For pages that run no script (a strict CSP): the figure is chosen by a form instead.
 */
export function choroplethFigure(options: ChoroplethOptions): SafeHtml {
  return mapFigure(options, mapData(options.selected, options.areas, options.figureOf));
}

function mapFigure(options: ChoroplethOptions, shown: MetricMapData): SafeHtml {
  const { areas } = options;
  const width = options.width ?? 560;
  const absent: [number, string] = [-1, `geen gegevens: ${options.absent}`];

  const features = areas.map((a) => ({
    type: 'Feature' as const,
    properties: { code: a.code },
    geometry: forD3(a.geometry),
  }));
  const collection = { type: 'FeatureCollection' as const, features };
  const projection = geoMercator();
  if (features.length > 0) projection.fitWidth(width, collection as GeoPermissibleObjects);
  const path = geoPath(projection).digits(1);
  const bottom = features.length > 0 ? path.bounds(collection as GeoPermissibleObjects)[1][1] : 0;
  const height = Math.max(10, Math.ceil(bottom));
  const classes = shown.legend.length;
  const paths = areas.map((a, i) => {
    const [cls, text] = shown.values[a.code] ?? absent;
    const d = path(features[i] as GeoPermissibleObjects) ?? '';
    return html`<path d="${d}" data-code="${a.code}" fill="${fillOf(cls, classes)}"><title>${a.name}: ${text}</title></path>\n`;
  });

  const rows = areas
    .filter((a) => options.tableCodes.has(a.code))
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'))
    .map((a) => {
      const [cls, text] = shown.values[a.code] ?? absent;
      const classLabel = cls < 0 ? 'geen gegevens' : (shown.legend[cls]?.label ?? '');
      return html`<tr data-code="${a.code}"><th scope="row">${a.name}</th><td class="v">${text}</td><td class="k">${classLabel}</td></tr>`;
    });
  const notListed = areas.length - rows.length;

  return html`<div class="map-wrap"><svg id="map" class="map" role="img" aria-labelledby="map-title map-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><title id="map-title">Kaart: ${shown.label} per gemeente</title><desc id="map-desc">${description(shown, areas.length)}</desc><defs><pattern id="map-nodata" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="#f3f3f3"/><line x1="0" y1="0" x2="0" y2="5" stroke="#8c8c8c" stroke-width="1.2"/></pattern></defs><g stroke="#ffffff" stroke-width="0.4" stroke-linejoin="round">
${paths}</g></svg>
<div class="map-legend"><h3 id="map-legend-title">Legenda: <span id="map-legend-metric">${shown.label}</span></h3><ul id="map-legend" aria-labelledby="map-legend-title">${legendItems(shown)}</ul><p class="note">Klassen naar kwantielen van de gemeenten met gegevens; hoe donkerder, hoe hoger.</p></div></div>
<table class="data" id="map-table"><caption>Gemeenten op de kaart met een account in de database: <span id="map-table-metric">${shown.label}</span></caption><thead><tr><th scope="col">Gemeente</th><th scope="col">Waarde</th><th scope="col">Klasse op de kaart</th></tr></thead><tbody>${rows}</tbody></table>
<p class="note">${notListed > 0 ? `De overige ${gemeenten(notListed)} hebben geen account in de database en staan gearceerd op de kaart.` : ''}</p>`;
}

/**
 * The switch, static text: it reads the JSON above and sets colours, titles, legend and table
 * with DOM methods and `textContent` only (no HTML is parsed from the data).
 */
const MAP_SCRIPT = `(function () {
  var dataEl = document.getElementById('map-data');
  var control = document.getElementById('map-control');
  var select = document.getElementById('map-metric');
  if (!dataEl || !control || !select) return;
  var data = JSON.parse(dataEl.textContent);
  var SVG = 'http://www.w3.org/2000/svg';
  function swatch(fill) {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'swatch'); svg.setAttribute('aria-hidden', 'true'); svg.setAttribute('focusable', 'false');
    svg.setAttribute('width', '22'); svg.setAttribute('height', '14');
    var rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('x', '0.5'); rect.setAttribute('y', '0.5'); rect.setAttribute('width', '21'); rect.setAttribute('height', '13');
    rect.setAttribute('fill', fill); rect.setAttribute('stroke', '#4a4a4a');
    svg.appendChild(rect);
    return svg;
  }
  function count(n) { return n + (n === 1 ? ' gemeente' : ' gemeenten'); }
  function apply(key) {
    var m = data.metrics[key];
    if (!m) return;
    var palette = data.palettes[m.legend.length] || [];
    var paths = document.querySelectorAll('#map path[data-code]');
    for (var i = 0; i < paths.length; i++) {
      var code = paths[i].getAttribute('data-code');
      var v = m.values[code] || data.absent;
      paths[i].setAttribute('fill', v[0] < 0 ? 'url(#map-nodata)' : palette[v[0]]);
      var title = paths[i].querySelector('title');
      if (title) title.textContent = data.names[code] + ': ' + v[1];
    }
    var rows = document.querySelectorAll('#map-table tr[data-code]');
    for (var j = 0; j < rows.length; j++) {
      var r = m.values[rows[j].getAttribute('data-code')] || data.absent;
      rows[j].querySelector('.v').textContent = r[1];
      rows[j].querySelector('.k').textContent = r[0] < 0 ? 'geen gegevens' : m.legend[r[0]].label;
    }
    document.getElementById('map-title').textContent = 'Kaart: ' + m.label + ' per gemeente';
    var desc = document.getElementById('map-desc');
    desc.textContent = desc.textContent.replace(/gekleurd naar [^:]*:/, 'gekleurd naar ' + m.label.toLowerCase() + ':');
    document.getElementById('map-legend-metric').textContent = m.label;
    document.getElementById('map-table-metric').textContent = m.label;
    var legend = document.getElementById('map-legend');
    while (legend.firstChild) legend.removeChild(legend.firstChild);
    function item(fill, text) {
      var li = document.createElement('li');
      li.appendChild(swatch(fill));
      var span = document.createElement('span');
      span.textContent = text;
      li.appendChild(span);
      legend.appendChild(li);
    }
    for (var k = 0; k < m.legend.length; k++) item(palette[k], m.legend[k].label + ' (' + count(m.legend[k].count) + ')');
    item('url(#map-nodata)', 'geen gegevens (' + count(m.noData) + ')');
  }
  select.addEventListener('change', function () { apply(select.value); });
  control.hidden = false;
  apply(select.value);
})();`;
