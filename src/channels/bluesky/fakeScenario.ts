import { readFileSync } from 'node:fs';
import { formatsFile } from '../fakeServer.ts';
import { type Actor, actor } from './fakeData.ts';
import { FakeWorld } from './fakeWorld.ts';

/**
 * The scenario a fake Bluesky serves: Gemeente Wolderveen (a made-up municipality) and its
 * residents over three weeks: announcements, residents replying and mentioning the gemeente (in
 * any case, after emoji, in a reply to someone else, in a quote), the gemeente's answers (some
 * questions stay unanswered), a thread of its own, a quote and reposts; likes, follows and
 * reposts that are no messages; and real posts from ../shared/data/formats/bluesky that the
 * gemeente reposts and answers, served as the views they came as. Deterministic: the same
 * moments and ids every time.
 */
export const GEMEENTE = actor('gemeente-wolderveen.bsky.social', 'Gemeente Wolderveen');
export const RESIDENTS: readonly Actor[] = [
  actor('sannedevries.bsky.social', 'Sanne de Vries'),
  actor('mehmetyilmaz.bsky.social', 'Mehmet Yılmaz'),
  actor('joostbakker.bsky.social', 'Joost Bakker'),
  actor('fatima-elamrani.bsky.social', 'Fatima El Amrani'),
  actor('pjmulder.bsky.social', 'Pieter-Jan Mulder 🚲'),
  actor('anoukvisser.bsky.social', 'Anouk Visser'),
  actor('ruudvandijk.bsky.social', 'Ruud van Dijk'),
  actor('lottesmit.bsky.social', 'Lotte Smit'),
];
export const DEFAULT_ANCHOR = new Date('2026-11-01T12:00:00.000Z');

/**
 * One event of the story: a post (`key` names it for later steps; `reply` and `quote` name an
 * earlier post, or `real:fallon` / `real:mention`), a repost by the gemeente (`named`: the API
 * gives the repost record's URI), or a like, follow or repost by a resident. `at` is days before
 * the anchor and a time of day (UTC). `{gemeente}` in a text is the gemeente's `@handle`.
 */
type Step =
  | { post: string; by: string; at: When; key?: string; reply?: string; quote?: string; written?: When }
  | { repost: string; at: When; named: boolean }
  | { interaction: 'like' | 'follow' | 'repost'; by: string; at: When; subject?: string };
type When = [daysBefore: number, time: string];

const STORY: readonly Step[] = [
  {
    key: 'g1',
    by: 'g',
    at: [20, '09:00'],
    post: 'Vanaf maandag is de Dorpsstraat afgesloten voor werkzaamheden aan het riool. Omleiding via de Kerkweg. Meer info: wolderveen.nl/werkzaamheden #wegwerkzaamheden',
  },
  {
    key: 'n1',
    by: 'sannedevries',
    at: [20, '11:12'],
    reply: 'g1',
    post: 'Hoe lang gaat dit duren? Ik woon aan de Dorpsstraat en kan mijn auto nergens kwijt.',
  },
  {
    by: 'g',
    at: [20, '14:05'],
    reply: 'n1',
    post: '@sannedevries.bsky.social De werkzaamheden duren naar verwachting drie weken. Bewoners kunnen parkeren bij de sporthal.',
  },
  { interaction: 'like', by: 'sannedevries', at: [20, '14:30'], subject: 'g1' },
  { repost: 'real:fallon', at: [19, '09:00'], named: false },
  {
    by: 'g',
    at: [19, '09:05'],
    reply: 'real:fallon',
    post: 'Welkom op Bluesky! Ook Gemeente Wolderveen is hier te vinden. 👋',
  },
  {
    key: 'g2',
    by: 'g',
    at: [18, '10:30'],
    post: '🎄 Let op: de milieustraat is op 24 en 31 december tot 14.00 uur open. #afval',
  },
  {
    key: 'n3',
    by: 'joostbakker',
    at: [18, '12:00'],
    reply: 'g2',
    post: 'Geldt dat ook voor de milieustraat in Oosterend?',
  },
  {
    by: 'fatima-elamrani',
    at: [18, '12:30'],
    reply: 'n3',
    post: '@joostbakker.bsky.social ja, voor beide locaties volgens mij.',
  },
  {
    key: 'n2',
    by: 'mehmetyilmaz',
    at: [17, '19:40'],
    post: '{gemeente} de lantaarnpaal bij de Esdoornlaan 12 doet het al een week niet. Wie kan ik bellen?',
  },
  {
    by: 'sannedevries',
    at: [17, '20:00'],
    reply: 'n2',
    post: '@mehmetyilmaz.bsky.social meld het ook bij {gemeente} via de app, dan komt het bij de aannemer.',
  },
  {
    by: 'g',
    at: [16, '09:10'],
    reply: 'n2',
    post: 'Dank voor uw melding! We hebben het doorgezet naar onze aannemer. Melden kan ook via wolderveen.nl/melding.',
  },
  {
    by: 'g',
    at: [15, '08:15'],
    post: 'Raadsvergadering donderdag om 20.00 uur, live te volgen via wolderveen.nl/raad',
  },
  {
    key: 'n5',
    by: 'pjmulder',
    at: [14, '21:00'],
    post: 'Wanneer wordt het gras in het Parkje gemaaid, @Gemeente-Wolderveen.bsky.social? Het staat kniehoog 🌾',
  },
  {
    by: 'g',
    at: [13, '08:30'],
    reply: 'n5',
    post: 'Het maaien staat voor volgende week gepland. Excuses voor het ongemak!',
  },
  {
    key: 'g4',
    by: 'g',
    at: [12, '13:00'],
    post: 'Vandaag opent burgemeester Van der Linde het vernieuwde speelpark De Vlinder. Veel speelplezier! #wolderveen',
  },
  {
    key: 'n6',
    by: 'anoukvisser',
    at: [12, '15:00'],
    quote: 'g4',
    post: 'Eindelijk! Mijn kinderen zijn er nu al niet weg te slaan.',
  },
  { interaction: 'repost', by: 'anoukvisser', at: [12, '15:05'], subject: 'g4' },
  { repost: 'n6', at: [11, '12:00'], named: true },
  { by: 'g', at: [11, '13:00'], quote: 'n6', post: 'Fijn dat het park in de smaak valt! 🛝' },
  { repost: 'real:mention', at: [9, '15:00'], named: true },
  {
    key: 'g5',
    by: 'g',
    at: [8, '09:45'],
    post: 'Storing: ons telefoonnummer 14 0578 is tijdelijk slecht bereikbaar. Stuur ons een bericht, we reageren zo snel mogelijk.',
  },
  { by: 'g', at: [8, '11:00'], reply: 'g5', post: 'Update: de storing is verholpen. Dank voor uw geduld!' },
  {
    key: 'n7',
    by: 'ruudvandijk',
    at: [7, '10:00'],
    quote: 'g5',
    post: 'Al twee dagen geen gehoor bij {gemeente} 😡',
  },
  {
    by: 'g',
    at: [7, '10:40'],
    reply: 'n7',
    post: '@ruudvandijk.bsky.social Excuses! De storing is inmiddels opgelost. Kunnen we u ergens mee helpen?',
  },
  { interaction: 'follow', by: 'lottesmit', at: [6, '18:00'] },
  {
    key: 'g6',
    by: 'g',
    at: [5, '16:00'],
    post: 'Wat vindt u van het plan voor het nieuwe fietspad langs de Vecht? Laat het ons weten vóór 1 december. #participatie',
  },
  {
    key: 'n8',
    by: 'lottesmit',
    at: [4, '20:15'],
    reply: 'g6',
    post: 'Graag een veilige oversteek bij de school! #fietspad #veiligheid',
  },
  {
    key: 'r8',
    by: 'g',
    at: [3, '09:00'],
    reply: 'n8',
    post: 'Dank u! We nemen de oversteek mee in het ontwerp.',
  },
  { by: 'lottesmit', at: [3, '09:30'], reply: 'r8', post: 'Dank voor de snelle reactie 👍' },
  // Written on a clock that runs ahead: Bluesky sorts it by when it was indexed.
  {
    by: 'g',
    at: [2, '10:00'],
    written: [2, '10:03'],
    post: 'Vergeet niet: vanaf 1 januari staat de afvalkalender in de nieuwe app. #afval',
  },
];

