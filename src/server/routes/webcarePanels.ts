import type { FastifyRequest } from 'fastify';
import { ERROR_KIND_DUTCH } from '../../channels/errors.ts';
import { html, type SafeHtml } from '../../report/html.ts';
import type { CannedAnswer } from '../../store/cannedAnswers.ts';
import type { CaseDetail, CaseEvent, CaseMessage } from '../../store/caseDetail.ts';
import { csrfField, postForm, selectField, submitButton, textArea, textField } from '../../web/forms.ts';
import type { Locale, Translate } from '../../web/i18n/index.ts';
import { CASE_STATUSES, type CaseStatus } from '../../webcare/placement.ts';
import type { AfterReply, Draft, ReplyProblem } from '../../webcare/replies.ts';
import { timeHtml } from './audit.ts';
import { webAddress } from './listening.ts';
import { errorSummary, platformName, radioGroup, sentimentName } from './listeningView.ts';
import { caseActor, replyProblemText } from './webcare.ts';

import { base, casePath, STATUS_KEYS } from './webcareView.ts';

/**
 * The parts of a case's page: the trail's entries in words, a message of the conversation, the
 * actions (take, assign, status, labels, note) and the composer (canned answers, preview, send,
 * the replies sent and failed with a retry).
 */

export function trailText(e: CaseEvent, t: Translate): string {
  const d = e.details as Record<string, string | null | undefined>;
  const status = (s: unknown) =>
    typeof s === 'string' && s in STATUS_KEYS ? t(STATUS_KEYS[s as CaseStatus]) : String(s);
  switch (e.kind) {
    case 'opened':
      return t('webcare.trail.opened');
    case 'reopened':
      return t('webcare.trail.reopened');
    case 'claimed':
      return t('webcare.trail.claimed');
    case 'assigned':
      return d.assignee
        ? t('webcare.trail.assigned', { assignee: d.assignee })
        : t('webcare.trail.unassigned');
    case 'status':
      if (d.reason === 'auto_resolved') return t('webcare.trail.statusAuto');
      return t(d.reason === 'answered' ? 'webcare.trail.statusAnswered' : 'webcare.trail.status', {
        from: status(d.from),
        to: status(d.to),
      });
    case 'labelled':
      return t('webcare.trail.labelled');
    case 'note':
      return t('webcare.trail.note', { text: String(d.text ?? '') });
    case 'replied':
      return t('webcare.trail.replied');
    case 'reply_failed':
      return t('webcare.trail.replyFailed', { reason: String(d.reason ?? d.kind ?? '') });
    default:
      return e.kind;
  }
}

export function messageItem(m: CaseMessage, t: Translate, locale: Locale): SafeHtml {
  const name = m.authorName || m.authorHandle || m.authorId;
  const url = webAddress(m.url);
  return html`<li class="meetlat-message${m.own ? ' meetlat-message--own' : ''}${m.inCase ? ' meetlat-message--in-case' : ''}" id="bericht-${m.id}">
<p class="meetlat-message__meta"><strong>${name}</strong>${m.authorHandle && m.authorName ? html` <span class="meetlat-muted">${m.authorHandle}</span>` : ''} · ${timeHtml(m.createdAt, locale)}${m.own ? html` · ${t('webcare.message.own')}` : ''}${m.inCase ? html` · ${t('webcare.message.inCase')}` : ''}</p>
<p class="meetlat-message__text">${m.text}</p>
<p class="meetlat-message__meta">${sentimentName(m.sentiment, t)}${url ? html` · <a class="utrecht-link" href="${url}" rel="noopener noreferrer nofollow">${t('webcare.message.original', { platform: platformName(m.platform) })}<span class="meetlat-visually-hidden"> (${name})</span></a>` : ''}</p>
</li>`;
}

