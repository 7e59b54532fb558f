/**
 * The query language against a database: each query of the table below is parsed, compiled and
 * run as `SELECT … FROM messages m WHERE <where>` on both engines, over a couple of dozen Dutch
 * municipal messages stored through the ingest pipeline, and must find exactly the messages
 * named. Stemming, prefixes, phrases, exact hashtags and mentions, every field, the Amsterdam
 * day boundary around the start of summer time, operators, stop words and hostile strings.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { MessageInput, MessageKind } from '../../src/domain/message.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import type { Parsed, RecordSource } from '../../src/ingest/records.ts';
import { compileQuery, describeQueryError, parseQuery } from '../../src/search/query/index.ts';
import type { Db } from '../../src/store/db.ts';
import { describeOnEngines } from '../support/engines.ts';

interface Seed {
  id: string;
  platform: string;
  kind: MessageKind;
  language: string | null;
  handle: string | null;
  at: string;
  text: string;
  mentions?: string[];
}

const SEEDS: Seed[] = [
  {
    id: 'a01',
    platform: 'mastodon',
    kind: 'post',
    language: 'nl',
    handle: 'gemeenteutrecht@social.example',
    at: '2025-03-03T09:00:00Z',
    text: 'Nieuwe regels voor de vergunning van terrassen. Lees meer op onze site. #terras',
  },
  {
    id: 'a02',
    platform: 'x',
    kind: 'reply',
    language: 'nl',
    handle: 'jan_b',
    at: '2025-03-04T10:00:00Z',
    text: 'Hoe lang duurt het aanvragen van vergunningen eigenlijk? @GemeenteUtrecht',
  },
  {
    id: 'a03',
    platform: 'facebook',
    kind: 'comment',
    language: 'nl',
    handle: null,
    at: '2025-03-05T11:00:00Z',
    text: 'Mijn vergunningsaanvraag ligt al weken stil.',
  },
  {
    id: 'a04',
    platform: 'x',
    kind: 'post',
    language: 'nl',
    handle: 'jan_b',
    at: '2025-03-06T07:30:00Z',
    text: 'Het afval is weer niet opgehaald in de Kanaalstraat #afval',
  },
  {
    id: 'a05',
    platform: 'bluesky',
    kind: 'post',
    language: 'nl',
    handle: 'els.bsky.social',
    at: '2025-03-07T12:00:00Z',
    text: 'Waarom staat de #afvalbak op het plein altijd vol?',
  },
  {
    id: 'a06',
    platform: 'mastodon',
    kind: 'reply',
    language: 'nl',
    handle: 'els@social.example',
    at: '2025-03-08T08:15:00Z',
    text: 'Container al drie dagen vol. Niet goed! #Afval',
  },
  {
    id: 'a07',
    platform: 'x',
    kind: 'post',
    language: 'nl',
    handle: 'piet',
    at: '2025-03-09T16:00:00Z',
    text: 'Goed, niet dan? De nieuwe parkeerapp werkt prima.',
  },
  {
    id: 'a08',
    platform: 'facebook',
    kind: 'post',
    language: 'nl',
    handle: 'GemeenteUtrecht',
    at: '2025-03-10T09:00:00Z',
    text: 'De afvalinzameling gaat niet zo goed deze week, excuses.',
  },
  {
    id: 'a09',
    platform: 'instagram',
    kind: 'post',
    language: 'en',
    handle: 'gemeenteutrecht',
    at: '2025-03-11T09:00:00Z',
    text: 'Parking permits are now available online.',
  },
  {
    id: 'a10',
    platform: 'x',
    kind: 'post',
    language: 'nl',
    handle: 'gemeenteutrecht',
    at: '2025-03-12T09:00:00Z',
    text: 'Parkeren bij het station wordt duurder vanaf april. Vragen? @GemeenteUtrecht_Hulp',
  },
  {
    id: 'a11',
    platform: 'mastodon',
    kind: 'post',
    language: 'nl',
    handle: 'marie@social.example',
    at: '2025-03-13T09:00:00Z',
    text: '@gemeenteutrecht parkeervergunning aangevraagd, hoe lang duurt dat?',
    mentions: ['gemeenteutrecht@social.example'],
  },
  {
    id: 'a12',
    platform: 'rss',
    kind: 'post',
    language: 'nl-NL',
    handle: null,
    at: '2025-03-14T09:00:00Z',
    text: 'Raadsbesluit: afvalstoffenheffing 2025 vastgesteld',
  },
  {
    id: 'a13',
    platform: 'x',
    kind: 'dm',
    language: 'nl',
    handle: 'jan_b',
    at: '2025-03-15T09:00:00Z',
    text: 'Kunt u mij privé helpen met mijn parkeervergunning?',
  },
  {
    id: 'a14',
    platform: 'bluesky',
    kind: 'quote',
    language: 'nl',
    handle: 'piet.bsky.social',
    at: '2025-03-16T09:00:00Z',
    text: 'Eindelijk! Gratis parkeren op zondag in het centrum',
  },
  {
    id: 'a15',
    platform: 'x',
    kind: 'repost',
    language: 'nl',
    handle: 'gemeenteutrecht',
    at: '2025-03-17T09:00:00Z',
    text: 'RT Afval scheiden is makkelijk, kijk op de afvalwijzer #afval #recycling',
  },
  {
    id: 'a16',
    platform: 'mastodon',
    kind: 'post',
    language: 'de',
    handle: 'hans@social.example',
    at: '2025-03-18T09:00:00Z',
    text: 'Die Genehmigung für das Parken',
  },
  {
    id: 'a17',
    platform: 'facebook',
    kind: 'comment',
    language: null,
    handle: null,
    at: '2025-03-19T09:00:00Z',
    text: "Stuur een e-mail naar de gemeente 's-Hertogenbosch over de vergunning",
  },
  {
    id: 'a18',
    platform: 'x',
    kind: 'post',
    language: 'nl',
    handle: 'hacker',
    at: '2025-03-20T09:00:00Z',
    text: "'; DROP TABLE messages; -- zei iemand in de raad",
  },
  {
    id: 'a19',
    platform: 'mastodon',
    kind: 'post',
    language: 'nl',
    handle: 'gemeenteutrecht@social.example',
    at: '2025-03-21T09:00:00Z',
    text: 'Één loket voor alle vragen over afval en parkeren',
  },
  {
    id: 'a20',
    platform: 'x',
    kind: 'post',
    language: 'nl',
    handle: 'gemeenteutrecht',
    at: '2025-03-22T09:00:00Z',
    text: 'Spreekuur parkeren, tijd: 12:00 in het stadskantoor',
  },
  // Around the start of summer time: Sunday 30 March 2025 runs from 23:00 UTC on the 29th
  // (CET) to 22:00 UTC on the 30th (CEST).
  {
    id: 'd1',
    platform: 'x',
    kind: 'post',
    language: 'nl',
    handle: 'piet',
    at: '2025-03-29T22:59:59Z',
    text: 'Afvalkalender zaterdag',
  },
  {
    id: 'd2',
    platform: 'x',
    kind: 'post',
    language: 'nl',
    handle: 'piet',
    at: '2025-03-29T23:00:00Z',
    text: 'Afvalkalender zondag begin',
  },
  {
    id: 'd3',
    platform: 'x',
    kind: 'post',
    language: 'nl',
    handle: 'piet',
    at: '2025-03-30T21:59:59Z',
    text: 'Afvalkalender zondag eind',
  },
  {
    id: 'd4',
    platform: 'x',
    kind: 'post',
    language: 'nl',
    handle: 'piet',
    at: '2025-03-30T22:00:00Z',
    text: 'Afvalkalender maandag',
  },
];

const ALL = SEEDS.map((s) => s.id).sort();
const except = (...ids: string[]) => ALL.filter((id) => !ids.includes(id));

function record(seed: Seed): Parsed {
  const message: MessageInput = {
    platform: seed.platform,
    platformId: seed.id,
    author: { id: `author-${seed.handle ?? seed.id}`, handle: seed.handle, name: null },
    createdAt: new Date(seed.at),
    text: seed.text,
    language: seed.language,
    kind: seed.kind,
    inReplyTo: seed.kind === 'reply' ? { id: `parent-of-${seed.id}`, authorId: null } : null,
    repostOf: seed.kind === 'repost' ? `original-of-${seed.id}` : null,
    quoteOf: seed.kind === 'quote' ? `quoted-by-${seed.id}` : null,
    recipientId: seed.kind === 'dm' || seed.kind === 'comment' ? 'gemeente' : null,
    mentions: seed.mentions ?? null,
    hashtags: null,
    counts: { reposts: null, likes: null, replies: null },
    url: null,
    payload: { format: 'test', raw: seed.text },
  };
  return { ok: true, location: `seed:${seed.id}`, record: { type: 'message', message } };
}

const source: RecordSource = {
  format: 'test',
  async *records() {
    yield* SEEDS.map(record);
  },
};

/** Query → the ids it must find, in order. */
const CASES: [string, string[]][] = [
  // Dutch stemming: every form of the word.
  ['vergunning', ['a01', 'a02', 'a17']],
  ['vergunningen', ['a01', 'a02', 'a17']],
  ['Vergunning', ['a01', 'a02', 'a17']],
  ['parkeervergunning', ['a11', 'a13']],
  ['één', ['a19']],
  // Prefixes.
  ['vergunn*', ['a01', 'a02', 'a03', 'a17']],
  ['VERGUNN*', ['a01', 'a02', 'a03', 'a17']],
  ['afvalstof*', ['a12']],
  ['afval*', ['a04', 'a05', 'a06', 'a08', 'a12', 'a15', 'a19', 'd1', 'd2', 'd3', 'd4']],
  // Words with inner punctuation, split as the messages are.
  ['e-mail', ['a17']],
  ["'s-Hertogenbosch", ['a17']],
  ['hertogenbosch', ['a17']],
  ['tijd:12:00', ['a20']],
  ['Raadsbesluit:', ['a12']],
  // Phrases: exact words in order, case-insensitive.
  ['"niet goed"', ['a06']],
  ['"NIET GOED"', ['a06']],
  ['"goed niet"', ['a07']],
  ['"niet opgehaald"', ['a04']],
  ['"in de raad"', ['a18']],
  ['"afval"', ['a04', 'a06', 'a15', 'a19']],
  ['"de"', ['a01', 'a04', 'a05', 'a07', 'a08', 'a15', 'a17', 'a18']],
  // Hashtags and mentions: exact.
  ['afval', ['a04', 'a06', 'a15', 'a19']],
  ['#afval', ['a04', 'a06', 'a15']],
  ['#AFVAL', ['a04', 'a06', 'a15']],
  ['#afvalbak', ['a05']],
  ['afvalbak', ['a05']],
  ['@gemeenteutrecht', ['a02']],
  ['@GemeenteUtrecht_Hulp', ['a10']],
  ['@gemeenteutrecht@social.example', ['a11']],
  // Fields.
  ['from:gemeenteutrecht', ['a08', 'a09', 'a10', 'a15', 'a20']],
  ['from:@GemeenteUtrecht@Social.Example', ['a01', 'a19']],
  ['from:jan_b', ['a02', 'a04', 'a13']],
  ['-from:jan_b', except('a02', 'a04', 'a13')],
  ['from:els.bsky.social', ['a05']],
  ['platform:bluesky', ['a05', 'a14']],
  ['platform:twitter afval', ['a04', 'a15']],
  ['platform:rss', ['a12']],
  ['lang:nl', except('a09', 'a16', 'a17')],
  ['lang:EN', ['a09']],
  ['-lang:nl', ['a09', 'a16', 'a17']],
  ['kind:reply', ['a02', 'a06']],
  ['kind:reactie', ['a02', 'a06']],
  ['kind:dm', ['a13']],
  ['kind:repost', ['a15']],
  ['kind:citaat', ['a14']],
  ['kind:comment', ['a03', 'a17']],
  ['kind:bericht', except('a02', 'a06', 'a13', 'a15', 'a14', 'a03', 'a17')],
  // Dates: from and before the start of a day in Europe/Amsterdam, across the DST switch.
  ['after:2025-03-30', ['d2', 'd3', 'd4']],
  ['before:2025-03-30', except('d2', 'd3', 'd4')],
  ['after:2025-03-30 before:2025-03-31', ['d2', 'd3']],
  ['before:2025-03-31', except('d4')],
  ['after:2025-03-31', ['d4']],
  ['afvalkalender after:2025-03-29 before:2025-03-30', ['d1']],
  ['after:2025-03-03 before:2025-03-04', ['a01']],
  // Operators.
  ['afval parkeren', ['a19']],
  ['afval AND parkeren', ['a19']],
  ['afval OR parkeren', ['a04', 'a06', 'a10', 'a14', 'a15', 'a19', 'a20']],
  ['afval OF parkeren', ['a04', 'a06', 'a10', 'a14', 'a15', 'a19', 'a20']],
  ['afval -#afval', ['a19']],
  ['afval NOT #afval', ['a19']],
  ['parkeren -(zondag OR station)', ['a19', 'a20']],
  ['(afval OR parkeren) -from:gemeenteutrecht', ['a04', 'a06', 'a14', 'a19']],
  ['vergunning OR #afvalbak kind:post', ['a01', 'a02', 'a05', 'a17']],
  ['(vergunning OR #afvalbak) kind:post', ['a01', 'a05']],
  ['-afval', except('a04', 'a06', 'a15', 'a19')],
  ['NOT afval -parkeren', except('a04', 'a06', 'a15', 'a19', 'a10', 'a14', 'a20')],
  ['"niet goed" OR #afvalbak', ['a05', 'a06']],
  ['-"niet goed" #afval', ['a04', 'a15']],
  ['#afval -@gemeenteutrecht platform:x', ['a04', 'a15']],
  // Stop words: alone they find nothing (and `text` says so), beside other conditions they drop out.
  ['de', []],
  ['de het', []],
  ['de #afval', ['a04', 'a06', 'a15']],
  ['de OR #afval', ['a04', 'a06', 'a15']],
  ['de afval', ['a04', 'a06', 'a15', 'a19']],
  ['-de', ALL],
  ['de from:jan_b', ['a02', 'a04', 'a13']],
  // Hostile strings are searched as what they literally say.
  ["'; DROP TABLE messages; --", ['a18']],
  ["1' OR '1'='1", []],
  ['$1 OR 1=1', []],
  ['\u0000afval\u0000', ['a04', 'a06', 'a15', 'a19']],
];

