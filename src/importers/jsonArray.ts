/**
 * Finds the elements of a JSON array inside a larger text (an X archive's `tweets.js`, the
 * `orderedItems` of an ActivityPub outbox) with the line each starts on, and parses them one by
 * one. A broken element costs only itself; a file cut off in the middle keeps every element
 * before the cut. Only brackets, braces and strings are tracked here; each element is then
 * parsed by JSON.parse.
 */
export type JsonElement =
  | { ok: true; line: number; index: number; value: unknown; raw: string; start: number; end: number }
  | { ok: false; line: number; index: number; reason: string; code?: 'malformed' | 'encoding' };

/** Index just after the `[` that opens the array value of the first top-level `key`, or -1. */
export function findArrayOfKey(text: string, key: string): number[] {
  const found: number[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = skipString(text, i);
      if (depth === 1 && text.slice(i + 1, end - 1) === key) {
        let j = end;
        while (/\s/.test(text[j] ?? '')) j++;
        if (text[j] === ':') {
          j++;
          while (/\s/.test(text[j] ?? '')) j++;
          if (text[j] === '[') found.push(j + 1);
        }
      }
      i = end;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    i++;
  }
  return found;
}

/** Index just after the end quote of the string starting at `start`. */
function skipString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  return text.length;
}

function lineAt(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The elements of the array whose contents start at `from` (just after its `[`). */
export function* jsonArrayElements(
  text: string,
  from: number,
  lineStarts = lineStartsOf(text),
): Generator<JsonElement> {
  let index = 0;
  let i = from;
  for (;;) {
    while (i < text.length && /[\s,]/.test(text[i] as string)) i++;
    if (i >= text.length) {
      yield {
        ok: false,
        line: lineAt(lineStarts, Math.max(0, text.length - 1)),
        index,
        reason: 'the file ends before the list is closed (truncated?)',
      };
      return;
    }
    if (text[i] === ']') return;
    const start = i;
    let depth = 0;
    let end = -1;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i = skipString(text, i);
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        if (depth === 0) {
          end = i;
          break;
        }
        depth--;
        if (depth === 0) {
          i++;
          end = i;
          break;
        }
      } else if (c === ',' && depth === 0) {
        end = i;
        break;
      }
      i++;
    }
    const line = lineAt(lineStarts, start);
    if (end === -1) {
      yield { ok: false, line, index, reason: 'the file ends inside this record (truncated?)' };
      return;
    }
    const raw = text.slice(start, end);
    try {
      yield { ok: true, line, index, value: JSON.parse(raw), raw, start, end };
    } catch (error) {
      yield { ok: false, line, index, reason: `not valid JSON: ${(error as Error).message}` };
    }
    index++;
    i = end;
  }
}

export { lineStartsOf };
