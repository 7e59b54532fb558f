/**
 * A small listening world for the HTTP and browser tests: Utrecht (OWN) on Mastodon and Bluesky
 * with residents replying to its posts, Amsterdam (FOREIGN) on Mastodon with replies of its own
 * that share words and hashtags with Utrecht's (and one secret word), and a stranger's post that
 * concerns nobody. Every message is known here, so the tests count what a search should find
 * without the search's code.
 */
import { FOREIGN, OWN } from './server.ts';
import type { Line } from './yardstickFixtures.ts';

export interface WorldMessage {
  platform: 'mastodon' | 'bluesky';
  id: string;
  author: string;
  authorName: string;
  at: string;
  text: string;
  hashtags: string[];
  mentions: string[];
  /** Whose conversations it is in. */
  orgs: string[];
  /** The message it replies to; none: a post of its own (mentioning the organisations). */
  replyTo: string | null;
}

const CITIZENS = [
  ['anna', 'Anna de Boer'],
  ['bram', 'Bram Visser'],
  ['cor', 'Cor Jansen'],
  ['dirk', 'Dirk Smit'],
  ['eva', 'Eva Mulder'],
] as const;

const TEXTS: readonly { text: string; hashtags: string[]; mentions: string[] }[] = [
  {
    text: 'Mijn afval is alweer niet opgehaald, heel slecht! #afval @gemeenteutrecht',
    hashtags: ['afval'],
    mentions: ['gemeenteutrecht'],
  },
  {
    text: 'Dank voor het snelle legen van de container, top geregeld #afval #container',
    hashtags: ['afval', 'container'],
    mentions: [],
  },
  {
    text: 'Wanneer wordt het grofvuil opgehaald in onze straat? #grofvuil',
    hashtags: ['grofvuil'],
    mentions: [],
  },
  { text: 'De containers bij het plein zitten weer vol met afval #afval', hashtags: ['afval'], mentions: [] },
];

/** The secret word only Amsterdam's conversations hold. */
export const FOREIGN_WORD = 'amsterdamgeheim';

function day(d: number, month = 5): string {
  return `2025-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The messages of the world; OWN's residents from 1 to 12 May 2025, six more in late April. */
export function worldMessages(): WorldMessage[] {
  const messages: WorldMessage[] = [];
  for (let i = 0; i < 36; i++) {
    const [author, authorName] = CITIZENS[i % CITIZENS.length] as readonly [string, string];
    const text = TEXTS[i % TEXTS.length] as (typeof TEXTS)[number];
    messages.push({
      platform: i % 3 === 2 ? 'bluesky' : 'mastodon',
      id: `own-${i}`,
      author,
      authorName,
      at: `${day(1 + (i % 12))}T${String(8 + (i % 9)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z`,
      ...text,
      orgs: [OWN],
      replyTo: i % 3 === 2 ? 'b1' : 'u1',
    });
  }
  for (let i = 0; i < 6; i++) {
    const [author, authorName] = CITIZENS[i % CITIZENS.length] as readonly [string, string];
    const text = TEXTS[i % TEXTS.length] as (typeof TEXTS)[number];
    messages.push({
      platform: 'mastodon',
      id: `own-april-${i}`,
      author,
      authorName,
      at: `${day(22 + i, 4)}T10:00:00Z`,
      ...text,
      orgs: [OWN],
      replyTo: 'u1',
    });
  }
  for (let i = 0; i < 8; i++) {
    messages.push({
      platform: 'mastodon',
      id: `foreign-${i}`,
      author: `amsterdammer${i}`,
      authorName: `Amsterdammer ${i}`,
      at: `${day(1 + i)}T12:00:00Z`,
      text: `Het afval ligt op straat in Oost, ${FOREIGN_WORD} #afval #amsterdam`,
      hashtags: ['afval', 'amsterdam'],
      mentions: [],
      orgs: [FOREIGN],
      replyTo: 'a1',
    });
  }
  // A resident who addresses both gemeenten, and one whose text a spreadsheet would run.
  messages.push({
    platform: 'mastodon',
    id: 'both-1',
    author: 'fenna',
    authorName: 'Fenna Bakker',
    at: `${day(7)}T11:00:00Z`,
    text: 'Zowel @gemeenteutrecht als @gemeenteamsterdam: het afval ligt overal, echt slecht #afval',
    hashtags: ['afval'],
    mentions: ['gemeenteutrecht', 'gemeenteamsterdam'],
    orgs: [OWN, FOREIGN],
    replyTo: null,
  });
  messages.push({
    platform: 'mastodon',
    id: 'formula-1',
    author: 'gijs',
    authorName: '=HYPERLINK("https://example.org")',
    at: `${day(6)}T11:00:00Z`,
    text: '=1+2 de bak is vol #afval',
    hashtags: ['afval'],
    mentions: [],
    orgs: [OWN],
    replyTo: 'u1',
  });
  messages.push({
    platform: 'mastodon',
    id: 'stranger-1',
    author: 'vreemde',
    authorName: 'Een Vreemde',
    at: `${day(5)}T12:00:00Z`,
    text: 'Ik heb vandaag mijn afval gescheiden #afval',
    hashtags: ['afval'],
    mentions: [],
    orgs: [],
    replyTo: null,
  });
  return messages;
}

