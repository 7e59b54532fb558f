import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CBS_ODATA_URL,
  cbsGemeenteName,
  cbsPopulationUrl,
  cbsRegionsUrl,
  fetchCbsPopulations,
  fetchPdokBoundaries,
  odataNextLink,
  ogcNextLink,
  PDOK_GEBIEDSINDELINGEN_URL,
  parseCbsPopulationPage,
  parseCbsRegionsPage,
  parsePdokFeaturePage,
  pdokItemsUrl,
} from './cbsOpenData.ts';
import { startFakeOpenData } from './fixtures/fakeOpenData.ts';
import {
  CBS_POPULATION_ROWS,
  CBS_REGIONS,
  cbsPage,
  PDOK_FEATURES,
  pdokPage,
} from './fixtures/openDataSamples.ts';
import { FetchError } from './httpJson.ts';

test('the URLs ask CBS for the totals of every gemeente on 1 January, and PDOK for one year', () => {
  const url = new URL(cbsPopulationUrl(CBS_ODATA_URL, 2024));
  assert.equal(url.origin + url.pathname, 'https://opendata.cbs.nl/ODataApi/odata/03759ned/TypedDataSet');
  assert.equal(url.searchParams.get('$format'), 'json');
  assert.equal(
    url.searchParams.get('$filter'),
    "Geslacht eq 'T001038' and Leeftijd eq '10000' and BurgerlijkeStaat eq 'T001019' and Perioden eq '2024JJ00' and startswith(RegioS,'GM')",
  );
  assert.equal(url.searchParams.get('$select'), 'RegioS,Perioden,BevolkingOp1Januari_1');
  assert.equal(
    cbsRegionsUrl(`${CBS_ODATA_URL}/`),
    "https://opendata.cbs.nl/ODataApi/odata/03759ned/RegioS?$format=json&$filter=startswith(Key%2C'GM')&$select=Key%2CTitle",
  );
  assert.equal(
    pdokItemsUrl(PDOK_GEBIEDSINDELINGEN_URL, 2025),
    'https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1/collections/gemeente_gegeneraliseerd/items?f=json&jaarcode=2025&limit=1000',
  );
});

test('a TypedDataSet page: padded keys trimmed, null figures and other regions skipped, bad figures rejected', () => {
  const rows = [
    ...CBS_POPULATION_ROWS,
    { RegioS: 'NL01  ', Perioden: '2024JJ00', BevolkingOp1Januari_1: 17_900_000 },
    { RegioS: 'GM0518', Perioden: '2023JJ00', BevolkingOp1Januari_1: 1 },
    { RegioS: 'GM0599', Perioden: '2024JJ00', BevolkingOp1Januari_1: -3 },
    { RegioS: 'GM0600', Perioden: '2024JJ00', BevolkingOp1Januari_1: '12' },
  ];
  const parsed = parseCbsPopulationPage(cbsPage(rows), 2024, 'http://cbs/page');
  assert.deepEqual(parsed.rows, [
    { code: 'GM0014', count: 240_000 },
    { code: 'GM0034', count: 220_000 },
    { code: 'GM0037', count: 32_000 },
    { code: 'GM0344', count: 370_000 },
    { code: 'GM0363', count: 930_000 },
    { code: 'GM1680', count: 50_000 },
  ]);
  assert.deepEqual(
    parsed.rejected.map((r) => `${r.location}: ${r.reason}`),
    [
      'http://cbs/page#value[9]: GM0599: BevolkingOp1Januari_1 -3 is not a whole number of 0 or more',
      'http://cbs/page#value[10]: GM0600: BevolkingOp1Januari_1 "12" is not a whole number of 0 or more',
    ],
  );
  assert.throws(() => parseCbsPopulationPage({ error: 'x' }, 2024, 'GET u'), /GET u: not an OData result/);
});

test('next-page links: odata.nextLink (v3), @odata.nextLink (v4), OGC API links rel=next', () => {
  assert.equal(odataNextLink(cbsPage([], 'http://cbs/next')), 'http://cbs/next');
  assert.equal(odataNextLink({ value: [], '@odata.nextLink': 'http://v4/next' }), 'http://v4/next');
  assert.equal(odataNextLink(cbsPage([])), null);
  assert.equal(
    ogcNextLink(pdokPage([], 'http://p/items?f=json', 'http://p/items?f=json&cursor=2')),
    'http://p/items?f=json&cursor=2',
  );
  assert.equal(ogcNextLink(pdokPage([], 'http://p/items?f=json')), null);
  assert.equal(ogcNextLink({ links: [{ rel: 'next', type: 'text/html', href: 'http://p/h' }] }), null);
});

