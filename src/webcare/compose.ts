/**
 * A reply as it goes out: canned answers' variables filled in (`{naam}`: how the citizen is
 * called, `{zaaknummer}`: the case number), and the agent's signature appended (`*BK`, by the
 * organisation's convention), once.
 */

export const REPLY_VARIABLES = ['naam', 'zaaknummer'] as const;

export function fillVariables(text: string, values: { naam: string; zaaknummer: string }): string {
  return text.replace(/\{(naam|zaaknummer)\}/g, (_, name: 'naam' | 'zaaknummer') => values[name]);
}

/** The text with the signature at its end (a text that already ends with it keeps one). */
export function signedText(text: string, signature: string): string {
  const body = text.trim();
  if (signature === '' || body.endsWith(signature)) return body;
  return body === '' ? signature : `${body} ${signature}`;
}

/** The variables a text uses that are not known (`{adres}`), so the composer can say so. */
export function unknownVariables(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([^{}\s]{1,40})\}/g)].map((m) => m[1] as string))].filter(
    (name) => !(REPLY_VARIABLES as readonly string[]).includes(name),
  );
}
