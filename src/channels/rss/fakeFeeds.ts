import { createHash } from 'node:crypto';

/**
 * The generated scenario of the fake feed server: the news of the (made-up) gemeente Lindenwaard,
 * as its own site publishes it (RSS 2.0) and as the local paper reports it (Atom 1.0, paged per
 * RFC 5005). Deterministic: the same items for the same `now`, no randomness. No real municipal
 * feed was found to replay (../shared/data/formats/SOURCE.md), so these follow the specs: RSS
 * 2.0 (rssboard.org) and Atom (RFC 4287), with what real feeds hold: HTML descriptions in CDATA,
 * character references, non-ASCII text, an enclosure, and one hostile item.
 */
export interface NewsItem {
  /** Serial, newest highest. */
  serial: number;
  title: string;
  /** The description as HTML. */
  html: string;
  /** Full text (RSS `content:encoded`, Atom `content`), when the item has it. */
  contentHtml: string | null;
  date: Date;
  slug: string;
  /** RSS: a permalink guid, an opaque one, or none (the link names the item). */
  guid: 'permalink' | 'opaque' | 'none';
  author: string | null;
  category: string;
  enclosure: { url: string; length: number; type: string } | null;
  /** An item in another language than the feed's (Atom `xml:lang`). */
  language: string | null;
}

export const RSS_SITE = 'https://www.lindenwaard.nl';
export const ATOM_SITE = 'https://www.lindenwaardercourant.nl';

const PLACES = [
  'Dorpsstraat',
  'Molenweg',
  'Marktstraat',
  'Stationsweg',
  'Beukenlaan',
  'Havenkade',
  'Schoolstraat',
];
const WIJKEN = ['De Hooge Weide', 'Oud-Lindenwaard', 'Noordhoek', 'Veenzijde', 'Het Broek'];
const SUBJECTS: ((place: string, wijk: string) => [string, string, string])[] = [
  (p) => [
    `Werkzaamheden aan de ${p}: weg afgesloten`,
    `<p>Vanaf maandag wordt het riool in de <strong>${p}</strong> vervangen. De weg is drie weken afgesloten voor doorgaand verkeer.</p><p>Meer informatie: <a href="${RSS_SITE}/werkzaamheden">lindenwaard.nl/werkzaamheden</a>.</p>`,
    'Verkeer',
  ],
  (_p, w) => [
    `Inloopavond over nieuwe woningen in ${w}`,
    `<p>Op donderdag houdt de gemeente een inloopavond over het bouwplan voor ${w}. U bent welkom van 19.00 tot 21.00 uur in het gemeentehuis.</p>`,
    'Wonen',
  ],
  (p) => [
    `Gemeenteraad besluit over nieuw speelveld aan de ${p}`,
    `<p>De gemeenteraad heeft ingestemd met een nieuw speelveld aan de ${p}. De aanleg begint na de zomer.</p>`,
    'Gemeenteraad',
  ],
  (_p, w) => [
    `Afvalinzameling in ${w} verschoven`,
    `<p>Door de feestdagen wordt het gft-afval in ${w} een dag later opgehaald. Zet uw container vóór 07.30 uur aan de straat.</p>`,
    'Afval',
  ],
  (p) => [
    `Subsidie voor groene daken: aanvragen kan weer`,
    `<p>Inwoners en ondernemers kunnen vanaf vandaag weer subsidie aanvragen voor een groen dak, bijvoorbeeld aan de ${p}.</p><ul><li>maximaal € 2.500</li><li>op = op</li></ul>`,
    'Duurzaamheid',
  ],
  (_p, w) => [
    `Wijkagent en handhavers extra aanwezig in ${w}`,
    `<p>Na meldingen over overlast zijn wijkagent en boa's de komende weken vaker in ${w}. Melden kan via 14 0123.</p>`,
    'Veiligheid',
  ],
];

