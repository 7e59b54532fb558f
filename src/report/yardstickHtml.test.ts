import assert from 'node:assert/strict';
import { test } from 'node:test';
import { figuresWith as figures } from '../../test/support/figures.ts';
import type { ComparisonClass, OrganisationKind } from '../domain/organisation.ts';
import type { AreaGeometry } from '../reference/geometry.ts';
import type {
  AccountFigures,
  ClassFigures,
  Figures,
  OrganisationFigures,
  TotalFigures,
  Yardstick,
} from '../yardstick/figures.ts';
import type { ReportInput } from './input.ts';
import { renderYardstickReport } from './yardstickHtml.ts';

/** The renderer is a pure function: these tests give it a yardstick made by hand. */

const HOSTILE = '<img src=x onerror="alert(1)">&co';
const HOSTILE_HANDLE = '</script><script>alert(2)</script>';

function org(
  code: string,
  name: string,
  cls: ComparisonClass | null,
  inhabitants: number | null,
  values: Partial<Figures>,
  kind: OrganisationKind = 'gemeente',
): OrganisationFigures {
  return { code, name, kind, class: cls, inhabitants, accounts: 1, ...figures(values) };
}

const VEERE = org('GM0717', 'Veere', 'klein', 21_867, {
  sent: 200,
  reply: 30,
  repost: 20,
  broadcast: 150,
  reply_pct: 15,
  repost_pct: 10,
  broadcast_pct: 75,
  inbound: 50,
  answered: 40,
  response_rate: 80,
  mean_first_response_s: 2 * 3600 + 5 * 60 + 40,
  median_first_response_s: 3000,
  p90_first_response_s: 20_000,
  buckets: [30, 20, 10, 10, 10, 10, 5, 5],
  followers: 4606,
  following: 300,
  followers_per_1000_inhabitants: 210.6,
});

const QUIET = org('GM0088', 'Schiermonnikoog', 'klein', 944, {
  sent: 10,
  reply: 0,
  repost: 0,
  broadcast: 10,
  reply_pct: 0,
  repost_pct: 0,
  broadcast_pct: 100,
  // No inbound messages, no snapshot: response and audience figures cannot be computed.
});

const NOPOP = org('GM9999', HOSTILE, null, null, { sent: 5, reply: 5, reply_pct: 100, followers: 10 });

const OTHER = org('GM0312', 'Bunnik', 'klein', 15_590, {
  sent: 100,
  reply: 50,
  reply_pct: 50,
  inbound: 20,
  answered: 10,
  response_rate: 50,
  mean_first_response_s: 95_668 * 1.5,
  buckets: [0, 0, 0, 10, 20, 30, 20, 20],
  followers: 918,
});

const PROVINCE = org(
  'PV26',
  'Provincie Utrecht',
  'provincie',
  1_369_873,
  { sent: 40, inbound: 4, answered: 4, response_rate: 100, mean_first_response_s: 600 },
  'provincie',
);

const KLEIN: ClassFigures = {
  class: 'klein',
  organisations: 3,
  accounts: 3,
  ...figures({
    sent: 103.3,
    reply_pct: 34,
    response_rate: 65,
    mean_first_response_s: 26 * 3600 + 34 * 60 + 28,
    median_first_response_s: 7200,
    buckets: [15, 10, 5, 10, 15, 20, 12.5, 12.5],
    followers: 2662,
  }),
};

const TOTALS: TotalFigures = {
  organisations: 5,
  accounts: 5,
  ...figures({
    sent: 355,
    inbound: 74,
    answered: 58,
    response_rate: 78.4,
    mean_first_response_s: 30_000,
    buckets: [20, 10, 10, 10, 10, 20, 10, 10],
  }),
};

function account(o: OrganisationFigures, handle: string): AccountFigures {
  const { code, name, kind, class: cls, inhabitants: _i, accounts: _a, ...rest } = o;
  return { platform: 'mastodon', handle, organisation: { code, name, kind, class: cls }, ...rest };
}

function yardstick(
  from: string,
  to: string,
  organisations: OrganisationFigures[],
  totals = TOTALS,
): Yardstick {
  return {
    period: { from, to },
    accounts: organisations.map((o) => account(o, o === VEERE ? HOSTILE_HANDLE : `@${o.code}`)),
    organisations,
    classes: [KLEIN, { class: 'provincie', organisations: 1, accounts: 1, ...figures({ sent: 40 }) }],
    totals,
  };
}

