import { allows } from '../identity/roles.ts';
import { type HtmlValue, html, type SafeHtml } from '../report/html.ts';
import type { OrgScope, Viewer } from '../server/access.ts';
import type { Locale, MessageKey, Translate } from './i18n/index.ts';

/**
 * The page frame every HTML page shares: skip link, header with organisation and user menu,
 * the navigation of the five jobs (and the organisation's administration, for those who may),
 * main content, footer. Server-rendered, no inline script or style (the CSP forbids both), built
 * with the NL Design System's Utrecht components and the "Mooi & Anders" community theme.
 */
export interface PageFrame {
  t: Translate;
  locale: Locale;
  title: string;
  viewer: Viewer | null;
  org: OrgScope | null;
  /** The navigation entry to mark as the current page. */
  active?: NavEntry;
  /** The CSRF token for forms on this page (logout, language). */
  csrfToken: string;
  /** The path of this page, to come back to after switching language. */
  path: string;
  notice?: { kind: 'ok' | 'info' | 'warning' | 'error'; text: string } | null;
  /** The viewer's unread notifications in the organisation (a badge in the navigation); null: not counted. */
  unread?: number | null;
  /** Scripts of Meetlat's own (`/assets/…`), for pages that are better with one; none needs it. */
  scripts?: readonly string[];
  main: HtmlValue;
}

export type NavEntry =
  | 'home'
  | 'listening'
  | 'webcare'
  | 'yardstick'
  | 'growth'
  | 'publish'
  | 'notifications'
  | 'settings'
  | 'channels'
  | 'members'
  | 'audit'
  | 'account'
  | 'organisations';

export const ASSETS = ['/assets/nlds.css', '/assets/theme.css', '/assets/meetlat.css'] as const;

export function renderPage(frame: PageFrame): string {
  const { t } = frame;
  return `<!doctype html>\n${html`<html lang="${frame.locale}" class="ma-theme utrecht-theme">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} – ${t('app.name')}</title>
