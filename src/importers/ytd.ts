import { readFileSync } from 'node:fs';
import { findArrayOfKey, type JsonElement, jsonArrayElements, lineStartsOf } from './jsonArray.ts';

/**
 * X archive files are JavaScript: `window.YTD.<name>.part0 = [ ... ]`. Returns the elements of
 * that array, each parsed on its own with the line it starts on.
 */
export function* ytdElements(path: string): Generator<JsonElement> {
  const text = readFileSync(path, 'utf8');
  const assign = /^\s*window\.YTD\.[A-Za-z0-9_]+\.part\d+\s*=\s*\[/.exec(text);
  if (!assign) {
    throw new Error(`${path}: not an X archive file (it must start with "window.YTD.<name>.part0 = [")`);
  }
  yield* jsonArrayElements(text, assign[0].length, lineStartsOf(text));
}

/** Elements of every top-level `key` array of a JSON document (an ActivityPub collection). */
export function* jsonCollectionElements(text: string, key: string): Generator<JsonElement> {
  const starts = findArrayOfKey(text, key);
  const lineStarts = lineStartsOf(text);
  for (const start of starts) yield* jsonArrayElements(text, start, lineStarts);
}
