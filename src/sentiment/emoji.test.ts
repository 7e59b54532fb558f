import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emojiScore, emoticonScore, rankedEmojiCount } from './emoji.ts';

test('the Emoji Sentiment Ranking is read from the package', () => {
  assert.ok(rankedEmojiCount > 600, `only ${rankedEmojiCount} emoji ranked`);
  // Values from the paper's smoothed mean: 😍 strongly positive, 😒 negative, 😂 mildly positive.
  assert.ok((emojiScore('😍') as number) > 0.6);
  assert.ok((emojiScore('😒') as number) < -0.2);
  const joy = emojiScore('😂') as number;
  assert.ok(joy > 0.1 && joy < 0.4);
});

test('variation selectors, skin tones and ZWJ sequences are looked up by their emoji', () => {
  assert.equal(emojiScore('❤️'), emojiScore('❤'));
  assert.equal(emojiScore('👍🏿'), emojiScore('👍'));
  assert.equal(emojiScore('👨‍👩‍👧'), emojiScore('👨'));
});

test('emoji newer than the ranking have a value; unknown ones none', () => {
  assert.ok((emojiScore('🙄') as number) < 0);
  assert.ok((emojiScore('🥰') as number) > 0);
  assert.equal(emojiScore('🫠🫠'), undefined);
  assert.equal(emojiScore('a'), undefined);
});

test('emoticons', () => {
  assert.ok((emoticonScore(':)') as number) > 0);
  assert.ok((emoticonScore(':-(') as number) < 0);
  assert.equal(emoticonScore(':D'), emoticonScore(':d'));
  assert.equal(emoticonScore('::'), undefined);
});
