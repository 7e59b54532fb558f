import { type HtmlValue, html, type SafeHtml } from '../report/html.ts';

/**
 * A data table that may be wider than the screen: it scrolls sideways inside a region that has
 * the table's caption as its name and takes keyboard focus, so it can be scrolled without a mouse
 * (WCAG 2.1.1).
 */
export function scrollingTable(caption: string, rows: HtmlValue): SafeHtml {
  return html`<div class="meetlat-table-wrap" role="region" aria-label="${caption}" tabindex="0"><table class="utrecht-table">
<caption class="utrecht-table__caption">${caption}</caption>
${rows}</table></div>`;
}