export function actionsPanel(
  request: FastifyRequest,
  d: CaseDetail,
  csrf: string,
  t: Translate,
  workers: { id: number; name: string }[],
  categories: readonly string[],
): SafeHtml {
  const c = d.case;
  const path = casePath(request, c.id);
  const version = html`<input type="hidden" name="versie" value="${c.version}">`;
  const me = caseActor(request).userId;
  const claim =
    c.assignee === null
      ? postForm(`${path}/nemen`, csrf, submitButton(t('webcare.claim')), t('webcare.claim'))
      : c.assignee.id === me
        ? html`<p class="utrecht-paragraph">${t('webcare.claim.mine')}</p>`
        : '';
  return html`<section aria-labelledby="behandelen" class="meetlat-panel"><h2 class="utrecht-heading-2" id="behandelen">${t('webcare.actions')}</h2>
${claim}
${postForm(
  `${path}/toewijzen`,
  csrf,
  html`${version}${selectField({ name: 'behandelaar', label: t('webcare.assign'), value: c.assignee ? String(c.assignee.id) : '', options: [{ value: '', label: t('webcare.nobody') }, ...workers.map((w) => ({ value: String(w.id), label: w.name }))], idPrefix: 'toewijzen' })}${submitButton(t('webcare.assign.submit'), 'secondary')}`,
  t('webcare.assign'),
)}
${postForm(
  `${path}/status`,
  csrf,
  html`${version}${selectField({ name: 'status', label: t('webcare.status.change'), value: c.status, options: CASE_STATUSES.map((s) => ({ value: s, label: t(STATUS_KEYS[s]) })), idPrefix: 'status' })}${submitButton(t('webcare.status.submit'), 'secondary')}`,
  t('webcare.status.change'),
)}
${postForm(
  `${path}/labels`,
  csrf,
  html`${version}${selectField({ name: 'categorie', label: t('webcare.case.category'), value: c.category ?? '', options: [{ value: '', label: t('webcare.labels.none') }, ...categories.map((x) => ({ value: x, label: x }))], idPrefix: 'labels' })}
${textField({ name: 'labels', label: t('webcare.labels.tags'), value: c.tags.join(', '), hint: t('webcare.labels.tags.hint'), maxlength: 1000, idPrefix: 'labels' })}${submitButton(t('webcare.labels.submit'), 'secondary')}`,
  t('webcare.labels'),
)}
${postForm(
  `${path}/notitie`,
  csrf,
  html`${textArea({ name: 'tekst', label: t('webcare.note'), hint: t('webcare.note.hint'), maxlength: 5000, rows: 3, idPrefix: 'notitie' })}${submitButton(t('webcare.note.submit'), 'secondary')}`,
  t('webcare.note'),
)}
</section>`;
}

