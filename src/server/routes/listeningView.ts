import { dutchDay } from '../../domain/dutchTime.ts';
import type { MessageKind } from '../../domain/message.ts';
import { formatInteger } from '../../report/format.ts';
import { type HtmlValue, html, type SafeHtml } from '../../report/html.ts';
import type { OrganisationMessage } from '../../search/messages.ts';
import type { HighlightTargets } from '../../search/query/index.ts';
import { highlighted } from '../../web/highlight.ts';
import type { Locale, MessageKey, Translate } from '../../web/i18n/index.ts';
import { inlineForm, timeHtml } from './audit.ts';
import { type Period, SENTIMENTS, webAddress } from './listening.ts';

/**
 * What listening's pages share: numbers, days and periods in words, platforms, kinds and
 * sentiment by name, the message list (text escaped with the query's hits marked, author, time,
 * platform, the original, the conversation, sentiment and its correction), checkbox and radio
 * groups, the error summary and paging.
 */

export function formatCount(value: number, locale: Locale): string {
  return locale === 'nl' ? formatInteger(value) : String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const DAY_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** `2025-05-01` as `1 mei 2025`. */
export function dayText(day: string, locale: Locale): string {
  return DAY_FORMATS[locale].format(new Date(`${day}T00:00:00Z`));
}

/** The Dutch days a period covers: its first and its last (the day before its end). */
export function periodDays(period: Period): { first: string; last: string } {
  return { first: dutchDay(period.from), last: dutchDay(new Date(period.to.getTime() - 1)) };
}

export function periodText(period: Period, locale: Locale, t: Translate): string {
  const { first, last } = periodDays(period);
  return t('listening.period.range', { from: dayText(first, locale), to: dayText(last, locale) });
}

const PLATFORM_NAMES: Readonly<Record<string, string>> = {
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  facebook: 'Facebook',
  instagram: 'Instagram',
  x: 'X',
  rss: 'RSS',
};

export function platformName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

const KIND_KEYS: Readonly<Record<MessageKind, MessageKey>> = {
  post: 'listening.kind.post',
  reply: 'listening.kind.reply',
  repost: 'listening.kind.repost',
  quote: 'listening.kind.quote',
  comment: 'listening.kind.comment',
  dm: 'listening.kind.dm',
};

export function kindName(kind: string, t: Translate): string {
  const key = KIND_KEYS[kind as MessageKind];
  return key ? t(key) : kind;
}

const SENTIMENT_KEYS: Readonly<Record<(typeof SENTIMENTS)[number], MessageKey>> = {
  positive: 'listening.sentiment.positive',
  neutral: 'listening.sentiment.neutral',
  negative: 'listening.sentiment.negative',
};

export function sentimentName(sentiment: string | null, t: Translate): string {
  const key = SENTIMENT_KEYS[sentiment as (typeof SENTIMENTS)[number]];
  return key ? t(key) : t('listening.sentiment.none');
}

// ---------------------------------------------------------------------------------------------
// The message list

export interface MessageListOptions {
  t: Translate;
  locale: Locale;
  csrf: string;
  /** What to mark in the texts; null: nothing. */
  targets: HighlightTargets | null;
  /** `/o/<code>`. */
  orgBase: string;
  /** The viewer may correct sentiment (a form per message). */
  canCorrect: boolean;
  /** Where a correction returns to (this page). */
  back: string;
  /** Links to each message's conversation (not on the conversation page itself). */
  conversationLinks: boolean;
  /** The message the page is about, marked as such. */
  current?: number;
}

function author(m: OrganisationMessage): { name: string; handle: string | null } {
  const handle = m.authorHandle ?? m.authorId;
  return { name: m.authorName || handle, handle: m.authorName ? handle : null };
}

function messageItem(m: OrganisationMessage, o: MessageListOptions): SafeHtml {
  const { t } = o;
  const who = author(m);
  const url = webAddress(m.url);
  const context = t('listening.message.of', { author: who.name });
  const correction = o.canCorrect
    ? inlineForm(
        `${o.orgBase}/berichten/${m.id}/sentiment`,
        o.csrf,
        html`<input type="hidden" name="terug" value="${o.back}">
<label class="utrecht-form-label" for="sentiment-${m.id}">${t('listening.message.correct')}<span class="meetlat-visually-hidden"> (${context})</span></label>
<select class="utrecht-select utrecht-select--html-select" id="sentiment-${m.id}" name="sentiment">${SENTIMENTS.map(
          (s) =>
            html`<option value="${s}"${s === m.sentiment ? html` selected` : ''}>${sentimentName(s, t)}</option>`,
        )}</select>
<button type="submit" class="utrecht-button utrecht-button--secondary-action">${t('listening.message.correctSubmit')}<span class="meetlat-visually-hidden"> (${context})</span></button>`,
      )
    : '';
  return html`<li class="meetlat-message${m.id === o.current ? ' meetlat-message--current' : ''}" id="bericht-${m.id}">
<p class="meetlat-message__meta"><strong>${who.name}</strong>${who.handle ? html` <span class="meetlat-muted">${who.handle}</span>` : ''} · ${timeHtml(m.createdAt, o.locale)} · ${platformName(m.platform)} · ${kindName(m.kind, t)}${m.id === o.current ? html` · <strong>${t('listening.conversation.this')}</strong>` : ''}</p>
<p class="meetlat-message__text">${highlighted(m.text, o.targets)}</p>
<div class="meetlat-message__foot"><p class="meetlat-message__meta">${t('listening.message.sentiment')}: <strong>${sentimentName(m.sentiment, t)}</strong>${m.corrected ? html` (${t('listening.message.corrected')})` : ''}${
    url
      ? html` · <a class="utrecht-link" href="${url}" rel="noopener noreferrer nofollow">${t('listening.message.original', { platform: platformName(m.platform) })}<span class="meetlat-visually-hidden"> (${context})</span></a>`
      : ''
  }${
    o.conversationLinks
      ? html` · <a class="utrecht-link" href="${o.orgBase}/gesprekken/${m.id}">${t('listening.message.conversation')}<span class="meetlat-visually-hidden"> (${context})</span></a>`
      : ''
  }</p>
${correction}</div>
</li>`;
}

export function messageList(messages: readonly OrganisationMessage[], o: MessageListOptions): SafeHtml {
  return html`<ol class="meetlat-messages">${messages.map((m) => messageItem(m, o))}</ol>`;
}

// ---------------------------------------------------------------------------------------------
// Form parts

interface Choice {
  value: string;
  label: string;
}

/** Checkboxes in a fieldset with a legend (and a hint or error tied to it). */
export function checkboxGroup(o: {
  name: string;
  legend: string;
  options: readonly Choice[];
  checked: readonly string[];
  idPrefix: string;
  hint?: string;
  error?: string | null;
  /** The boxes side by side. */
  inline?: boolean;
}): SafeHtml {
  const hintId = `${o.idPrefix}-${o.name}-hint`;
  const errorId = `${o.idPrefix}-${o.name}-error`;
  const described = [o.hint ? hintId : null, o.error ? errorId : null].filter(Boolean).join(' ');
  return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset meetlat-choices${o.inline ? ' meetlat-choices--inline' : ''}${o.error ? ' utrecht-form-fieldset--invalid' : ''}" id="${o.idPrefix}-${o.name}"${described ? html` aria-describedby="${described}"` : ''}>
<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${o.legend}</legend>
${o.hint ? html`<div class="utrecht-form-field-description" id="${hintId}">${o.hint}</div>` : ''}
${o.error ? html`<div class="utrecht-form-field-error-message" id="${errorId}">${o.error}</div>` : ''}
${o.options.map(
  (
    c,
  ) => html`<div class="utrecht-form-field utrecht-form-field--checkbox"><input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="${o.idPrefix}-${o.name}-${c.value}" name="${o.name}" value="${c.value}"${o.checked.includes(c.value) ? html` checked` : ''}>
<label class="utrecht-form-label utrecht-form-label--checkbox" for="${o.idPrefix}-${o.name}-${c.value}">${c.label}</label></div>`,
)}
</fieldset>`;
}

/** Radio buttons in a fieldset with a legend. */
export function radioGroup(o: {
  name: string;
  legend: string;
  options: readonly Choice[];
  value: string;
  idPrefix: string;
  error?: string | null;
}): SafeHtml {
  const errorId = `${o.idPrefix}-${o.name}-error`;
  return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset meetlat-choices${o.error ? ' utrecht-form-fieldset--invalid' : ''}" id="${o.idPrefix}-${o.name}"${o.error ? html` aria-describedby="${errorId}"` : ''}>
<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${o.legend}</legend>
${o.error ? html`<div class="utrecht-form-field-error-message" id="${errorId}">${o.error}</div>` : ''}
${o.options.map(
  (
    c,
  ) => html`<div class="utrecht-form-field utrecht-form-field--radio"><input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="${o.idPrefix}-${o.name}-${c.value}" name="${o.name}" value="${c.value}"${c.value === o.value ? html` checked` : ''}>
<label class="utrecht-form-label utrecht-form-label--radio" for="${o.idPrefix}-${o.name}-${c.value}">${c.label}</label></div>`,
)}
</fieldset>`;
}

/** The problems of a form at its top, each a link to its field. */
export function errorSummary(
  t: Translate,
  problems: readonly { href: string; text: string }[],
): SafeHtml | '' {
  if (problems.length === 0) return '';
  return html`<div class="utrecht-alert utrecht-alert--error" role="alert"><div class="utrecht-alert__content">
<h2 class="utrecht-heading-2">${t('form.errorsTitle')}</h2>
<ul class="utrecht-unordered-list">${problems.map((p) => html`<li><a class="utrecht-link" href="${p.href}">${p.text}</a></li>`)}</ul>
</div></div>`;
}

/** Links to the previous and next page of a list; `href(page)` makes each link. */
export function pager(
  t: Translate,
  page: number,
  pages: number,
  href: (page: number) => string,
  label: string,
): HtmlValue {
  if (pages <= 1) return '';
  return html`<nav class="meetlat-pager" aria-label="${label}"><p class="utrecht-paragraph">${
    page > 1
      ? html`<a class="utrecht-link" href="${href(page - 1)}" rel="prev">${t('listening.page.previous')}</a> `
      : ''
  }<span>${t('listening.page.of', { page, pages })}</span>${
    page < pages
      ? html` <a class="utrecht-link" href="${href(page + 1)}" rel="next">${t('listening.page.next')}</a>`
      : ''
  }</p></nav>`;
}
