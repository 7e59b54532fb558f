/**
 * The report's stylesheet, inline: sober, in the spirit of the Rijkshuisstijl and the NL Design
 * System (dark "lintblauw" #154273 as the accent, black text on white, system fonts, clear
 * tables). Every text colour has at least 4.5:1 contrast on its background. Print: A4, each
 * organisation on a new page.
 */
export const REPORT_CSS = `
:root { --ink: #154273; --text: #1f1f1f; --muted: #4a4a4a; --line: #b4b4b4; --band: #e8eef5; }
* { box-sizing: border-box; }
html { font-family: Verdana, "Segoe UI", Arial, sans-serif; font-size: 15px; line-height: 1.5; color: var(--text); background: #ffffff; }
body { margin: 0; }
a { color: var(--ink); }
a:focus-visible, select:focus-visible, [tabindex]:focus-visible { outline: 3px solid #000000; outline-offset: 2px; }
.skip { position: absolute; left: -10000px; top: 0; background: #ffffff; color: var(--ink); padding: 0.5rem 1rem; z-index: 10; }
.skip:focus { left: 1rem; top: 1rem; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.site { background: var(--ink); color: #ffffff; padding: 0.9rem 1.5rem; }
header.site .brand { font-weight: bold; font-size: 1.3rem; margin: 0; }
header.site p { margin: 0.2rem 0 0; }
.page { max-width: 62rem; margin: 0 auto; padding: 0 1.5rem 2rem; }
nav.toc { border-bottom: 1px solid var(--line); padding: 0.5rem 0 1rem; }
nav.toc h2 { font-size: 1.1rem; }
nav.toc ol { columns: 2 16rem; margin: 0; padding-left: 1.5rem; }
h1 { color: var(--ink); font-size: 1.9rem; line-height: 1.25; margin: 1.5rem 0 0.5rem; }
h2 { color: var(--ink); font-size: 1.5rem; margin: 2rem 0 0.6rem; border-bottom: 2px solid var(--ink); padding-bottom: 0.2rem; }
h3 { color: var(--ink); font-size: 1.25rem; margin: 1.5rem 0 0.4rem; }
h4 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
.lead { font-size: 1.2rem; font-weight: bold; margin: 0.3rem 0; }
.meta, .note { color: var(--muted); font-size: 0.9rem; }
.summary { background: var(--band); border-left: 4px solid var(--ink); padding: 0.6rem 0.9rem; }
table.data { border-collapse: collapse; margin: 0.6rem 0 1rem; font-size: 0.85rem; width: 100%; }
table.data caption { text-align: left; font-weight: bold; padding: 0.3rem 0; caption-side: top; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.45rem; text-align: left; vertical-align: top; }
table.data thead th { background: var(--ink); color: #ffffff; font-weight: bold; }
table.data tbody th { font-weight: normal; }
table.data tr.group th { background: var(--band); font-weight: bold; color: var(--text); }
table.data td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.data tr.total th, table.data tr.total td { font-weight: bold; border-top: 2px solid var(--ink); }
.missing { color: #555555; font-style: italic; }
td.missing { font-size: 0.8rem; }
.prev { display: block; white-space: normal; color: var(--muted); font-size: 0.78rem; }
.dir { display: block; color: var(--muted); font-size: 0.75rem; }
.chart { margin: 0.6rem 0 1rem; }
figure.trend { margin: 0.8rem 0; break-inside: avoid; }
figure.trend figcaption { font-weight: bold; font-size: 0.9rem; margin-bottom: 0.2rem; }
svg.chart-svg, svg.map { max-width: 100%; height: auto; display: block; }
svg.chart-svg text { font-family: Verdana, Arial, sans-serif; font-size: 12px; fill: #1f1f1f; }
svg.chart-svg text.s { font-size: 11px; }
svg.chart-svg text.m { font-size: 11px; fill: #4a4a4a; }
svg.chart-svg text.e { text-anchor: end; }
svg.chart-svg text.c { text-anchor: middle; }
svg.chart-svg .g { stroke: #c8c8c8; }
.map-wrap { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
.map-legend { flex: 1 1 14rem; }
.map-legend h3 { font-size: 1rem; margin-top: 0; }
.map-legend ul { list-style: none; padding: 0; margin: 0; }
.map-legend li { display: flex; align-items: center; gap: 0.5rem; margin: 0.2rem 0; font-size: 0.9rem; }
.map-control { margin: 0.5rem 0 1rem; }
.map-control select { font: inherit; padding: 0.2rem; }
footer.site { border-top: 1px solid var(--line); margin-top: 2rem; padding: 1rem 1.5rem; color: var(--muted); font-size: 0.85rem; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  html { font-size: 10pt; }
  .skip, nav.toc, .map-control { display: none !important; }
  header.site { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .page { max-width: none; padding: 0; }
  section.map-section, article.org-page, section.method { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  .chart, tr, .summary { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