export function composerPanel(
  request: FastifyRequest,
  d: CaseDetail,
  csrf: string,
  t: Translate,
  locale: Locale,
  composer: {
    text: string;
    after: AfterReply;
    preview: boolean;
    draft: Draft | null;
    problems: ReplyProblem[];
  },
  canned: readonly CannedAnswer[],
): SafeHtml {
  const c = d.case;
  const path = casePath(request, c.id);
  const isBlocking = (p: ReplyProblem) => p.problem === 'no_channel' || p.problem === 'no_reply';
  const blocking = composer.problems.filter(isBlocking);
  // Before anything was typed, an empty text is no problem to show.
  const shown =
    composer.preview || composer.text !== '' ? composer.problems.filter((p) => !isBlocking(p)) : [];
  const draft = composer.draft;
  const target = [...d.conversation].reverse().find((m) => m.inCase);
  const citizen = target
    ? (target.authorHandle ?? target.authorName ?? target.authorId)
    : t('webcare.unknownCitizen');
  const length = draft
    ? draft.maxLength !== null
      ? t('webcare.reply.limit', { length: draft.length, max: draft.maxLength })
      : t('webcare.reply.noLimit', { length: draft.length })
    : '';
  const replies = d.replies.length
    ? html`<h3 class="utrecht-heading-3">${t('webcare.replies')}</h3><ol class="meetlat-messages">${d.replies.map(
        (r) => html`<li class="meetlat-message meetlat-reply meetlat-reply--${r.state}" id="antwoord-${r.id}">
<p class="meetlat-message__meta"><strong>${t(`webcare.reply.state.${r.state}`)}</strong> · ${timeHtml(r.sentAt ?? r.createdAt, locale)} · ${t('webcare.reply.by', { name: r.authorName, attempts: r.attempts })}</p>
<p class="meetlat-message__text">${r.text}</p>
${r.state === 'failed' ? html`<p class="utrecht-paragraph meetlat-error-text">${t('webcare.reply.failedReason', { reason: r.errorKind && r.errorKind in ERROR_KIND_DUTCH ? ERROR_KIND_DUTCH[r.errorKind as keyof typeof ERROR_KIND_DUTCH] : (r.errorKind ?? ''), message: r.errorText ?? '' })}</p>` : ''}
${r.state !== 'sent' ? postForm(`${path}/antwoorden/${r.id}/opnieuw`, csrf, submitButton(t('webcare.reply.retry'), 'secondary'), t('webcare.reply.retry')) : ''}
${r.url && webAddress(r.url) ? html`<p class="meetlat-message__meta"><a class="utrecht-link" href="${webAddress(r.url) ?? ''}" rel="noopener noreferrer nofollow">${t('webcare.reply.view', { platform: platformName(c.platform) })}</a></p>` : ''}
</li>`,
      )}</ol>`
    : '';
  if (blocking.length > 0) {
    return html`<section aria-labelledby="antwoorden" class="meetlat-panel"><h2 class="utrecht-heading-2" id="antwoorden">${t('webcare.reply')}</h2>
<p class="utrecht-paragraph">${blocking[0]?.problem === 'no_reply' ? t('webcare.reply.native', { platform: platformName(c.platform) }) : t('webcare.error.no_channel')}</p>${replies}</section>`;
  }
  return html`<section aria-labelledby="antwoorden" class="meetlat-panel"><h2 class="utrecht-heading-2" id="antwoorden">${t('webcare.reply')}</h2>
<p class="utrecht-paragraph">${t('webcare.reply.to', { citizen, platform: platformName(c.platform), account: c.accountHandle ?? '' })}</p>
${canned.length > 0 ? html`<nav aria-label="${t('webcare.reply.canned')}"><ul class="utrecht-unordered-list meetlat-inline-list">${canned.map((a) => html`<li><a class="utrecht-link" href="${path}?antwoord=${a.id}#antwoord-tekst">${t('webcare.reply.useCanned', { title: a.title })}</a></li>`)}</ul></nav>` : ''}
${errorSummary(
  t,
  shown.map((p) => ({ href: '#antwoord-tekst', text: replyProblemText(p, t) })),
)}
${composer.preview && draft && shown.length === 0 ? html`<div class="utrecht-alert utrecht-alert--info meetlat-preview" role="status"><div class="utrecht-alert__content"><h3 class="utrecht-heading-3">${t('webcare.reply.previewTitle')}</h3><p class="meetlat-message__text">${draft.text}</p><p class="utrecht-paragraph">${length}</p></div></div>` : ''}
<form method="post" action="${path}/antwoord" class="meetlat-form" aria-label="${t('webcare.reply')}">${csrfField(csrf)}
${textArea({ name: 'tekst', label: t('webcare.reply.text'), value: composer.text, hint: `${t('webcare.reply.hint', { signature: draft?.signature || '–' })} ${length}`, required: true, maxlength: 5000, rows: 5, idPrefix: 'antwoord', error: shown.length ? replyProblemText(shown[0] as ReplyProblem, t) : null })}
${radioGroup({
  name: 'na',
  legend: t('webcare.reply.after'),
  value: composer.after,
  idPrefix: 'antwoord',
  options: [
    { value: 'wacht', label: t('webcare.reply.after.wacht') },
    { value: 'opgelost', label: t('webcare.reply.after.opgelost') },
  ],
})}
<p class="utrecht-button-group"><button type="submit" name="actie" value="voorbeeld" class="utrecht-button utrecht-button--secondary-action">${t('webcare.reply.preview')}</button> <button type="submit" name="actie" value="versturen" class="utrecht-button utrecht-button--primary-action">${t('webcare.reply.send')}</button></p>
</form>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${base(request)}/antwoorden">${t('webcare.reply.manageCanned')}</a></p>
${replies}</section>`;
}
