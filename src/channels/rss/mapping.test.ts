import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecordError } from '../../ingest/records.ts';
import { parseFeedDate, parseRfc822Date, parseW3cDate } from './dates.ts';
import { readFeed } from './feed.ts';
import { entryToMessage, type FeedAccount } from './mapping.ts';

/**
 * The mapping of feed items. ../shared/data/formats holds no real RSS or Atom feed (its SOURCE.md:
 * none of Dutch municipal news was found), so these feeds are written here after the specs
 * (RSS 2.0, RFC 4287, RSS 1.0, JSON Feed 1.1) with what real feeds carry.
 */
const FEED_URL = 'https://www.lindenwaard.nl/nieuws/rss.xml';
const ACCOUNT: FeedAccount = { feedUrl: FEED_URL, handle: 'www.lindenwaard.nl/nieuws/rss.xml' };

function messagesOf(xml: string) {
  const feed = readFeed(xml);
  return feed.entries.map((entry) => {
    try {
      return entryToMessage(entry, feed, ACCOUNT);
    } catch (error) {
      if (error instanceof RecordError) return error;
      throw error;
    }
  });
}

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Gemeente Lindenwaard &#8211; Nieuws</title>
  <link>https://www.lindenwaard.nl/</link>
  <description>Nieuws</description>
  <language>nl-NL</language>
  <item>
    <title>Caf&#233; &#8220;De Zwaan&#8221; &amp; de Ĳssel: terras open</title>
    <link>/nieuws/zwaan</link>
    <description><![CDATA[<p>Het terras van <strong>Café De Zwaan</strong> is open &amp; druk.</p><p>Zie <a href="https://x.nl">de site</a>.</p>]]></description>
    <guid isPermaLink="false">12345</guid>
    <pubDate>Tue, 03 Mar 2026 09:15:00 +0100</pubDate>
    <author>redactie@lindenwaard.nl (Redactie Lindenwaard)</author>
    <category>Horeca</category>
    <enclosure url="https://www.lindenwaard.nl/zwaan.jpg" length="1200" type="image/jpeg"/>
  </item>
  <item>
    <title>Raad: '; DROP TABLE messages; -- &lt;script&gt;alert(1)&lt;/script&gt;</title>
    <link>javascript:alert(1)</link>
    <description>&lt;script&gt;alert("x")&lt;/script&gt;&lt;p&gt;Gewone tekst &amp;amp; meer&lt;/p&gt;</description>
    <guid>https://www.lindenwaard.nl/nieuws/raad</guid>
    <dc:date>2026-03-02T17:00:00Z</dc:date>
    <dc:creator>Team Communicatie</dc:creator>
  </item>
  <item>
    <title>Zonder datum</title>
    <link>https://www.lindenwaard.nl/nieuws/zonder-datum</link>
  </item>
  <item>
    <title>Onmogelijke datum</title>
    <guid>https://www.lindenwaard.nl/nieuws/31-april</guid>
    <pubDate>Thu, 31 Apr 2026 10:00:00 +0200</pubDate>
  </item>
  <item>
    <title>Geen link en geen guid</title>
    <pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate>
    <content:encoded><![CDATA[<p>Alleen de volledige tekst.</p>]]></content:encoded>
  </item>
  <item>
    <link>https://www.lindenwaard.nl/nieuws/leeg</link>
    <pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate>
  </item>
