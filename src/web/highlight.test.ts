import assert from 'node:assert/strict';
import { test } from 'node:test';
import { highlightTargets, parseQuery } from '../search/query/index.ts';
import { highlighted } from './highlight.ts';

function marked(query: string, text: string): string {
  const parsed = parseQuery(query);
  assert.ok(parsed.ok, query);
  return highlighted(text, highlightTargets(parsed.query)).value;
}

test('words are marked in every form the Dutch stemmer gives them, without regard to case', () => {
  assert.equal(
    marked('vergunning', 'Twee Vergunningen en een vergunning, geen vergunningvrij.'),
    'Twee <mark class="meetlat-mark">Vergunningen</mark> en een <mark class="meetlat-mark">vergunning</mark>, geen vergunningvrij.',
  );
  assert.equal(
    marked('straat', 'De straten en de straat'),
    'De <mark class="meetlat-mark">straten</mark> en de <mark class="meetlat-mark">straat</mark>',
  );
});

test('prefixes, phrases, hashtags and mentions', () => {
  assert.equal(marked('vergunn*', 'vergunningvrij'), '<mark class="meetlat-mark">vergunningvrij</mark>');
  assert.equal(
    marked('"niet opgehaald"', 'Afval NIET  opgehaald; niet vandaag opgehaald'),
    'Afval <mark class="meetlat-mark">NIET  opgehaald</mark>; niet vandaag opgehaald',
  );
  assert.equal(
    marked('#afval @gemeente', '#afval #afvalbak @Gemeente @gemeente_x mail@gemeente'),
    '<mark class="meetlat-mark">#afval</mark> #afvalbak <mark class="meetlat-mark">@Gemeente</mark> @gemeente_x mail@gemeente',
  );
  assert.equal(marked('e-mail', 'Stuur een E-mail'), 'Stuur een <mark class="meetlat-mark">E-mail</mark>');
});

test('negated parts are not marked; overlapping hits become one mark', () => {
  assert.equal(marked('afval -glas', 'afval en glas'), '<mark class="meetlat-mark">afval</mark> en glas');
  assert.equal(marked('"vol afval" afval', 'Zo vol afval'), 'Zo <mark class="meetlat-mark">vol afval</mark>');
});

test('the text is always text: markup in it is escaped, in and out of marks', () => {
  assert.equal(
    marked('script', '<script>alert("x")</script> & co'),
    '&lt;<mark class="meetlat-mark">script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark class="meetlat-mark">script</mark>&gt; &amp; co',
  );
  assert.equal(highlighted('<b>', null).value, '&lt;b&gt;');
});