/** Hand-written items at fixed places in the list, for the cases real feeds bring. */
const SPECIAL: Record<number, Partial<NewsItem> & { title: string; html: string }> = {
  2: {
    title: 'Ĳsbaan ‘De Ĳsvogel’ op het Kerkplein open – schaatsen vanaf € 2,50 ❄️',
    html: '<p>Café &amp; ijsbaan: de Ĳsvogel is open. Entree &euro;&nbsp;2,50, kinderen gratis.</p>',
    category: 'Evenementen',
  },
  4: {
    title: 'Gemeente & waterschap versterken dijk bij Café “’t Veerhuis”',
    html: '<p>De dijk bij <em>Caf&eacute; &#8220;&#8217;t Veerhuis&#8221;</em> wordt versterkt. Fietsers &amp; wandelaars volgen de omleiding.</p>',
    contentHtml:
      '<p>De dijk bij Café “’t Veerhuis” wordt versterkt.</p><p>Het waterschap werkt van maart tot en met juni. Fietsers &amp; wandelaars volgen de omleiding via de Molenweg.</p>',
    author: 'Team Communicatie',
    category: 'Water',
  },
  6: {
    title: 'Foto’s van de opening van het vernieuwde zwembad De Spetter',
    html: '<p>Burgemeester Van Dijk opende zaterdag het vernieuwde zwembad. <img src="https://www.lindenwaard.nl/media/spetter.jpg" alt="Het nieuwe zwembad"></p>',
    enclosure: { url: 'https://www.lindenwaard.nl/media/spetter.jpg', length: 248_731, type: 'image/jpeg' },
    category: 'Sport',
  },
  8: {
    title: "Raadsvragen over formulier: '; DROP TABLE messages; -- en <script>alert(1)</script>",
    html: "<p>Een inwoner vulde <code>' OR '1'='1</code> in op het meldformulier.</p><script>alert(document.cookie)</script><img src=x onerror=alert(1)><p>Het college antwoordt: er is niets gelekt.</p>",
    category: 'Gemeenteraad',
  },
  10: {
    title: 'Nij fytspaad tusken Lindenwaard en Veenzijde',
    html: '<p>It nije fytspaad is klear. Fytsers kinne der fan sneon ôf oer.</p>',
    language: 'fy',
    category: 'Verkeer',
  },
};

/** The item dates: spread over about a week before `now`, newest first, at irregular minutes. */
function itemDate(index: number, now: Date): Date {
  return new Date(now.getTime() - (index * 6 * 60 + 37 + ((index * 13) % 50)) * 60_000);
}