/** The NDJSON lines: the accounts, the organisations' posts, and every message as a reply to its post. */
export function worldLines(): Line[] {
  const lines: Line[] = [
    {
      type: 'account',
      platform: 'mastodon',
      id: 'utr',
      handle: 'gemeenteutrecht',
      name: 'Gemeente Utrecht',
      organisation: OWN,
    },
    {
      type: 'account',
      platform: 'bluesky',
      id: 'utr-b',
      handle: 'utrecht.nl',
      name: 'Gemeente Utrecht',
      organisation: OWN,
    },
    {
      type: 'account',
      platform: 'mastodon',
      id: 'ams',
      handle: 'gemeenteamsterdam',
      name: 'Gemeente Amsterdam',
      organisation: FOREIGN,
    },
    post('mastodon', 'u1', 'utr', 'De nieuwe afvalkalender staat online.'),
    post('bluesky', 'b1', 'utr-b', 'De nieuwe afvalkalender staat online.'),
    post('mastodon', 'a1', 'ams', 'Amsterdam haalt vaker grofvuil op.'),
  ];
  for (const m of worldMessages()) {
    lines.push({
      platform: m.platform,
      id: m.id,
      author: { id: m.author, handle: m.author, name: m.authorName },
      created_at: m.at,
      text: m.text,
      url: `https://${m.platform}.example/${m.id}`,
      ...(m.replyTo === null ? {} : { in_reply_to: { id: m.replyTo } }),
    });
  }
  return lines;
}

function post(platform: string, id: string, author: string, text: string): Line {
  return { platform, id, author: { id: author }, created_at: '2025-04-20T09:00:00Z', text };
}

/** The messages in an organisation's conversations with the hashtag, written in [from, to) (ISO times). */
export function withHashtag(org: string, tag: string, from = '0000', to = '9999'): WorldMessage[] {
  return worldMessages().filter(
    (m) => m.orgs.includes(org) && m.hashtags.includes(tag) && m.at >= from && m.at < to,
  );
}

/** Counts per key, as `{ key, count }` sorted by count then key (as the dashboard ranks). */
export function ranked(keys: readonly string[]): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The API's dashboard as the tests read it. */
export interface Ranked {
  key: string;
  count: number;
}

export interface ApiDashboard {
  period: { from: string; to: string; basis: string };
  previousPeriod: { from: string; to: string };
  filter: { platforms: string[] };
  unit: string;
  total: number;
  previousTotal: number;
  volume: {
    start: string;
    count: number;
    previous: number;
    sentiment: { positive: number; neutral: number; negative: number };
  }[];
  platforms: Ranked[];
  kinds: Ranked[];
  authors: (Ranked & { name: string | null })[];
  mentions: Ranked[];
  hashtags: Ranked[];
  sentiment: { positive: number; neutral: number; negative: number };
  tagCloud: { word: string; count: number }[];
  tagCloudOf: number;
}
