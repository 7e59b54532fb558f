import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../report/html.ts';
import type { InboxView, SLA_FILTERS } from '../../store/inbox.ts';
import type { MessageKey, Translate } from '../../web/i18n/index.ts';
import type { CaseStatus } from '../../webcare/placement.ts';
import type { SlaState } from '../../webcare/sla.ts';
import { orgOf } from './audit.ts';

/**
 * What webcare's pages share: statuses, views and service-level states in words, the inbox's
 * and a case's addresses, the live-status region and the shortcut help the script
 * (`web/assets/webcare.js`) works with.
 */

export const STATUS_KEYS: Readonly<Record<CaseStatus, MessageKey>> = {
  nieuw: 'webcare.status.nieuw',
  open: 'webcare.status.open',
  wacht: 'webcare.status.wacht',
  opgelost: 'webcare.status.opgelost',
  gesloten: 'webcare.status.gesloten',
};

export const VIEW_KEYS: Readonly<Record<InboxView, MessageKey>> = {
  nieuw: 'webcare.view.nieuw',
  mijn: 'webcare.view.mijn',
  team: 'webcare.view.team',
  wacht: 'webcare.view.wacht',
  alles: 'webcare.view.alles',
};

export const SLA_KEYS: Readonly<Record<SlaState | (typeof SLA_FILTERS)[number], MessageKey>> = {
  breached: 'webcare.sla.breached',
  at_risk: 'webcare.sla.at_risk',
  on_track: 'webcare.sla.on_track',
  answered: 'webcare.sla.answered',
  met: 'webcare.sla.met',
  late: 'webcare.sla.late',
  none: 'webcare.sla.none',
};

export function base(request: FastifyRequest): string {
  return `/o/${encodeURIComponent(orgOf(request).code)}/webcare`;
}

export function casePath(request: FastifyRequest, id: number): string {
  return `${base(request)}/zaken/${id}`;
}

export function slaBadge(state: SlaState, t: Translate): SafeHtml {
  return html`<span class="meetlat-sla meetlat-sla--${state}">${t(SLA_KEYS[state])}</span>`;
}

// ---------------------------------------------------------------------------------------------
// Live updates and shortcuts (web/assets/webcare.js)

/** Where the script says, for screen readers, whether the page follows the team live. */
export function liveStatus(t: Translate): SafeHtml {
  return html`<p id="live-status" class="meetlat-visually-hidden" role="status" data-connected="${t('webcare.live.connected')}" data-reconnecting="${t('webcare.live.reconnecting')}" data-updated="${t('webcare.live.updated')}"></p>`;
}

const SHORTCUT_KEYS: Readonly<Record<string, MessageKey>> = {
  j: 'webcare.keys.j',
  k: 'webcare.keys.k',
  '/': 'webcare.keys.slash',
  n: 'webcare.keys.n',
  r: 'webcare.keys.r',
  i: 'webcare.keys.i',
};

export function shortcutHelp(t: Translate, keys: readonly string[]): SafeHtml {
  return html`<details class="meetlat-details" id="sneltoetsen"><summary>${t('webcare.keys')}</summary>
<dl class="utrecht-data-list">${keys.map(
    (k) =>
      html`<div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key"><kbd>${k}</kbd></dt><dd class="utrecht-data-list__item-value">${t(SHORTCUT_KEYS[k] as MessageKey)}</dd></div>`,
  )}</dl><p class="utrecht-paragraph">${t('webcare.keys.note')}</p></details>`;
}