</channel>
</rss>`;

describe('RSS 2.0 items', () => {
  const [zwaan, raad, undated, impossible, bare, empty] = messagesOf(RSS);

  it('maps an item: id scoped by the feed, date, text, url, author, language', () => {
    assert.ok(zwaan && !(zwaan instanceof RecordError));
    assert.equal(zwaan.platform, 'rss');
    assert.equal(zwaan.platformId, `${FEED_URL}#12345`);
    assert.equal(zwaan.kind, 'post');
    assert.equal(zwaan.createdAt.toISOString(), '2026-03-03T08:15:00.000Z');
    assert.equal(
      zwaan.text,
      'Café “De Zwaan” & de Ĳssel: terras open\n\nHet terras van Café De Zwaan is open & druk.\nZie de site.',
    );
    assert.equal(zwaan.url, 'https://www.lindenwaard.nl/nieuws/zwaan');
    assert.deepEqual(zwaan.author, {
      id: FEED_URL,
      handle: 'www.lindenwaard.nl/nieuws/rss.xml',
      name: 'Redactie Lindenwaard',
    });
    assert.equal(zwaan.language, 'nl');
    assert.equal(zwaan.mentions, null);
    assert.equal(zwaan.hashtags, null);
    assert.equal(zwaan.inReplyTo, null);
    assert.equal(zwaan.recipientId, null);
    assert.deepEqual(zwaan.counts, { reposts: null, likes: null, replies: null });
    const raw = JSON.parse(zwaan.payload.raw);
    assert.equal(zwaan.payload.format, 'rss-api-json');
    assert.equal(raw.feedFormat, 'rss');
    assert.deepEqual(raw.item.enclosures, [
      { url: 'https://www.lindenwaard.nl/zwaan.jpg', length: 1200, type: 'image/jpeg' },
    ]);
  });

  it('keeps hostile text as plain text: scripts of the HTML dropped, the title literal', () => {
    assert.ok(raad && !(raad instanceof RecordError));
    assert.equal(raad.platformId, 'https://www.lindenwaard.nl/nieuws/raad');
    assert.equal(raad.createdAt.toISOString(), '2026-03-02T17:00:00.000Z');
    assert.equal(
      raad.text,
      "Raad: '; DROP TABLE messages; -- <script>alert(1)</script>\n\nGewone tekst & meer",
    );
    assert.equal(raad.url, null, 'a javascript: link is no link');
    assert.equal(raad.author.name, 'Team Communicatie');
  });

  it('rejects an item without a date, naming the field', () => {
    assert.ok(undated instanceof RecordError);
    assert.equal(undated.code, 'missing_field');
    assert.match(undated.message, /pubDate/);
  });

  it('rejects a day that does not exist rather than rolling it over', () => {
    assert.ok(impossible instanceof RecordError);
    assert.equal(impossible.code, 'invalid_field');
    assert.match(impossible.message, /^pubDate "Thu, 31 Apr 2026/);
  });

  it('names an item without guid and link by a hash of title and date; content when there is no description', () => {
    assert.ok(bare && !(bare instanceof RecordError));
    assert.match(bare.platformId, new RegExp(`^${FEED_URL.replaceAll('.', '\\.')}#sha256:[0-9a-f]{32}$`));
    assert.equal(bare.url, null);
    assert.equal(bare.text, 'Geen link en geen guid\n\nAlleen de volledige tekst.');
    assert.equal(
      bare.author.name,
      'Gemeente Lindenwaard – Nieuws',
      'the feed title when the item names no author',
    );
    const again = messagesOf(RSS)[4];
    assert.ok(again && !(again instanceof RecordError));
    assert.equal(again.platformId, bare.platformId, 'the hash is stable');
  });

  it('rejects an item with neither title nor description', () => {
    assert.ok(empty instanceof RecordError);
    assert.equal(empty.code, 'missing_field');
    assert.match(empty.message, /title and description/);
  });

  it('rejects an item holding bytes that were not UTF-8', () => {
    const [latin] = messagesOf(RSS.replace('Caf&#233;', 'Caf\uFFFD'));
    assert.ok(latin instanceof RecordError);
    assert.equal(latin.code, 'encoding');
  });
});

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl-NL">
  <title type="html">Lindenwaarder &lt;b&gt;Courant&lt;/b&gt;</title>
  <id>tag:lindenwaardercourant.nl,2026:regio</id>
  <updated>2026-03-03T10:00:00Z</updated>
  <author><name>Redactie Courant</name></author>
  <link rel="next" href="https://www.lindenwaardercourant.nl/regio/atom.xml?page=2"/>
  <entry xml:lang="fy">
    <title type="html">Fytspaad &amp;amp; &lt;em&gt;brêge&lt;/em&gt;</title>
    <id>tag:lindenwaardercourant.nl,2026:artikel-7</id>
    <link rel="enclosure" href="https://www.lindenwaardercourant.nl/brege.jpg"/>
    <link rel="alternate" href="https://www.lindenwaardercourant.nl/regio/7"/>
    <published>2026-03-03T09:00:00+01:00</published>
    <updated>2026-03-03T11:00:00+01:00</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>It <b>nije</b> fytspaad.</p></div></content>
  </entry>
  <entry>
    <title>Alleen bijgewerkt &lt;geen markup&gt;</title>
    <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
    <updated>2026-03-02T12:30Z</updated>
    <summary>Platte tekst &amp; meer</summary>
  </entry>
  <entry>
    <title>Zonder datum</title>
    <id>tag:lindenwaardercourant.nl,2026:artikel-9</id>
  </entry>