function slugOf(title: string, serial: number): string {
  const base = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${serial}-${base}`;
}

/** `count` items, newest first, ending `now`. */
export function generateNews(count: number, now: Date, source: 'gemeente' | 'krant'): NewsItem[] {
  const items: NewsItem[] = [];
  for (let index = 0; index < count; index++) {
    const serial = 1000 + count - index;
    const special = SPECIAL[index];
    const subject = SUBJECTS[(index * 5 + (source === 'krant' ? 3 : 0)) % SUBJECTS.length];
    const [title, html, category] = special
      ? [special.title, special.html, special.category ?? 'Nieuws']
      : (subject?.(PLACES[index % PLACES.length] ?? '', WIJKEN[index % WIJKEN.length] ?? '') ?? ['', '', '']);
    items.push({
      serial,
      title,
      html,
      contentHtml: special?.contentHtml ?? null,
      date: itemDate(index, now),
      slug: slugOf(title, serial),
      guid: index % 7 === 3 ? 'none' : index % 2 === 0 ? 'permalink' : 'opaque',
      author: special?.author ?? (index % 3 === 0 ? 'Redactie' : null),
      category,
      enclosure: special?.enclosure ?? null,
      language: special?.language ?? null,
    });
  }
  return items;
}

/** A new item (a just-published article), dated after every generated one. */
export function newItem(text: string, serial: number, now: Date, added: number): NewsItem {
  return {
    serial,
    title: text,
    html: `<p>${escapeXml(text)}</p>`,
    contentHtml: null,
    date: new Date(now.getTime() - 30 * 60_000 + added * 60_000),
    slug: slugOf(text, serial),
    guid: 'opaque',
    author: null,
    category: 'Nieuws',
    enclosure: null,
    language: null,
  };
}

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** HTML in a CDATA section, as most CMSes write descriptions (`]]>` split, as it must be). */
function cdata(html: string): string {
  return `<![CDATA[${html.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** RFC 822 with a numeric zone (`+0100`) or `GMT`: both appear in the wild. */
export function rfc822(date: Date, offsetMinutes = 0): string {
  const d = new Date(date.getTime() + offsetMinutes * 60_000);
  const zone =
    offsetMinutes === 0
      ? 'GMT'
      : `${offsetMinutes < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offsetMinutes) / 60))}${two(Math.abs(offsetMinutes) % 60)}`;
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${zone}`;
}

/** RFC 3339 with a `+01:00` offset or `Z`. */
function rfc3339(date: Date, offsetMinutes = 0): string {
  if (offsetMinutes === 0) return date.toISOString().replace('.000Z', 'Z');
  const d = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  return `${d}+${two(Math.floor(offsetMinutes / 60))}:${two(offsetMinutes % 60)}`;
}

/** The RSS guid of an item, as written in the feed (null: it has none). */
export function rssGuid(item: NewsItem): string | null {
  if (item.guid === 'permalink') return `${RSS_SITE}/nieuws/${item.slug}`;
  if (item.guid === 'opaque') return `lindenwaard-nieuws-${item.serial}`;
  return null;
}

export function rssLink(item: NewsItem): string {
  return `${RSS_SITE}/nieuws/${item.slug}`;
}

export function atomId(item: NewsItem): string {
  return `tag:lindenwaardercourant.nl,2026:artikel-${item.serial}`;
}

function rssItem(item: NewsItem): string {
  const guid = rssGuid(item);
  const lines = [
    '    <item>',
    `      <title>${escapeXml(item.title)}</title>`,
    `      <link>${rssLink(item)}</link>`,
    `      <description>${cdata(item.html)}</description>`,
  ];
  if (item.contentHtml) lines.push(`      <content:encoded>${cdata(item.contentHtml)}</content:encoded>`);
  if (guid) {
    lines.push(
      item.guid === 'permalink'
        ? `      <guid>${guid}</guid>`
        : `      <guid isPermaLink="false">${guid}</guid>`,
    );
  }
  lines.push(`      <pubDate>${rfc822(item.date, item.serial % 2 === 0 ? 60 : 0)}</pubDate>`);
  if (item.author) lines.push(`      <dc:creator>${escapeXml(item.author)}</dc:creator>`);
  lines.push(`      <category>${escapeXml(item.category)}</category>`);
  if (item.enclosure) {
    const e = item.enclosure;
    lines.push(`      <enclosure url="${e.url}" length="${e.length}" type="${e.type}"/>`);
  }
  lines.push('    </item>');
  return lines.join('\n');
}

export interface FeedPage {
  items: NewsItem[];
  built: Date;
  self: string;
  next: string | null;
}

export function rssDocument(page: FeedPage): string {
  const next = page.next ? `\n    <atom:link rel="next" href="${escapeXml(page.next)}"/>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Gemeente Lindenwaard – Nieuws</title>
    <link>${RSS_SITE}/nieuws</link>
    <description>Het laatste nieuws van de gemeente Lindenwaard</description>
    <language>nl-NL</language>
    <lastBuildDate>${rfc822(page.built)}</lastBuildDate>
    <atom:link href="${escapeXml(page.self)}" rel="self" type="application/rss+xml"/>${next}
${page.items.map(rssItem).join('\n')}
  </channel>
</rss>
`;
}

function atomEntry(item: NewsItem): string {
  const lang = item.language ? ` xml:lang="${item.language}"` : '';
  const link = `${ATOM_SITE}/regio/${item.slug}`;
  const lines = [
    `  <entry${lang}>`,
    `    <title type="text">${escapeXml(item.title)}</title>`,
    `    <id>${atomId(item)}</id>`,
    `    <link rel="alternate" type="text/html" href="${link}"/>`,
    `    <published>${rfc3339(item.date, 60)}</published>`,
    `    <updated>${rfc3339(new Date(item.date.getTime() + (item.serial % 3) * 600_000))}</updated>`,
    // Escaped HTML in most entries, CDATA in some: both are `type="html"`.
    item.serial % 4 === 0
      ? `    <summary type="html">${cdata(item.html)}</summary>`
      : `    <summary type="html">${escapeXml(item.html)}</summary>`,
  ];
  if (item.contentHtml) {
    lines.push(
      `    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${item.contentHtml}</div></content>`,
    );
  }
  if (item.author) lines.push(`    <author><name>${escapeXml(item.author)}</name></author>`);
  lines.push(
    `    <category term="${escapeXml(item.category.toLowerCase())}" label="${escapeXml(item.category)}"/>`,
  );
  if (item.enclosure) {
    const e = item.enclosure;
    lines.push(`    <link rel="enclosure" type="${e.type}" length="${e.length}" href="${e.url}"/>`);
  }
  lines.push('  </entry>');
  return lines.join('\n');
}

export function atomDocument(page: FeedPage & { first: string; previous: string | null }): string {
  const links = [
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(page.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${ATOM_SITE}/regio"/>`,
    `  <link rel="first" href="${escapeXml(page.first)}"/>`,
    page.previous ? `  <link rel="previous" href="${escapeXml(page.previous)}"/>` : '',
    page.next ? `  <link rel="next" href="${escapeXml(page.next)}"/>` : '',
  ].filter(Boolean);
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">
  <title type="text">Lindenwaarder Courant – Regio</title>
  <subtitle>Nieuws uit Lindenwaard en omgeving</subtitle>
  <id>tag:lindenwaardercourant.nl,2026:regio</id>
  <updated>${rfc3339(page.built)}</updated>
  <author><name>Lindenwaarder Courant</name></author>
${links.join('\n')}
${page.items.map(atomEntry).join('\n')}
</feed>
`;
}

/** A strong entity tag for a body. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}