test('region names lose the "(gemeente)" CBS adds to tell them from the province', () => {
  assert.equal(cbsGemeenteName('Groningen (gemeente)'), 'Groningen');
  assert.equal(cbsGemeenteName("'s-Gravenhage (gemeente)"), "'s-Gravenhage");
  assert.equal(cbsGemeenteName('Bergen (NH.)'), 'Bergen (NH.)');
  const names = parseCbsRegionsPage(CBS_REGIONS, 'x');
  assert.equal(names.get('GM0014'), 'Groningen');
  assert.equal(names.get('GM0344'), 'Utrecht');
  assert.equal(names.size, 7);
});

test('a PDOK page must be a FeatureCollection', () => {
  assert.equal(parsePdokFeaturePage(pdokPage(PDOK_FEATURES, 'http://p'), 'x').length, 6);
  assert.throws(
    () => parsePdokFeaturePage({ type: 'Feature' }, 'GET u'),
    /GET u: not a GeoJSON FeatureCollection/,
  );
});

test('fetching from a server on loopback follows the pages of both sources', async () => {
  const fake = await startFakeOpenData({ pageSize: 3 });
  try {
    const options = { cbsUrl: fake.cbsUrl, pdokUrl: fake.pdokUrl, timeoutMs: 5000 };
    const population = await fetchCbsPopulations(2024, options);
    assert.equal(population.read, 7);
    assert.deepEqual(population.rejected, []);
    assert.deepEqual(
      [...population.counts.keys()],
      ['GM0014', 'GM0034', 'GM0037', 'GM0344', 'GM0363', 'GM1680'],
    );
    assert.equal(population.names.get('GM0014'), 'Groningen');
    const boundaries = await fetchPdokBoundaries(2024, options);
    assert.equal(boundaries.read, 6);
    assert.deepEqual(boundaries.rejected, []);
    assert.equal(boundaries.boundaries.length, 6);
    assert.equal(boundaries.boundaries[0]?.validYear, 2024);
    const paths = fake.requests.map((r) =>
      decodeURIComponent(r)
        .replace(/\?.*?(\$skiptoken=\d+|cursor=\d+)?$/, ' $1')
        .trim(),
    );
    assert.deepEqual(paths, [
      '/cbs/03759ned/TypedDataSet',
      '/cbs/03759ned/TypedDataSet $skiptoken=3',
      '/cbs/03759ned/TypedDataSet $skiptoken=6',
      '/cbs/03759ned/RegioS',
      '/pdok/collections/gemeente_gegeneraliseerd/items',
      '/pdok/collections/gemeente_gegeneraliseerd/items cursor=3',
    ]);
  } finally {
    await fake.close();
  }
});

test('a failing second page or garbage JSON is an error naming the URL', async () => {
  const failing = await startFakeOpenData({
    pageSize: 3,
    fail: { match: /skiptoken=3/, status: 500, body: 'Internal error' },
  });
  try {
    await assert.rejects(
      fetchCbsPopulations(2024, { cbsUrl: failing.cbsUrl, timeoutMs: 5000 }),
      (error: Error) => {
        assert.ok(error instanceof FetchError);
        assert.match(
          error.message,
          /^GET http:\/\/127\.0\.0\.1:\d+\/cbs\/03759ned\/TypedDataSet\?.*skiptoken=3: HTTP 500 Internal Server Error: Internal error$/,
        );
        return true;
      },
    );
  } finally {
    await failing.close();
  }
  const garbage = await startFakeOpenData({
    fail: {
      match: /items/,
      status: 200,
      body: '{"type":"FeatureCollection","features":[',
      contentType: 'application/geo+json',
    },
  });
  try {
    await assert.rejects(
      fetchPdokBoundaries(2024, { pdokUrl: garbage.pdokUrl, timeoutMs: 5000 }),
      /\/pdok\/collections\/gemeente_gegeneraliseerd\/items\?f=json&jaarcode=2024&limit=1000: the answer is not JSON/,
    );
  } finally {
    await garbage.close();
  }
});