</feed>`;

describe('Atom 1.0 entries', () => {
  const feed = readFeed(ATOM);
  const [fy, updatedOnly, undated] = messagesOf(ATOM);

  it('reads the feed: title as text, next page', () => {
    assert.equal(feed.format, 'atom');
    assert.equal(feed.next, 'https://www.lindenwaardercourant.nl/regio/atom.xml?page=2');
  });

  it('maps an entry: the Atom id, published before updated, html and xhtml as text, xml:lang', () => {
    assert.ok(fy && !(fy instanceof RecordError));
    assert.equal(fy.platformId, 'tag:lindenwaardercourant.nl,2026:artikel-7');
    assert.equal(fy.createdAt.toISOString(), '2026-03-03T08:00:00.000Z');
    assert.equal(fy.text, 'Fytspaad & brêge\n\nIt nije fytspaad.');
    assert.equal(
      fy.url,
      'https://www.lindenwaardercourant.nl/regio/7',
      'the alternate link, not the enclosure',
    );
    assert.equal(fy.language, 'fy');
    assert.equal(fy.author.name, 'Redactie Courant', "the feed's author");
  });

  it('takes updated when there is no published; text constructs stay literal', () => {
    assert.ok(updatedOnly && !(updatedOnly instanceof RecordError));
    assert.equal(updatedOnly.platformId, 'urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6');
    assert.equal(updatedOnly.createdAt.toISOString(), '2026-03-02T12:30:00.000Z');
    assert.equal(updatedOnly.text, 'Alleen bijgewerkt <geen markup>\n\nPlatte tekst & meer');
    assert.equal(updatedOnly.language, 'nl');
    assert.equal(updatedOnly.url, null);
  });

  it('rejects an entry without published or updated, naming them', () => {
    assert.ok(undated instanceof RecordError);
    assert.equal(undated.message, 'published or updated is missing');
  });
});

describe('RDF/RSS 1.0 and JSON Feed', () => {
  it('maps an RSS 1.0 item by its rdf:about and dc:date', () => {
    const [item] = messagesOf(`<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://www.waterschap.nl/rdf"><title>Waterschap</title><link>https://www.waterschap.nl/</link><description>d</description><dc:language>nl</dc:language></channel>
