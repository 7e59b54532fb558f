import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { routes } from '../access.ts';

/**
 * The style sheets: the NL Design System's Utrecht component CSS (EUPL-1.2), the "Mooi & Anders"
 * community theme's design tokens (EUPL-1.2), and Meetlat's own layout. Read once, served with a
 * long cache life; no font from elsewhere. The one script (webcare's live updates and shortcuts)
 * only improves pages that work without it.
 */
const require = createRequire(import.meta.url);

const FILES: Record<string, () => string> = {
  '/assets/nlds.css': () =>
    readFileSync(require.resolve('@utrecht/component-library-css/dist/index.css'), 'utf8'),
  '/assets/theme.css': () =>
    readFileSync(require.resolve('@nl-design-system-community/ma-design-tokens/dist/theme.css'), 'utf8'),
  '/assets/meetlat.css': () => readFileSync(new URL('../../web/assets/meetlat.css', import.meta.url), 'utf8'),
  '/assets/webcare.js': () => readFileSync(new URL('../../web/assets/webcare.js', import.meta.url), 'utf8'),
};

const cache = new Map<string, string>();

export const assetRoutes = routes(
  Object.entries(FILES).map(([url, read]) => ({
    method: 'GET' as const,
    url,
    kind: 'asset' as const,
    access: { kind: 'public' as const },
    schema: { hide: true },
    async handler(_request, reply) {
      let text = cache.get(url);
      if (text === undefined) {
        text = read();
        cache.set(url, text);
      }
      return reply
        .type(url.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(text);
    },
  })),
);
