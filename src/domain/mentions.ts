/**
 * Mentions and hashtags in message text. The mention rule is METRICS.md's: `@handle` where the
 * `@` starts the text or follows a character that is not a letter, digit or `_`, and the handle
 * is not followed by a letter, digit or `_`. So `@Gemeente_X's` mentions `gemeente_x` and
 * `info@gemeentex.nl` mentions nobody. Handles are compared case-insensitively, so they are
 * returned in lower case.
 */
const MENTION = /(?<![\p{L}\p{N}_])@([\p{L}\p{N}_]+)/gu;
const HASHTAG = /(?<![\p{L}\p{N}_&])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;

export function mentionsInText(text: string): string[] {
  return unique([...text.matchAll(MENTION)].map((m) => (m[1] as string).toLowerCase()));
}

export function hashtagsInText(text: string): string[] {
  return unique([...text.matchAll(HASHTAG)].map((m) => (m[1] as string).toLowerCase()));
}

/** Whether `text` mentions `handle` under the METRICS.md rule. */
export function textMentions(text: string, handle: string): boolean {
  return mentionsInText(text).includes(handle.toLowerCase().replace(/^@/, ''));
}

/** Lower-cases handles or hashtags given by a platform, drops `@`/`#` and duplicates. */
export function normaliseTags(values: readonly string[], sigil: '@' | '#'): string[] {
  return unique(
    values
      .map((v) =>
        v
          .trim()
          .replace(sigil === '@' ? /^@/ : /^#/, '')
          .toLowerCase(),
      )
      .filter(Boolean),
  );
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
