import { type Line, readLines } from './lines.ts';

/**
 * CSV records (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks) read with
 * recovery. General CSV parsers stop, or swallow the rest of the file, at the first unclosed
 * quote; an export with one broken row must still give up every good row. So a record that
 * cannot be read is rejected at its first line and reading starts again on the next line.
 */
export type CsvRecord =
  | { ok: true; line: number; fields: string[]; raw: string }
  | { ok: false; line: number; code: 'malformed' | 'encoding' | 'too_large'; reason: string };

/** A quoted field may span at most this many lines before the record is taken as broken. */
const MAX_RECORD_LINES = 500;

type ParseResult = { fields: string[]; lines: number } | { error: string; incomplete?: boolean };

/** Parses one record from the start of `lines`; `lines.length` bounds what it may consume. */
function parseRecord(lines: readonly string[]): ParseResult {
  const fields: string[] = [];
  let lineIndex = 0;
  let text = lines[0] as string;
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) {
          value += `${text.slice(i)}\n`;
          lineIndex++;
          if (lineIndex >= lines.length) return { error: 'a quoted field is never closed', incomplete: true };
          text = lines[lineIndex] as string;
          i = 0;
          continue;
        }
        value += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return { fields, lines: lineIndex + 1 };
      if (text[i] !== ',') {
        return {
          error: `unexpected ${JSON.stringify(text[i])} after a closing quote (line ${lineIndex + 1} of the record)`,
        };
      }
      i++;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma === -1 ? text.length : comma;
      const value = text.slice(i, end);
      if (value.includes('"')) return { error: 'a quote inside an unquoted field' };
      fields.push(value);
      if (comma === -1) return { fields, lines: lineIndex + 1 };
      i = comma + 1;
    }
  }
}

export async function* readCsvRecords(
  path: string,
  options: { onBytes?: (done: number) => void } = {},
): AsyncGenerator<CsvRecord> {
  const lines = readLines(path, { onBytes: options.onBytes });
  const window: Line[] = [];
  let exhausted = false;
  const fill = async (n: number) => {
    while (!exhausted && window.length < n) {
      const next = await lines.next();
      if (next.done) exhausted = true;
      else window.push(next.value);
    }
  };
  const textOf = (l: Line) => (l.ok ? l.text : l.lossy);

  for (;;) {
    await fill(1);
    const first = window[0];
    if (!first) return;
    if (textOf(first) === '' && first.ok) {
      window.shift(); // blank lines between records carry nothing
      continue;
    }
    let result = parseRecord(window.map(textOf));
    while ('error' in result && result.incomplete && !exhausted && window.length < MAX_RECORD_LINES) {
      await fill(Math.min(MAX_RECORD_LINES, window.length * 2));
      result = parseRecord(window.map(textOf));
    }
    if ('error' in result) {
      window.shift();
      yield first.ok
        ? { ok: false, line: first.line, code: 'malformed', reason: result.error }
        : { ok: false, line: first.line, code: first.code, reason: first.reason };
      continue;
    }
    const used = window.splice(0, result.lines);
    const bad = used.find((l): l is Extract<Line, { ok: false }> => !l.ok);
    if (bad) {
      yield { ok: false, line: first.line, code: bad.code, reason: `line ${bad.line}: ${bad.reason}` };
      continue;
    }
    yield { ok: true, line: first.line, fields: result.fields, raw: used.map(textOf).join('\n') };
  }
}