export function buildWorld(anchor: Date = DEFAULT_ANCHOR): FakeWorld {
  const world = new FakeWorld(GEMEENTE, [...RESIDENTS], new Date(anchor.getTime() - 30 * 86_400_000));
  const uris = new Map(Object.entries(loadRealPosts(world)).map(([k, uri]) => [`real:${k}`, uri]));
  const day0 = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate());
  const at = ([daysBefore, time]: When) => {
    const [h, m] = time.split(':').map(Number) as [number, number];
    return new Date(day0 - daysBefore * 86_400_000 + (h * 60 + m) * 60_000);
  };
  const who = (name: string): Actor => {
    const found = name === 'g' ? GEMEENTE : RESIDENTS.find((r) => r.handle === `${name}.bsky.social`);
    if (!found) throw new Error(`no actor ${name}`);
    return found;
  };
  const uri = (key: string | undefined) => (key === undefined ? undefined : uris.get(key));
  for (const step of STORY) {
    if ('repost' in step) {
      world.repost(uri(step.repost) ?? '', at(step.at), step.named);
    } else if ('interaction' in step) {
      const subject = step.subject ? world.posts.get(uri(step.subject) ?? '') : undefined;
      world.interaction(step.interaction, who(step.by), at(step.at), subject ?? null);
    } else {
      const text = step.post.replaceAll('{gemeente}', `@${GEMEENTE.handle}`);
      const links = {
        reply: uri(step.reply),
        quote: uri(step.quote),
        createdAt: step.written && at(step.written),
      };
      const post = world.post(who(step.by), text, at(step.at), links);
      if (step.key) uris.set(step.key, post.uri);
    }
  }
  return world;
}

/**
 * Real posts: Jimmy Fallon's first post and the first reply mentioning him (getPostThread), and
 * the root of a small thread; their views as the API gave them.
 */
function loadRealPosts(world: FakeWorld): { fallon: string; mention: string } {
  const views: Record<string, unknown>[] = [];
  for (const file of ['getPostThread.response.json', 'getPostThread-simple.response.json']) {
    const body = JSON.parse(readFileSync(formatsFile('bluesky', 'samples', file), 'utf8')) as {
      thread: ThreadNode;
    };
    collect(body.thread, views);
  }
  for (const view of views) world.realViews.set(view.uri as string, view);
  const first = views[0];
  const mentioning = views.find((v) =>
    JSON.stringify((v.record as { facets?: unknown }).facets ?? []).includes('facet#mention'),
  );
  if (!first || !mentioning) throw new Error('the real Bluesky samples lack a post or a mention');
  return { fallon: first.uri as string, mention: mentioning.uri as string };
}

interface ThreadNode {
  post?: Record<string, unknown>;
  replies?: ThreadNode[];
}

function collect(node: ThreadNode, into: Record<string, unknown>[]): void {
  if (node.post) into.push(node.post);
  for (const reply of node.replies ?? []) collect(reply, into);
}
