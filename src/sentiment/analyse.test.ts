import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseSentiment, explainSentiment, labelOf, MAX_CHARS, SETTINGS } from './analyse.ts';

const label = (text: string) => analyseSentiment(text).label;

test('plain sentiment words: "goed" positive, "slecht" negative, a question neutral', () => {
  assert.equal(label('goed'), 'positive');
  assert.equal(label('Heel goed geregeld!'), 'positive');
  assert.equal(label('slecht'), 'negative');
  assert.equal(label('Wanneer wordt het grofvuil opgehaald?'), 'neutral');
  assert.equal(label('Vanaf maandag is de Stationsweg afgesloten.'), 'neutral');
});

test('negation: "niet goed" is negative, "niet slecht" is not negative, "geen probleem" is not negative', () => {
  assert.equal(label('niet goed'), 'negative');
  assert.equal(label('Dit is echt niet goed geregeld.'), 'negative');
  assert.equal(label('Het was helemaal niet leuk.'), 'negative');
  assert.notEqual(label('niet slecht'), 'negative');
  assert.notEqual(label('geen probleem'), 'negative');
  assert.equal(label('Geen probleem, dank je!'), 'positive');
  assert.notEqual(label('Geen zorgen'), 'negative');
  // A negator reaches only into its own clause.
  assert.equal(label('Ik had het niet verwacht, maar het is goed.'), 'positive');
});

test('a negated positive word is clearly negative; a negated negative word only mildly positive', () => {
  const negatedGood = analyseSentiment('niet mooi').score;
  const negatedBad = analyseSentiment('niet lelijk').score;
  assert.ok(negatedGood < 0);
  assert.ok(negatedBad > 0);
  assert.ok(Math.abs(negatedBad) < Math.abs(analyseSentiment('lelijk').score));
});

test('intensifiers strengthen, "maar" shifts the weight to what follows', () => {
  assert.ok(analyseSentiment('heel goed').score > analyseSentiment('goed').score);
  assert.ok(analyseSentiment('ontzettend slecht').score < analyseSentiment('slecht').score);
  assert.equal(label('Het begon goed, maar het is nu echt slecht.'), 'negative');
});

test('municipal complaints without lexicon words: waiting, repeating, nothing happening', () => {
  assert.equal(label('Al 3 weken staat de container vol'), 'negative');
  assert.equal(label('Nog steeds geen reactie op mijn melding.'), 'negative');
  assert.equal(label('Voor de vierde keer gebeld.'), 'negative');
});

test('thanks are positive; the politeness formula of a webcare reply is not', () => {
  assert.equal(label('Bedankt voor de snelle hulp!'), 'positive');
  assert.equal(label('Dank je wel'), 'positive');
  assert.equal(
    label('Hoi Sanne, bedankt voor je melding. We geven het door aan de buitendienst.'),
    'neutral',
  );
});

test('emoji and emoticons count', () => {
  assert.equal(label('😊'), 'positive');
  assert.equal(label('👍👍'), 'positive');
  assert.equal(label('🤬'), 'negative');
  assert.equal(label(':)'), 'positive');
  assert.equal(label(':('), 'negative');
  assert.equal(label('De container is geleegd 👍'), 'positive');
  assert.equal(label('De container is weer niet geleegd 😡'), 'negative');
  // A skin tone or variation selector does not hide an emoji.
  assert.equal(label('👍🏽'), 'positive');
  assert.equal(label('❤️'), 'positive');
});

test('URLs and @mentions carry no sentiment; a #hashtag counts as its word', () => {
  assert.equal(label('https://example.org/slecht @slecht'), 'neutral');
  assert.equal(label('#slecht'), 'negative');
});

test('any text gets a label and a score in [-1, 1] without throwing', () => {
  const odd = [
    '',
    '   \n\t  ',
    '\u0000\u0001\u0007\u001b[31m\u007f',
    '<script>alert("goed")</script><img src=x onerror=alert(1)>',
    "'; DROP TABLE messages; -- niet goed",
    'Robert"); DELETE FROM users WHERE ("1"="1',
    '\uD800 lone surrogate \uDFFF',
    '🏳️‍🌈👨‍👩‍👧‍👦🇳🇱',
    'x'.repeat(100_000),
    'goed '.repeat(50_000),
    'niet '.repeat(10_000),
    '!!!???...,,,;;;:::',
    'ÀÉÎÕÜ ñ ß ﬁ Ω 中文 العربية',
    ':):(:D;)<3',
    '-'.repeat(1000),
    // Names an object has from its prototype are words here, never looked up there.
    '{{constructor.constructor("alert(1)")()}}',
    'constructor __proto__ tostring valueof hasownproperty',
  ];
  for (const text of odd) {
    const result = analyseSentiment(text);
    assert.ok(['positive', 'neutral', 'negative'].includes(result.label), JSON.stringify(text.slice(0, 40)));
    assert.ok(Number.isFinite(result.score) && result.score >= -1 && result.score <= 1);
  }
  assert.deepEqual(analyseSentiment(''), { label: 'neutral', score: 0 });
  // Not a string at all (from untyped JSON): still an answer.
  assert.equal(analyseSentiment(undefined as unknown as string).label, 'neutral');
});

test('text past MAX_CHARS is not read', () => {
  const text = `${'a '.repeat(MAX_CHARS)} verschrikkelijk slecht`;
  assert.equal(label(text), 'neutral');
});

test('the same text gives the same answer (no state between calls)', () => {
  const text = 'Niet goed, maar de medewerker was wel heel vriendelijk 👍';
  const first = analyseSentiment(text);
  analyseSentiment('niet niet niet geen nooit');
  assert.deepEqual(analyseSentiment(text), first);
});

test('accents and capitals are read as the plain word', () => {
  assert.equal(label('GOED'), 'positive');
  assert.equal(label('Ééntje is goéd'), 'positive');
});

test('explainSentiment shows the parts that made the score', () => {
  const e = explainSentiment('Niet goed 😡');
  assert.equal(e.label, 'negative');
  assert.ok(e.parts.some((p) => p.source.includes('goed') && p.value < 0));
  assert.ok(e.parts.some((p) => p.source === '😡'));
});

test('labelOf follows the thresholds', () => {
  assert.equal(labelOf(0), 'neutral');
  assert.equal(labelOf(SETTINGS.positiveThreshold), 'positive');
  assert.equal(labelOf(-SETTINGS.negativeThreshold), 'negative');
});