<item rdf:about="https://www.waterschap.nl/1"><title>Peil verlaagd</title><link>https://www.waterschap.nl/1</link><description>Het &lt;b&gt;peil&lt;/b&gt; gaat omlaag.</description><dc:date>2026-03-03</dc:date><dc:creator>Jan de Vries</dc:creator></item>
</rdf:RDF>`);
    assert.ok(item && !(item instanceof RecordError));
    assert.equal(item.platformId, 'https://www.waterschap.nl/1');
    assert.equal(item.createdAt.toISOString(), '2026-03-03T00:00:00.000Z');
    assert.equal(item.text, 'Peil verlaagd\n\nHet peil gaat omlaag.');
    assert.equal(item.author.name, 'Jan de Vries');
    assert.equal(item.language, 'nl');
  });

  it('maps a JSON Feed item; a bare id is scoped by the feed', () => {
    const feed = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Bibliotheek Lindenwaard',
      language: 'nl-NL',
      items: [
        {
          id: '42',
          url: 'https://bieb.example/42',
          title: 'Langer open',
          summary: 'Vanaf maart <ook> op zondag.',
          content_html: '<p>Lange tekst</p>',
          date_published: '2026-03-03T09:15:00Z',
          authors: [{ name: 'Piet' }],
        },
        {
          id: 'https://bieb.example/43',
          content_text: 'Alleen tekst',
          date_modified: '2026-03-04T10:00:00+01:00',
        },
      ],
    });
    const [first, second] = messagesOf(feed);
    assert.ok(first && !(first instanceof RecordError));
    assert.equal(first.platformId, `${FEED_URL}#42`);
    assert.equal(first.text, 'Langer open\n\nVanaf maart <ook> op zondag.');
    assert.equal(first.author.name, 'Piet');
    assert.ok(second && !(second instanceof RecordError));
    assert.equal(second.platformId, 'https://bieb.example/43');
    assert.equal(second.text, 'Alleen tekst');
    assert.equal(second.createdAt.toISOString(), '2026-03-04T09:00:00.000Z');
  });
});

describe('feed dates', () => {
  it('reads RFC 822 dates in their forms', () => {
    const cases: [string, string][] = [
      ['Tue, 03 Mar 2026 09:15:00 +0100', '2026-03-03T08:15:00.000Z'],
      ['3 Mar 2026 09:15 GMT', '2026-03-03T09:15:00.000Z'],
      ['Wed, 03 Mar 2026 09:15:00 +0100', '2026-03-03T08:15:00.000Z'],
      ['Tue, 03 Mar 26 09:15:00 EST', '2026-03-03T14:15:00.000Z'],
      ['Sun, 29 Mar 2026 03:00:00 CEST', '2026-03-29T01:00:00.000Z'],
      ['Tue, 03 Mar 2026 09:15:00 Z', '2026-03-03T09:15:00.000Z'],
    ];
    for (const [text, iso] of cases) assert.equal(parseRfc822Date(text)?.toISOString(), iso, text);
  });

  it('refuses dates that do not exist, have no zone or are not dates', () => {
    for (const text of [
      'Sun, 29 Feb 2026 10:00:00 GMT',
      'Tue, 03 Mar 2026 24:00:00 GMT',
      'Tue, 03 Mar 2026 09:15:00',
      'Tue, 03 Mrt 2026 09:15:00 GMT',
      'Tue, 03 Mar 2026 09:15:00 +2500',
      'gisteren',
      '',
    ]) {
      assert.equal(parseFeedDate(text), null, text);
    }
  });

  it('reads W3CDTF: with or without seconds, a fraction, or a date alone', () => {
    assert.equal(parseW3cDate('2026-03-03T09:15:00+01:00')?.toISOString(), '2026-03-03T08:15:00.000Z');
    assert.equal(parseW3cDate('2026-03-03T09:15Z')?.toISOString(), '2026-03-03T09:15:00.000Z');
    assert.equal(parseW3cDate('2026-03-03t09:15:00.25z')?.toISOString(), '2026-03-03T09:15:00.250Z');
    assert.equal(parseW3cDate('2026-03-03')?.toISOString(), '2026-03-03T00:00:00.000Z');
    assert.equal(parseW3cDate('2026-03-03T09:15:00'), null, 'a time without a zone');
    assert.equal(parseW3cDate('2026-02-29T09:15:00Z'), null);
    assert.equal(parseW3cDate('2026-03-03T09:15:00+0100'), null);
  });
});
