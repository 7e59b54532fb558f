import { html } from '../../report/html.ts';
import type { Queryable } from '../../store/db.ts';
import type { MessageKey } from '../../web/i18n/index.ts';
import type { NavEntry } from '../../web/layout.ts';
import { sendPage, translate } from '../../web/render.ts';
import { type RouteSpec, routes } from '../access.ts';
import { HttpError } from '../errors.ts';

/** The start page (choose an organisation), an organisation's home, and the jobs not built yet. */

const JOBS: { entry: NavEntry; path: string; key: MessageKey; text: MessageKey }[] = [
  { entry: 'listening', path: 'luisteren', key: 'nav.listening', text: 'job.listening.text' },
  { entry: 'webcare', path: 'webcare', key: 'nav.webcare', text: 'job.webcare.text' },
  { entry: 'yardstick', path: 'meetlat', key: 'nav.yardstick', text: 'job.yardstick.text' },
  { entry: 'growth', path: 'groeimodel', key: 'nav.growth', text: 'job.growth.text' },
  { entry: 'publish', path: 'publiceren', key: 'nav.publish', text: 'job.publish.text' },
];

/** Jobs whose pages come with later issues: an honest page that says so. */
const COMING: readonly NavEntry[] = ['growth', 'publish'];

async function allOrganisations(q: Queryable) {
  return q.query<{ code: string; name: string }>(
    'SELECT code, COALESCE(display_name, name) AS name FROM organisations ORDER BY name',
  );
}

const orgListSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { code: { type: 'string' }, name: { type: 'string' }, role: { type: ['string', 'null'] } },
    required: ['code', 'name', 'role'],
  },
} as const;

export const homeRoutes = routes([
  {
    method: 'GET',
    url: '/',
    kind: 'page',
    access: { kind: 'user' },
    async handler(request, reply, context) {
      const viewer = request.viewer;
      if (!viewer) throw new HttpError(401, 'login');
      if (viewer.memberships.length === 1 && !viewer.user.superbeheerder) {
        return reply
          .code(303)
          .header('location', `/o/${encodeURIComponent(viewer.memberships[0]?.code ?? '')}`)
          .send();
      }
      const t = translate(request);
      const everyone = viewer.user.superbeheerder ? await allOrganisations(context.db) : [];
      return sendPage(request, reply, context, {
        title: t('home.title'),
        active: 'organisations',
        main: () =>
          html`${
            viewer.memberships.length === 0 && !viewer.user.superbeheerder
              ? html`<p class="utrecht-paragraph">${t('home.none')}</p>`
              : html`<ul class="utrecht-unordered-list meetlat-cards">${viewer.memberships.map(
                  (m) =>
                    html`<li class="meetlat-card"><a class="utrecht-link" href="/o/${encodeURIComponent(m.code)}">${m.name}</a> <span class="meetlat-muted">${t('home.role', { role: t(`role.${m.role}`) })}</span></li>`,
                )}</ul>`
          }${
            everyone.length > 0
              ? html`<h2 class="utrecht-heading-2">${t('home.all')}</h2><ul class="utrecht-unordered-list meetlat-columns">${everyone.map(
                  (o) =>
                    html`<li><a class="utrecht-link" href="/o/${encodeURIComponent(o.code)}">${o.name}</a></li>`,
                )}</ul>`
              : ''
          }`,
      });
    },
  },
  {
    method: 'GET',
    url: '/o/:org',
    kind: 'page',
    access: { kind: 'org', permission: 'org.view' },
    async handler(request, reply, context) {
      const org = request.org;
      if (!org) throw new HttpError(404, 'not_found');
      const t = translate(request);
      const base = `/o/${encodeURIComponent(org.code)}`;
      return sendPage(request, reply, context, {
        title: org.name,
        active: 'home',
        main: () => html`<p class="utrecht-paragraph utrecht-paragraph--lead">${t('org.home.intro')}</p>
<ul class="utrecht-unordered-list meetlat-cards">${JOBS.map(
          (job) =>
            html`<li class="meetlat-card"><h2 class="utrecht-heading-3"><a class="utrecht-link" href="${base}/${job.path}">${t(job.key)}</a></h2><p class="utrecht-paragraph">${t(job.text)}</p></li>`,
        )}</ul>`,
      });
    },
  },
  ...JOBS.filter((job) => COMING.includes(job.entry)).map(
    (job): RouteSpec => ({
      method: 'GET',
      url: `/o/:org/${job.path}`,
      kind: 'page',
      access: { kind: 'org', permission: 'org.view' },
      async handler(request, reply, context) {
        const t = translate(request);
        return sendPage(request, reply, context, {
          title: t('job.comingTitle', { job: t(job.key) }),
          active: job.entry,
          main: () =>
            html`<p class="utrecht-paragraph">${t(job.text)}</p><p class="utrecht-paragraph">${t('job.coming')}</p>`,
        });
      },
    }),
  ),
  {
    method: 'GET',
    url: '/api/orgs',
    kind: 'api',
    access: { kind: 'user' },
    schema: {
      summary: 'The organisations the user can open, with their role',
      tags: ['organisations'],
      response: { 200: orgListSchema },
    },
    async handler(request, _reply, context) {
      const viewer = request.viewer;
      if (!viewer) throw new HttpError(401, 'login');
      if (!viewer.user.superbeheerder)
        return viewer.memberships.map((m) => ({ code: m.code, name: m.name, role: m.role }));
      const roles = new Map(viewer.memberships.map((m) => [m.code, m.role]));
      return (await allOrganisations(context.db)).map((o) => ({ ...o, role: roles.get(o.code) ?? null }));
    },
  },
]);