function square(lon: number, lat: number, clockwise: boolean): AreaGeometry {
  const ring = [
    [lon, lat],
    [lon, lat + 0.1],
    [lon + 0.1, lat + 0.1],
    [lon + 0.1, lat],
    [lon, lat],
  ];
  return { type: 'Polygon', coordinates: [clockwise ? ring : [...ring].reverse()] };
}

const CURRENT = yardstick('2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', [
  VEERE,
  QUIET,
  NOPOP,
  OTHER,
  PROVINCE,
]);
const PREVIOUS = yardstick(
  '2024-01-01T00:00:00.000Z',
  '2025-01-01T00:00:00.000Z',
  [{ ...VEERE, response_rate: 60, mean_first_response_s: 3600, reply_pct: 20, followers: 4000 }, OTHER],
  { ...TOTALS, response_rate: 70, mean_first_response_s: 28_000 },
);
const QUARTERS = [0, 3, 6, 9].map((m) =>
  yardstick(new Date(Date.UTC(2025, m, 1)).toISOString(), new Date(Date.UTC(2025, m + 3, 1)).toISOString(), [
    { ...VEERE, response_rate: 70 + m, mean_first_response_s: m === 6 ? null : 5000 + m * 100 },
    OTHER,
  ]),
);

const INPUT: ReportInput = {
  current: CURRENT,
  previous: PREVIOUS,
  quarters: QUARTERS,
  boundaries: [
    { code: 'GM0717', name: 'Veere', geometry: square(3.5, 51.5, true) },
    { code: 'GM0088', name: 'Schiermonnikoog', geometry: square(6.2, 53.45, false) },
    { code: 'GM0312', name: 'Bunnik', geometry: square(5.2, 52.05, true) },
    { code: 'GM0363', name: 'Amsterdam', geometry: square(4.85, 52.35, false) },
    { code: 'GM9999', name: null, geometry: square(5.5, 52.5, true) },
  ],
  mapMetric: 'response_rate',
  generatedAt: new Date('2026-01-05T10:00:00Z'),
};

const HTML = renderYardstickReport(INPUT);

function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}

const TEXT = textOf(HTML);

