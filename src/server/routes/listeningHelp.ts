import { html, type SafeHtml } from '../../report/html.ts';
import type { MessageKey, Translate } from '../../web/i18n/index.ts';
import { sendPage, translate } from '../../web/render.ts';
import { scrollingTable } from '../../web/tables.ts';
import { routes } from '../access.ts';
import { orgOf } from './audit.ts';
import { listeningBase } from './listeningPages.ts';

/**
 * The query language explained with examples (the README's table, in the page's language); each
 * example is a link that runs it as a search.
 */

const HELP_ROWS: readonly { example: string; finds: MessageKey }[] = [
  { example: 'afval container', finds: 'listening.help.and' },
  { example: 'afval OR vuil', finds: 'listening.help.or' },
  { example: 'afval -glas', finds: 'listening.help.not' },
  { example: '(afval OR vuil) straat', finds: 'listening.help.group' },
  { example: '"niet opgehaald"', finds: 'listening.help.phrase' },
  { example: 'vergunn*', finds: 'listening.help.prefix' },
  { example: '#afval', finds: 'listening.help.hashtag' },
  { example: '@gemeenteutrecht', finds: 'listening.help.mention' },
  { example: 'from:gemeenteutrecht', finds: 'listening.help.from' },
  { example: 'platform:mastodon', finds: 'listening.help.platform' },
  { example: 'lang:nl', finds: 'listening.help.lang' },
  { example: 'kind:reactie', finds: 'listening.help.kind' },
  { example: 'after:2025-03-01 before:2025-04-01', finds: 'listening.help.dates' },
];

function helpPage(base: string, t: Translate): SafeHtml {
  return html`<p class="utrecht-paragraph">${t('listening.help.intro')}</p>
${scrollingTable(
  t('listening.help.caption'),
  html`<thead class="utrecht-table__header"><tr class="utrecht-table__row">
<th scope="col" class="utrecht-table__header-cell">${t('listening.help.col.type')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('listening.help.col.finds')}</th>
</tr></thead>
<tbody class="utrecht-table__body">${HELP_ROWS.map(
    (row) => html`<tr class="utrecht-table__row">
<th scope="row" class="utrecht-table__header-cell"><a class="utrecht-link meetlat-code" href="${base}?${new URLSearchParams({ q: row.example }).toString()}#resultaten">${row.example}</a></th>
<td class="utrecht-table__cell">${t(row.finds)}</td>
</tr>`,
  )}</tbody>`,
)}
<h2 class="utrecht-heading-2">${t('listening.help.more.title')}</h2>
<ul class="utrecht-unordered-list">
<li>${t('listening.help.more.words')}</li>
<li>${t('listening.help.more.text')}</li>
<li>${t('listening.help.more.errors')}</li>
<li>${t('listening.help.more.limits')}</li>
<li>${t('listening.help.more.scope')}</li>
<li>${t('listening.help.more.sentiment')}</li>
</ul>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${base}">${t('listening.back')}</a></p>`;
}

export const listeningHelpRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/luisteren/hulp',
    kind: 'page',
    access: { kind: 'org', permission: 'messages.read' },
    async handler(request, reply, context) {
      const t = translate(request);
      return sendPage(request, reply, context, {
        title: t('listening.help.title'),
        active: 'listening',
        main: () => helpPage(listeningBase(orgOf(request)), t),
      });
    },
  },
]);
