import { t as translateKey } from '../../web/i18n/index.ts';
import { localeOf } from '../../web/render.ts';
import { type CaseChange, caseFeedFor } from '../../webcare/liveFeed.ts';
import type { CaseStatus } from '../../webcare/placement.ts';
import { routes } from '../access.ts';
import { orgOf } from './audit.ts';
import { STATUS_KEYS } from './webcareView.ts';

/**
 * The inbox's live updates: a server-sent event stream per open inbox or case page, an event
 * `case` for every case that changed in the organisation (new, claimed, answered, resolved), in
 * the reader's language. The browser's EventSource reconnects by itself and names the last event
 * it had; the stream then starts with what it missed. A comment every 15 seconds keeps proxies
 * from closing an idle stream.
 */

const KEEP_ALIVE_MS = 15_000;

export const webcareLiveRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/webcare/live',
    // Not a page: an error is a status (EventSource reads no login form).
    kind: 'api',
    access: { kind: 'org', permission: 'messages.read' },
    schema: { hide: true },
    async handler(request, reply, context) {
      // Only an event-stream client (EventSource asks for one) gets the stream that stays open.
      if (!String(request.headers.accept ?? '').includes('text/event-stream'))
        return reply.code(406).type('text/plain; charset=utf-8').send('text/event-stream only\n');
      const org = orgOf(request);
      const locale = localeOf(request);
      const feed = caseFeedFor(context.db);
      const asked = Date.parse(String(request.headers['last-event-id'] ?? ''));
      const missed = Number.isFinite(asked) ? await feed.changesSince(org.id, new Date(asked)) : [];
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      res.write('retry: 2000\n\n');
      const send = (changes: CaseChange[], truncated: boolean) => {
        for (const c of changes) {
          const data = {
            id: c.id,
            number: c.number,
            status: c.status,
            statusText: translateKey(locale, STATUS_KEYS[c.status as CaseStatus] ?? STATUS_KEYS.open),
            version: c.version,
            assignee: c.assignee,
            updatedAt: c.updatedAt.toISOString(),
          };
          res.write(`id: ${c.updatedAt.toISOString()}\nevent: case\ndata: ${JSON.stringify(data)}\n\n`);
        }
        if (truncated) res.write('event: resync\ndata: {}\n\n');
      };
      send(missed, false);
      const stream = { end: () => res.end() };
      feed.streams.add(stream);
      const stop = feed.subscribe(org.id, send);
      const ping = setInterval(() => res.write(': bij\n\n'), KEEP_ALIVE_MS);
      ping.unref();
      request.raw.on('close', () => {
        stop();
        clearInterval(ping);
        feed.streams.delete(stream);
      });
    },
  },
]);