async function find(db: Db, query: string): Promise<string[]> {
  const parsed = parseQuery(query);
  if (!parsed.ok) assert.fail(`${query}: ${describeQueryError(parsed.error, 'en')}`);
  const { where, params } = compileQuery(parsed.query, 1);
  const rows = await db.query<{ platform_id: string }>(
    `SELECT m.platform_id FROM messages m WHERE ${where} ORDER BY m.platform_id`,
    params,
  );
  return rows.map((r) => r.platform_id);
}

describeOnEngines('the query language on the messages', (db) => {
  before(async () => {
    const report = await ingest(db(), source, { sourceKind: 'file', source: 'seed', sourceSha256: null });
    assert.deepEqual([report.imported, report.rejected], [SEEDS.length, 0]);
  });

  for (const [query, expected] of CASES) {
    test(JSON.stringify(query), async () => {
      assert.deepEqual(await find(db(), query), [...expected].sort());
    });
  }

  test('parameters may start at any number, after the caller’s own', async () => {
    const parsed = parseQuery('vergunning OR #afvalbak');
    assert.ok(parsed.ok);
    const { where, params } = compileQuery(parsed.query, 3);
    const rows = await db().query<{ platform_id: string }>(
      `SELECT m.platform_id FROM messages m WHERE m.platform = $1 AND m.kind = $2 AND ${where} ORDER BY 1`,
      ['x', 'reply', ...params],
    );
    assert.deepEqual(
      rows.map((r) => r.platform_id),
      ['a02'],
    );
  });

  test('`text`: numnode tells a stop-word-only query; ranking and headlines use it', async () => {
    const check = async (query: string) => {
      const parsed = parseQuery(query);
      assert.ok(parsed.ok);
      const { where, params, text } = compileQuery(parsed.query, 1);
      assert.ok(text);
      const [row] = await db().query<{ nodes: number; hits: number }>(
        `SELECT numnode(${text}) AS nodes, (SELECT count(*) FROM messages m WHERE ${where}) AS hits`,
        params,
      );
      return row;
    };
    assert.deepEqual(await check('de'), { nodes: 0, hits: 0 });
    assert.deepEqual(await check('de OR het'), { nodes: 0, hits: 0 });
    assert.deepEqual(await check('afval'), { nodes: 1, hits: 4 });
    const parsed = parseQuery('vergunning OR "niet goed" -terras');
    assert.ok(parsed.ok);
    const { where, params, text } = compileQuery(parsed.query, 1);
    const rows = await db().query<{ platform_id: string; rank: number; headline: string }>(
      `SELECT m.platform_id, ts_rank(m.search_vector, ${text}) AS rank,
              ts_headline('dutch', m.text, ${text}) AS headline
         FROM messages m WHERE ${where} ORDER BY m.platform_id`,
      params,
    );
    assert.deepEqual(
      rows.map((r) => r.platform_id),
      ['a01', 'a02', 'a06', 'a17'],
    );
    assert.ok(rows.every((r) => r.rank > 0));
    assert.match(rows[1]?.headline ?? '', /<b>vergunningen<\/b>/);
  });

  test('hostile queries leave the table as it was', async () => {
    for (const query of [
      "'; DROP TABLE messages; --",
      "x'); DELETE FROM messages; --",
      '"; TRUNCATE messages; --"',
      "from:x'-- platform:x",
    ]) {
      const parsed = parseQuery(query);
      if (!parsed.ok) continue;
      const { where, params } = compileQuery(parsed.query, 1);
      await db().query(`SELECT m.id FROM messages m WHERE ${where}`, params);
    }
    const [row] = await db().query<{ n: number }>('SELECT count(*) AS n FROM messages');
    assert.equal(row?.n, SEEDS.length);
  });
});
