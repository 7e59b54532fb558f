import { readFileSync } from 'node:fs';
import { UnusableFileError } from '../ingest/records.ts';
import { findArrayOfKey, type JsonElement, jsonArrayElements, lineStartsOf } from './jsonArray.ts';
import { decodeMarkingBad } from './lines.ts';

/**
 * X archive files are JavaScript: `window.YTD.<name>.part0 = [ ... ]`. Returns the elements of
 * that array, each parsed on its own with the line it starts on.
 */
export function* ytdElements(path: string): Generator<JsonElement> {
  const { text, bad } = decodeMarkingBad(readFileSync(path));
  const assign = /^\s*window\.YTD\.[A-Za-z0-9_]+\.part\d+\s*=\s*\[/.exec(text);
  if (!assign) {
    throw new UnusableFileError(
      path,
      `not an X archive file (it must start with "window.YTD.<name>.part0 = [")`,
    );
  }
  yield* markEncoding(jsonArrayElements(text, assign[0].length, lineStartsOf(text)), bad);
}

/** Elements of every top-level `key` array of a JSON file (an ActivityPub collection). */
export function* jsonCollectionElements(path: string, key: string): Generator<JsonElement> {
  const { text, bad } = decodeMarkingBad(readFileSync(path));
  const starts = findArrayOfKey(text, key);
  if (starts.length === 0) {
    throw new UnusableFileError(path, `not an ActivityPub outbox (no "${key}" list found)`);
  }
  const lineStarts = lineStartsOf(text);
  for (const start of starts) yield* markEncoding(jsonArrayElements(text, start, lineStarts), bad);
}

/** Elements that hold bytes that were not UTF-8 become `encoding` rejects. */
function* markEncoding(elements: Iterable<JsonElement>, bad: readonly number[]): Generator<JsonElement> {
  for (const el of elements) {
    if (el.ok && bad.some((offset) => offset >= el.start && offset < el.end)) {
      yield { ok: false, line: el.line, index: el.index, code: 'encoding', reason: 'not valid UTF-8' };
    } else {
      yield el;
    }
  }
}
