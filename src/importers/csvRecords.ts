import { type Line, readLines } from './lines.ts';

/**
 * CSV records (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks) read with
 * recovery. General CSV parsers stop, or swallow the rest of the file, at the first unclosed
 * quote; an export with one broken row must still give up every good row. So a record that
 * cannot be read is rejected at its first line and reading starts again on the next line.
 * Line breaks inside quoted fields are kept as they were (LF or CRLF).
 */
export type CsvRecord =
  | { ok: true; line: number; fields: string[]; raw: string }
  | { ok: false; line: number; code: 'malformed' | 'encoding' | 'too_large'; reason: string };

/** A quoted field may span at most this many lines before the record is taken as broken. */
const MAX_RECORD_LINES = 500;

type ParseResult = { fields: string[]; lines: number } | { error: string; incomplete?: boolean };

const textOf = (l: Line) => (l.ok ? l.text : l.lossy);
const breakAfter = (l: Line) => (l.cr ? '\r\n' : '\n');

/** Parses one record from the start of `lines`; `lines.length` bounds what it may consume. */
function parseRecord(lines: readonly Line[]): ParseResult {
  const fields: string[] = [];
  let lineIndex = 0;
  let text = textOf(lines[0] as Line);
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) {
          value += text.slice(i) + breakAfter(lines[lineIndex] as Line);
          lineIndex++;
          if (lineIndex >= lines.length) return { error: 'a quoted field is never closed', incomplete: true };
          text = textOf(lines[lineIndex] as Line);
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

/**
 * Turns lines into records. Lines are pushed in order; `drain` gives the records that are
 * complete, and at the end (`final`) also the one a quote left open.
 */
class CsvRecordReader {
  private readonly window: Line[] = [];

  push(line: Line): void {
    this.window.push(line);
  }

  *drain(final: boolean): Generator<CsvRecord> {
    const window = this.window;
    while (window.length > 0) {
      const first = window[0] as Line;
      if (first.ok && first.text === '') {
        window.shift(); // blank lines between records carry nothing
        continue;
      }
      const result = parseRecord(window);
      if ('error' in result) {
        if (result.incomplete && !final && window.length < MAX_RECORD_LINES) return; // needs more lines
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
      const raw = used
        .map((l, n) => (n === used.length - 1 ? textOf(l) : textOf(l) + breakAfter(l)))
        .join('');
      yield { ok: true, line: first.line, fields: result.fields, raw };
    }
  }
}

/** The records of a CSV file, read line by line (see `readLines` for the checks per line). */
export async function* readCsvRecords(
  path: string,
  options: { onBytes?: (done: number) => void } = {},
): AsyncGenerator<CsvRecord> {
  const reader = new CsvRecordReader();
  for await (const line of readLines(path, { onBytes: options.onBytes })) {
    reader.push(line);
    yield* reader.drain(false);
  }
  yield* reader.drain(true);
}

/** The records of CSV text already in memory (a leading byte-order mark is dropped). */
export function* csvRecordsOfText(text: string): Generator<CsvRecord> {
  const reader = new CsvRecordReader();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [n, raw] of lines.entries()) {
    const cr = raw.endsWith('\r');
    reader.push({ ok: true, line: n + 1, text: cr ? raw.slice(0, -1) : raw, cr });
    yield* reader.drain(false);
  }
  yield* reader.drain(true);
}
