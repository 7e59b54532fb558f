import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationItem,
} from '../../alerts/notifications.ts';
import { notificationText } from '../../alerts/texts.ts';
import { dutchDay } from '../../domain/dutchTime.ts';
import { html, type SafeHtml } from '../../report/html.ts';
import { postForm, submitButton } from '../../web/forms.ts';
import type { Locale, MessageKey, Translate } from '../../web/i18n/index.ts';
import { localeOf, localPath, seeOther, sendPage, translate } from '../../web/render.ts';
import { routes } from '../access.ts';
import { HttpError } from '../errors.ts';
import { notificationParams } from './alerts.ts';
import { inlineForm, orgOf, timeHtml } from './audit.ts';
import { viewerId } from './listening.ts';
import { backPath, listeningBase, noticeOf, orgBase, withNotice } from './listeningPages.ts';
import { formatCount } from './listeningView.ts';

/**
 * The user's notifications in an organisation, at `/o/:org/meldingen`: newest first, a page at a
 * time (`?voor=<id>`: those older than that one), the unread ones marked, each in the reader's
 * language with its episode (start, end or still going on, messages) and a link to its saved
 * search's dashboard over the episode's days; a form to mark one read, and one to mark all read.
 * Reading is the user's own state, not the organisation's: it is not audited.
 */

const PAGE_SIZE = 25;

const NOTICES: Readonly<Record<string, MessageKey>> = {
  gelezen: 'alerts.notice.read',
  allesgelezen: 'alerts.notice.allRead',
};

function item(
  n: NotificationItem,
  o: { t: Translate; locale: Locale; csrf: string; org: string; listening: string; back: string },
): SafeHtml {
  const { t, locale } = o;
  const text = notificationText(locale, n.message);
  const days = new URLSearchParams({
    van: dutchDay(n.episode.startedAt),
    tot: dutchDay(n.episode.endedAt ?? n.episode.lastSeenAt),
  });
  const context = html`<span class="meetlat-visually-hidden"> (${text.title})</span>`;
  return html`<li class="meetlat-message meetlat-notification${n.read ? '' : ' meetlat-notification--unread'}" id="melding-${n.id}" data-read="${String(n.read)}">
<h2 class="utrecht-heading-3 meetlat-notification__title">${n.read ? '' : html`<span class="meetlat-badge meetlat-badge--new">${t('alerts.inbox.new')}</span> `}<a class="utrecht-link" href="${o.listening}/${n.searchId}?${days.toString()}">${text.title}</a></h2>
<p class="meetlat-message__text">${text.body}</p>
<div class="meetlat-message__foot"><p class="meetlat-message__meta">${t('alerts.inbox.search')}: ${n.searchName} · ${t('alerts.inbox.started')}: ${timeHtml(n.episode.startedAt, locale)} · ${t('alerts.inbox.ended')}: ${n.episode.endedAt ? timeHtml(n.episode.endedAt, locale) : t('alerts.inbox.ongoing')} · ${t('alerts.inbox.messages')}: ${formatCount(n.episode.messageCount, locale)}</p>
${
  n.read
    ? ''
    : inlineForm(
        `${o.org}/meldingen/${n.id}/gelezen`,
        o.csrf,
        html`<input type="hidden" name="terug" value="${o.back}"><button type="submit" class="utrecht-button utrecht-button--secondary-action">${t('alerts.inbox.markRead')}${context}</button>`,
      )
}</div>
</li>`;
}

export const notificationPageRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/meldingen',
    kind: 'page',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      querystring: {
        type: 'object',
        properties: {
          voor: { type: 'integer', minimum: 1 },
          melding: { type: 'string', maxLength: 40 },
        },
      },
    },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const t = translate(request);
      const locale = localeOf(request);
      const before = (request.query as { voor?: number }).voor;
      const found = await listNotifications(context.db, org.id, viewerId(request), {
        limit: PAGE_SIZE + 1,
        beforeId: before,
      });
      const shown = found.notifications.slice(0, PAGE_SIZE);
      const older = found.notifications.length > PAGE_SIZE ? shown.at(-1)?.id : undefined;
      const base = `${orgBase(org)}/meldingen`;
      return sendPage(request, reply, context, {
        title: t('alerts.inbox.title'),
        active: 'notifications',
        notice: noticeOf(request, t, NOTICES),
        main: (csrf) => html`<p class="utrecht-paragraph">${t('alerts.inbox.intro')}</p>
<p class="utrecht-paragraph" id="ongelezen" data-unread="${found.unread}">${t('alerts.inbox.unread', { count: formatCount(found.unread, locale) })}</p>
${found.unread > 0 ? postForm(`${base}/gelezen`, csrf, submitButton(t('alerts.inbox.markAll'), 'secondary'), t('alerts.inbox.markAll')) : ''}
${
  shown.length === 0
    ? html`<p class="utrecht-paragraph">${t(before ? 'alerts.inbox.noMore' : 'alerts.inbox.none')}</p>`
    : html`<ol class="meetlat-messages" id="meldingen">${shown.map((n) =>
        item(n, {
          t,
          locale,
          csrf,
          org: orgBase(org),
          listening: listeningBase(org),
          back: backPath(request),
        }),
      )}</ol>`
}
${
  older || before
    ? html`<nav class="meetlat-pager" aria-label="${t('alerts.inbox.paging')}"><p class="utrecht-paragraph">${before ? html`<a class="utrecht-link" href="${base}">${t('alerts.inbox.newest')}</a> ` : ''}${older ? html`<a class="utrecht-link" href="${base}?voor=${older}" rel="next">${t('alerts.inbox.older')}</a>` : ''}</p></nav>`
    : ''
}`,
      });
    },
  },
  {
    method: 'POST',
    url: '/o/:org/meldingen/gelezen',
    kind: 'form',
    access: { kind: 'org', permission: 'messages.read' },
    async handler(request, reply, context) {
      const org = orgOf(request);
      await markAllNotificationsRead(context.db, org.id, viewerId(request));
      return seeOther(reply, `${orgBase(org)}/meldingen?melding=allesgelezen`);
    },
  },
  {
    method: 'POST',
    url: '/o/:org/meldingen/:notificationId/gelezen',
    kind: 'form',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      params: notificationParams,
      body: {
        type: 'object',
        properties: { terug: { type: 'string', maxLength: 4000 }, _csrf: { type: 'string' } },
      },
    },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const { notificationId } = request.params as { notificationId: number };
      if (!(await markNotificationRead(context.db, org.id, viewerId(request), notificationId)))
        throw new HttpError(404, 'not_found');
      // Back to the page of notifications it was on (and nowhere else).
      const base = `${orgBase(org)}/meldingen`;
      const back = localPath((request.body as { terug?: string } | undefined)?.terug);
      const path = back === base || back.startsWith(`${base}?`) ? back : base;
      return seeOther(reply, withNotice(path, 'gelezen', `#melding-${notificationId}`));
    },
  },
]);
