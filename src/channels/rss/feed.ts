import { type AnyFeed, type AtomFeed, type JsonFeed, parseFeed, type RdfFeed, type RssFeed } from 'feedsmith';

/**
 * A feed of any of the four formats feedsmith reads, as one shape: RSS 2.0 (and 0.9x), Atom 1.0,
 * RDF/RSS 1.0 and JSON Feed. Only what the mapping needs is taken out; the item as feedsmith read
 * it stays in `raw` for the archive. Nothing here judges an item: a missing id or date is left
 * null, and the mapping turns it into a reject naming the field.
 */
export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

/** Text of an item, and whether it is HTML (to be turned into plain text) or plain already. */
export interface FeedText {
  value: string;
  html: boolean;
}

export interface FeedEntry {
  raw: unknown;
  /** guid, Atom id, JSON Feed id or rdf:about; null when the item has none. */
  id: string | null;
  /** The item's web page as the feed wrote it (maybe relative). */
  link: string | null;
  title: FeedText | null;
  summary: FeedText | null;
  content: FeedText | null;
  author: string | null;
  /** The first date field the item has, named as the format names it. */
  date: { field: string; value: string } | null;
  /** The date field(s) this format asks for, to name in a reject when there is none. */
  dateFields: string;
  language: string | null;
}

export interface FeedDocument {
  format: FeedFormat;
  title: FeedText | null;
  author: string | null;
  language: string | null;
  /** RFC 5005 `rel="next"` (JSON Feed: `next_url`): the next, older page of a paged feed. */
  next: string | null;
  entries: FeedEntry[];
}

/** Text that is not a feed of any known format, or is broken XML. */
export class NotAFeedError extends Error {}

function text(value: string | undefined | null): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function plain(value: string | undefined | null): FeedText | null {
  const t = text(value);
  return t === null ? null : { value: t, html: false };
}

function html(value: string | undefined | null): FeedText | null {
  const t = text(value);
  return t === null ? null : { value: t, html: true };
}

function firstDate(candidates: [string, string | undefined | null][]): FeedEntry['date'] {
  for (const [field, value] of candidates) {
    const t = text(value);
    if (t !== null) return { field, value: t };
  }
  return null;
}

/** An Atom text construct: `type="html"` and `"xhtml"` are markup, `"text"` (the default) is not. */
function atomText(value: AtomFeed.Text | AtomFeed.Content | undefined): FeedText | null {
  if (!value || typeof value.value !== 'string') return null;
  const type = (value.type ?? 'text').toLowerCase();
  if (type === 'html' || type === 'xhtml' || type === 'text/html' || type.endsWith('+xml')) {
    return html(value.value);
  }
  if (type === 'text' || type.startsWith('text/')) return plain(value.value);
  // Other media types (base64 PDFs, images) are no text for people.
  return null;
}

function nextLink(links: { href?: string; rel?: string }[] | undefined): string | null {
  return text(links?.find((l) => l.rel?.toLowerCase() === 'next')?.href);
}

function rssEntry(item: RssFeed.Item<string>): FeedEntry {
  return {
    raw: item,
    id: text(item.guid?.value),
    link: text(item.link),
    // RSS titles are plain text (the RSS Advisory Board: no markup, shown literally).
    title: plain(item.title),
    summary: html(item.description),
    content: html(item.content?.encoded),
    author: text(item.dc?.creators?.[0]) ?? text(item.authors?.[0]?.name),
    date: firstDate([
      ['pubDate', item.pubDate],
      ['dc:date', item.dc?.dates?.[0]],
    ]),
    dateFields: 'pubDate (or dc:date)',
    language: text(item.dc?.languages?.[0]) ?? text(item.xml?.lang),
  };
}

function atomEntry(entry: AtomFeed.Entry<string>): FeedEntry {
  const links = entry.links ?? [];
  const page = links.find((l) => l.rel === undefined || l.rel.toLowerCase() === 'alternate');
  return {
    raw: entry,
    id: text(entry.id),
    link: text(page?.href),
    title: atomText(entry.title),
    summary: atomText(entry.summary),
    content: entry.content?.src ? null : atomText(entry.content),
    author: text(entry.authors?.[0]?.name),
    date: firstDate([
      ['published', entry.published],
      ['updated', entry.updated],
      ['dc:date', entry.dc?.dates?.[0]],
    ]),
    dateFields: 'published or updated',
    language: text(entry.xml?.lang),
  };
}

function rdfEntry(item: RdfFeed.Item<string>): FeedEntry {
  return {
    raw: item,
    id: text(item.rdf?.about),
    link: text(item.link),
    title: plain(item.title),
    // RSS 1.0 says plain text, but sites put HTML here as they do in RSS 2.0.
    summary: html(item.description),
    content: html(item.content?.encoded),
    author: text(item.dc?.creators?.[0]),
    date: firstDate([
      ['dc:date', item.dc?.dates?.[0]],
      ['dcterms:issued', item.dcterms?.issued?.[0]],
    ]),
    dateFields: 'dc:date',
    language: text(item.dc?.languages?.[0]) ?? text(item.xml?.lang),
  };
}

function jsonEntry(item: JsonFeed.Item<string>): FeedEntry {
  return {
    raw: item,
    id: text(item.id),
    link: text(item.url) ?? text(item.external_url),
    title: plain(item.title),
    summary: plain(item.summary),
    content: html(item.content_html) ?? plain(item.content_text),
    author: text(item.authors?.[0]?.name),
    date: firstDate([
      ['date_published', item.date_published],
      ['date_modified', item.date_modified],
    ]),
    dateFields: 'date_published (or date_modified)',
    language: text(item.language),
  };
}

/** Reads a feed's text; throws `NotAFeedError` for anything that is not a whole feed. */
export function readFeed(body: string): FeedDocument {
  let parsed: AnyFeed<string>;
  try {
    parsed = parseFeed<string>(body);
  } catch (error) {
    throw new NotAFeedError((error as Error).message, { cause: error });
  }
  switch (parsed.format) {
    case 'rss': {
      const feed = parsed.feed;
      return {
        format: 'rss',
        title: plain(feed.title),
        author: text(feed.dc?.creators?.[0]),
        language: text(feed.language) ?? text(feed.dc?.languages?.[0]) ?? text(feed.xml?.lang),
        next: nextLink(feed.atom?.links),
        entries: (feed.items ?? []).map(rssEntry),
      };
    }
    case 'atom': {
      const feed = parsed.feed;
      const language = text(feed.xml?.lang);
      return {
        format: 'atom',
        title: atomText(feed.title),
        author: text(feed.authors?.[0]?.name),
        language,
        next: nextLink(feed.links),
        entries: (feed.entries ?? []).map(atomEntry),
      };
    }
    case 'rdf': {
      const feed = parsed.feed;
      return {
        format: 'rdf',
        title: plain(feed.title),
        author: text(feed.dc?.creators?.[0]),
        language: text(feed.dc?.languages?.[0]) ?? text(feed.xml?.lang),
        next: null,
        entries: (feed.items ?? []).map(rdfEntry),
      };
    }
    case 'json': {
      const feed = parsed.feed;
      return {
        format: 'json',
        title: plain(feed.title),
        author: text(feed.authors?.[0]?.name),
        language: text(feed.language),
        next: text(feed.next_url),
        entries: (feed.items ?? []).map(jsonEntry),
      };
    }
  }
}