test('one Dutch document, nothing outside it: no external URL, link or resource', () => {
  assert.match(HTML, /^<!doctype html>\n<html lang="nl">/);
  assert.equal((HTML.match(/<html/g) ?? []).length, 1);
  assert.deepEqual(HTML.match(/\b(?:src|href|xlink:href|action)\s*=\s*"(?!#)[^"]*"/g), null);
  assert.deepEqual(HTML.match(/url\((?!#)/g), null);
  assert.deepEqual(HTML.match(/@import|<link\b|<iframe|<img\b/gi), null);
  // The only URL-like string is the SVG namespace the map script creates legend swatches in.
  assert.deepEqual([...new Set(HTML.match(/https?:\/\/[^\s'"<)]+/g))], ['http://www.w3.org/2000/svg']);
});

test("the study's sentence per organisation, with class averages and h:mm:ss durations", () => {
  assert.ok(
    TEXT.includes(
      'Gemeente Veere valt in de categorie kleine gemeenten: aantal volgers 4.606 tegen 2.662 gemiddeld; ' +
        '% reactie 15% tegen 34%; % beantwoord 80% tegen 65%; gemiddelde reactietijd 2:05:40 tegen 26:34:28.',
    ),
    TEXT.slice(TEXT.indexOf('Gemeente Veere valt'), TEXT.indexOf('Gemeente Veere valt') + 300),
  );
  assert.ok(
    TEXT.includes(
      'Ten opzichte van vorig jaar: aantal volgers +606 (beter); % reactie -5 procentpunt; % beantwoord +20 procentpunt (beter); gemiddelde reactietijd +1:05:40 (slechter).',
    ),
  );
});

test('the national overview: headline from last year, a row per class and the pooled total', () => {
  // % beantwoord 70 → 78.4 (more), mean response 28,000 s → 30,000 s (7% slower: "iets").
  assert.ok(TEXT.includes('Meer vragen beantwoord door overheden, maar ook iets trager'));
  // Messages of a class: its mean per account × its accounts (103.3 × 3 = 310).
  assert.match(TEXT, /Kleine gemeenten minder dan 50\.000 inwoners 3 3 310 /);
  assert.match(TEXT, /Alle accounts samen 5 5 355 /);
});

test('a figure that cannot be computed says why instead of a number', () => {
  const quiet = pageText('GM0088');
  assert.ok(
    quiet.includes('% beantwoord hoger is beter niet te berekenen: geen inkomende berichten in deze periode'),
  );
  assert.ok(
    quiet.includes('Aantal volgers hoger is beter niet te berekenen: geen meting van het aantal volgers'),
  );
  assert.ok(quiet.includes('aantal volgers onbekend (geen meting van het aantal volgers'));
  const nopop = pageText('GM9999');
  assert.ok(
    nopop.includes('Volgers per 1.000 inwoners hoger is beter niet te berekenen: aantal inwoners onbekend'),
  );
  assert.ok(nopop.includes('valt in geen categorie: het aantal inwoners is onbekend'));
  const veere = pageText('GM0717');
  assert.ok(
    veere.includes(
      'Groei aantal volgers hoger is beter niet te berekenen: geen meting van het aantal volgers op of vóór het begin',
    ),
  );
  // No "null", "NaN" or "undefined" anywhere a number should be.
  assert.doesNotMatch(TEXT, /\b(?:null|NaN|undefined|Infinity)\b/);
});

function pageText(code: string): string {
  const start = HTML.indexOf(`<article class="org-page" id="org-${code}"`);
  assert.ok(start >= 0, `no page for ${code}`);
  return textOf(HTML.slice(start, HTML.indexOf('</article>', start)));
}

test('each figure beside its class average, last year, the change and the rank within the class', () => {
  const veere = pageText('GM0717');
  // Kengetal | Veere | klasse | vorig jaar | verandering | rang
  // Of the klein gemeenten only Veere and Bunnik have a response rate (Schiermonnikoog has no
  // inbound messages; the gemeente without inhabitants has no class).
  assert.ok(
    veere.includes('% beantwoord hoger is beter 80% 65% 60% +20 procentpunt beter 1 van 2 1 = hoogste'),
  );
  assert.ok(
    veere.includes(
      'Gemiddelde reactietijd sneller is beter 2:05:40 26:34:28 1:00:00 +1:05:40 slechter 1 van 2 1 = snelste',
    ),
  );
  // Bunnik is slower: rank 2 of the 2 klein gemeenten with a response time.
  assert.ok(
    pageText('GM0312').includes(
      'Gemiddelde reactietijd sneller is beter 39:51:42 26:34:28 39:51:42 0:00:00 gelijk 2 van 2',
    ),
  );
  // Not in last year's data: the reason, and no change.
  assert.ok(
    pageText('GM0088').includes(
      'Verzonden berichten 10 103 niet te berekenen: geen account van deze organisatie in de database n.v.t. 3 van 3',
    ),
  );
});

test('the charts: role="img" SVGs named by their title and description, each with its numbers as a table', () => {
  const svgs = HTML.match(/<svg [^>]*role="img"[^>]*>/g) ?? [];
  // National: buckets, two trends, the map. Per organisation a bucket chart and two trends, but
  // no bucket chart where neither the organisation nor its class has buckets (the provincie,
  // the gemeente without a class): then the table alone says why.
  assert.equal(svgs.length, 1 + 2 + 1 + 5 * 3 - 2);
  for (const svg of svgs) {
    const [, ids] = svg.match(/aria-labelledby="([^"]+)"/) ?? [];
    assert.ok(ids, svg);
    for (const id of ids.split(' ')) {
      assert.match(HTML, new RegExp(`<(?:title|desc|figcaption) id="${id}">[^<]+</`));
    }
  }
  const veere = pageText('GM0717');
  assert.ok(veere.includes('binnen 20 min 30% 15%'));
  assert.ok(veere.includes('meer dan 2 dagen 5% 13%'));
  // The trend table: Q3 has no response time for Veere, and says why.
  assert.ok(
    veere.includes('K3 2025 200 50 76% 65% niet te berekenen: geen van de inkomende berichten is beantwoord'),
  );
  assert.ok(veere.includes('K4 2025 200 50 79% 65% 1:38:20 26:34:28'));
});

test('text from data is escaped everywhere, also inside the embedded JSON', () => {
  assert.ok(!HTML.includes(HOSTILE));
  assert.ok(!HTML.includes('<script>alert'));
  assert.ok(!HTML.includes('<img'));
  assert.ok(HTML.includes('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;co'));
  assert.ok(HTML.includes('&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;'));
  // Exactly the two scripts we wrote: the map data (JSON) and the map switch.
  const scripts = HTML.match(/<script[^>]*>/g) ?? [];
  assert.deepEqual(scripts, ['<script type="application/json" id="map-data">', '<script>']);
  const json = HTML.slice(
    HTML.indexOf('id="map-data">') + 'id="map-data">'.length,
    HTML.indexOf('</script>'),
  );
  assert.ok(!/[<>]/.test(json));
  const data = JSON.parse(json);
  assert.equal(data.names.GM9999, HOSTILE);
});

test('the map: a path per boundary with its code and name, quantile classes and "geen gegevens"', () => {
  const paths =
    HTML.match(/<path d="[^"]+" data-code="[^"]+" fill="[^"]+"><title>[^<]*<\/title><\/path>/g) ?? [];
  assert.equal(paths.length, 5);
  assert.ok(HTML.includes('data-code="GM0717" fill="#2171b5"><title>Veere: 80%</title>'));
  assert.ok(HTML.includes('data-code="GM0312" fill="#9ecae1"><title>Bunnik: 50%</title>'));
  assert.ok(
    HTML.includes(
      'data-code="GM0088" fill="url(#map-nodata)"><title>Schiermonnikoog: geen gegevens: geen inkomende berichten in deze periode',
    ),
  );
  assert.ok(
    HTML.includes(
      'data-code="GM0363" fill="url(#map-nodata)"><title>Amsterdam: geen gegevens: geen account in de database</title>',
    ),
  );
  assert.ok(TEXT.includes('geen gegevens (3 gemeenten)'));
  assert.ok(TEXT.includes('50% (1 gemeente)'));
  // Every square is drawn as a square, whichever way its ring runs (none swallows the map).
  const sizes = paths.map((p) => {
    const numbers = (p.match(/d="([^"]+)"/)?.[1] ?? '').match(/-?\d+(?:\.\d+)?/g)?.map(Number) ?? [];
    const xs = numbers.filter((_, i) => i % 2 === 0);
    return Math.max(...xs) - Math.min(...xs);
  });
  for (const size of sizes) assert.ok(size > 5 && size < 60, `square ${size} px wide`);
  // The switch is hidden until the script shows it, and the chosen metric is selected.
  assert.match(HTML, /<div class="map-control" id="map-control" hidden>/);
  assert.match(HTML, /<option value="response_rate" selected>/);
});

test('print: each organisation starts a new page; the same input renders the same bytes', () => {
  assert.match(HTML, /@media print \{[\s\S]*article\.org-page[^{]*\{ break-before: page; \}/);
  assert.equal((HTML.match(/<article class="org-page"/g) ?? []).length, 5);
  assert.equal(renderYardstickReport(INPUT), HTML);
});

test('with one organisation asked for, only its page; without last year, no comparison columns', () => {
  const one = renderYardstickReport({ ...INPUT, org: 'GM0312', previous: null });
  assert.equal((one.match(/<article class="org-page"/g) ?? []).length, 1);
  const text = textOf(one);
  assert.ok(text.includes('Geen vergelijking met vorig jaar'));
  assert.ok(!text.includes('Vorig jaar Verandering'));
  // Ranks stay national (within the class): Bunnik is 2nd of 3 by % beantwoord.
  assert.ok(
    text.includes('% beantwoord hoger is beter 50% 65% 2 van 2'),
    text.slice(text.indexOf('Kengetallen van Gemeente Bunnik')),
  );
});

test('last year without messages: said once, and the overview does not compare message figures', () => {
  const empty = yardstick(
    '2024-01-01T00:00:00.000Z',
    '2025-01-01T00:00:00.000Z',
    [{ ...VEERE, ...figures({ followers: 4000 }) }],
    {
      ...TOTALS,
      ...figures({ followers: 4000 }),
    },
  );
  const text = textOf(renderYardstickReport({ ...INPUT, previous: empty }));
  assert.ok(
    text.includes(
      'Over vorig jaar (1 januari 2024 t/m 31 december 2024) staan geen berichten in de database: de cijfers hieronder zijn niet met vorig jaar vergeleken.',
    ),
  );
  const overview = text.slice(
    text.indexOf('Landelijk overzicht In deze periode'),
    text.indexOf('Kaart:', text.indexOf('Landelijk overzicht In deze periode')),
  );
  assert.ok(!overview.includes('vorig jaar:'), overview);
  // The organisation page still compares what there is: followers.
  assert.ok(text.includes('Ten opzichte van vorig jaar: aantal volgers +606 (beter).'));
});