${ASSETS.map((href) => html`<link rel="stylesheet" href="${href}">`)}
${(frame.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body class="utrecht-page-body utrecht-document utrecht-surface">
<a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">${t('skip.toMain')}</a>
<header class="utrecht-page-header meetlat-header">
  <div class="meetlat-header__inner">
    <a class="meetlat-brand utrecht-link" href="/">${t('app.name')}</a>
    ${frame.org ? html`<span class="meetlat-org"><span class="meetlat-visually-hidden">${t('org.current')}: </span>${frame.org.name}</span>` : ''}
    <div class="meetlat-tools">
      ${languageSwitch(frame)}
      ${frame.viewer ? userMenu(frame) : ''}
    </div>
  </div>
</header>
${frame.viewer ? navigation(frame) : ''}
<main id="inhoud" class="utrecht-page-content meetlat-main" tabindex="-1">
<h1 class="utrecht-heading-1">${frame.title}</h1>
${frame.notice ? alert(frame.notice.kind, frame.notice.text) : ''}
${frame.main}
</main>
<footer class="utrecht-page-footer meetlat-footer"><p class="utrecht-paragraph utrecht-paragraph--small">${t('app.name')} · ${t('app.tagline')}</p></footer>
</body>
</html>`}\n`;
}

function languageSwitch(frame: PageFrame): SafeHtml {
  const { t } = frame;
  return html`<form method="post" action="/taal" class="meetlat-inline-form">
  <input type="hidden" name="_csrf" value="${frame.csrfToken}">
  <input type="hidden" name="taal" value="${t('lang.otherCode')}">
  <input type="hidden" name="terug" value="${frame.path}">
  <button type="submit" class="utrecht-button utrecht-button--subtle" lang="${t('lang.otherCode')}">${t('lang.submit')}</button>
</form>`;
}

function userMenu(frame: PageFrame): SafeHtml {
  const { t, viewer } = frame;
  return html`<a class="utrecht-link" href="/account"${frame.active === 'account' ? html` aria-current="page"` : ''}>${t('nav.account')}<span class="meetlat-visually-hidden"> (${viewer?.user.name ?? ''})</span></a>
<form method="post" action="/uitloggen" class="meetlat-inline-form">
  <input type="hidden" name="_csrf" value="${frame.csrfToken}">
  <button type="submit" class="utrecht-button utrecht-button--secondary-action">${t('nav.logout')}</button>
</form>`;
}

interface NavLink {
  entry: NavEntry;
  key: MessageKey;
  href: string;
}

function navigation(frame: PageFrame): SafeHtml {
  const { t, org, viewer } = frame;
  const links: NavLink[] = [];
  if (org) {
    const base = `/o/${encodeURIComponent(org.code)}`;
    links.push(
      { entry: 'home', key: 'nav.home', href: base },
      { entry: 'listening', key: 'nav.listening', href: `${base}/luisteren` },
      { entry: 'webcare', key: 'nav.webcare', href: `${base}/webcare` },
      { entry: 'yardstick', key: 'nav.yardstick', href: `${base}/meetlat` },
      { entry: 'growth', key: 'nav.growth', href: `${base}/groeimodel` },
      { entry: 'publish', key: 'nav.publish', href: `${base}/publiceren` },
    );
  } else {
    links.push({ entry: 'organisations', key: 'nav.organisations', href: '/' });
  }
  const admin: NavLink[] = [];
  if (org && viewer) {
    const base = `/o/${encodeURIComponent(org.code)}`;
    const can = (p: Parameters<typeof allows>[2]) => allows(org.role, viewer.user.superbeheerder, p);
    if (can('channels.manage') || can('org.view'))
      admin.push({ entry: 'channels', key: 'nav.channels', href: `${base}/kanalen` });
    if (can('org.settings'))
      admin.push({ entry: 'settings', key: 'nav.settings', href: `${base}/instellingen` });
    if (can('members.manage'))
      admin.push({ entry: 'members', key: 'nav.members', href: `${base}/gebruikers` });
    if (can('audit.read')) admin.push({ entry: 'audit', key: 'nav.audit', href: `${base}/logboek` });
  }
  const item = (link: NavLink) =>
    html`<li class="utrecht-nav-list__item"><a class="utrecht-nav-list__link utrecht-link" href="${link.href}"${link.entry === frame.active ? html` aria-current="page"` : ''}>${t(link.key)}</a></li>`;
  const notifications = org
    ? html`<li class="utrecht-nav-list__item"><a class="utrecht-nav-list__link utrecht-link" href="/o/${encodeURIComponent(org.code)}/meldingen"${frame.active === 'notifications' ? html` aria-current="page"` : ''}>${t('alerts.nav')}${
        frame.unread
          ? html` <span class="meetlat-badge" data-unread="${frame.unread}">${frame.unread > 99 ? '99+' : frame.unread}<span class="meetlat-visually-hidden"> ${t('alerts.nav.unread')}</span></span>`
          : ''
      }</a></li>`
    : '';
  const switchOrg =
    org && viewer && (viewer.memberships.length > 1 || viewer.user.superbeheerder)
      ? html`<li class="utrecht-nav-list__item"><a class="utrecht-nav-list__link utrecht-link" href="/">${t('org.switch')}</a></li>`
      : '';
  return html`<nav class="utrecht-nav-bar meetlat-nav" aria-label="${t('nav.label')}">
  <ul class="utrecht-nav-list">${links.map(item)}${notifications}${switchOrg}</ul>
  ${admin.length > 0 ? html`<ul class="utrecht-nav-list meetlat-nav__admin" aria-label="${t('nav.admin')}">${admin.map(item)}</ul>` : ''}
</nav>`;
}

export function alert(kind: 'ok' | 'info' | 'warning' | 'error', text: HtmlValue): SafeHtml {
  const role = kind === 'error' ? 'alert' : 'status';
  return html`<div class="utrecht-alert utrecht-alert--${kind}" role="${role}"><div class="utrecht-alert__content"><p class="utrecht-paragraph">${text}</p></div></div>`;
}
