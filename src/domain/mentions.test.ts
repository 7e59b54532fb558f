import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashtagsInText, mentionsInText, normaliseTags, textMentions } from './mentions.ts';

test('a mention needs a non-word character or the start of the text before the @', () => {
  assert.deepEqual(mentionsInText('@Gemeente_X kunt u helpen?'), ['gemeente_x']);
  assert.deepEqual(mentionsInText("Vraag aan @Gemeente_X's webcare"), ['gemeente_x']);
  assert.deepEqual(mentionsInText('mail info@gemeentex.nl'), []);
  assert.deepEqual(mentionsInText('(@GemeenteX)'), ['gemeentex']);
  assert.deepEqual(mentionsInText('_@gemeentex'), []);
});

test('a handle followed by a letter, digit or _ is another handle', () => {
  assert.equal(textMentions('@gemeentex2 hallo', 'gemeentex'), false);
  assert.equal(textMentions('@gemeentex_nl hallo', 'gemeentex'), false);
  assert.equal(textMentions('@gemeenteXé', 'gemeentex'), false);
  assert.equal(textMentions('@GEMEENTEX!', '@gemeentex'), true);
});

test('hashtags are lower-cased, unique, and need a letter', () => {
  assert.deepEqual(hashtagsInText('#Raad040 en #raad040, #2024 &#39; x#y'), ['raad040']);
  assert.deepEqual(normaliseTags(['#Afval', 'afval', ' #WMO '], '#'), ['afval', 'wmo']);
  assert.deepEqual(normaliseTags(['@GemeenteX', 'gemeentex@social.example'], '@'), [
    'gemeentex',
    'gemeentex@social.example',
  ]);
});
