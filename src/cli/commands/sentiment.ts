import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { MAX_RECORD_BYTES } from '../../importers/lines.ts';
import { analyseSentiment, type SentimentLabel } from '../../sentiment/analyse.ts';
import { parseFormat, printJson, say, UsageError } from '../context.ts';

const FORMATS = ['json', 'ndjson', 'text'] as const;

export type SentimentResult =
  | { label: SentimentLabel; score: number }
  | { label: null; score: null; error: string };

const HELP = `
Input: NDJSON on stdin, one {"text": "..."} per line (a text may hold new lines inside the JSON
string; other fields are ignored). Lines that are empty or only white space are skipped and give
no result. A line of more than ${MAX_RECORD_BYTES} bytes is refused without being held.

Output (stdout holds nothing else):
  json    (default) { "results": [ {"label": "positive"|"neutral"|"negative", "score": -1…1}, … ] }
          printed once all input is read, in input order
  ndjson  one result per line, written as each line is read
  text    one line per result: label, tab, score

A line that is not JSON, has no string "text", or is not UTF-8 gets the result
  {"label": null, "score": null, "error": "line 3: …"}
in its place, the same message goes to stderr, every other line is still analysed, and the exit
status is 1. Exit status 0: every line analysed.

Example:
  printf '{"text":"Top geregeld, dank!"}\\n{"text":"Al 3 weken staat de container vol"}\\n' \\
    | meetlat sentiment --format json`;

/** Lines of a byte stream (LF or CRLF), numbered from 1, each checked on its own. */
async function* stdinLines(
  input: Readable,
): AsyncGenerator<{ line: number; text: string } | { line: number; error: string }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false;
  let line = 0;
  const finish = () => {
    line++;
    if (overflow) return { line, error: `line ${line}: longer than ${MAX_RECORD_BYTES} bytes` };
    let bytes = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, -1);
    if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    try {
      return { line, text: decoder.decode(bytes) };
    } catch {
      return { line, error: `line ${line}: not valid UTF-8` };
    }
  };
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    let start = 0;
    for (;;) {
      const newline = buffer.indexOf(0x0a, start);
      const end = newline === -1 ? buffer.length : newline;
      if (!overflow) {
        if (pendingBytes + (end - start) > MAX_RECORD_BYTES) {
          overflow = true;
          pending = [];
          pendingBytes = 0;
        } else if (end > start) {
          pending.push(buffer.subarray(start, end));
          pendingBytes += end - start;
        }
      }
      if (newline === -1) break;
      yield finish();
      pending = [];
      pendingBytes = 0;
      overflow = false;
      start = newline + 1;
    }
  }
  if (pendingBytes > 0 || overflow) yield finish();
}

/** The result for one input line, or undefined for a line to skip (empty). */
export function resultOfLine(line: number, text: string): SentimentResult | undefined {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { label: null, score: null, error: `line ${line}: not valid JSON` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { label: null, score: null, error: `line ${line}: expected an object {"text": "..."}` };
  }
  const messageText = (value as { text?: unknown }).text;
  if (typeof messageText !== 'string') {
    return { label: null, score: null, error: `line ${line}: "text" is missing or not a string` };
  }
  const { label, score } = analyseSentiment(messageText);
  return { label, score: Math.round(score * 10_000) / 10_000 };
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

/** `meetlat sentiment`: the sentiment of each message read as NDJSON from stdin. */
export function registerSentiment(program: Command): void {
  program
    .command('sentiment')
    .description(
      'the sentiment (positive, neutral, negative) of each {"text": …} line read as NDJSON from stdin',
    )
    .option('--format <format>', 'json, ndjson or text', 'json')
    .addHelpText('after', HELP)
    .action(async (options: { format: string }) => {
      const format = parseFormat(options.format, FORMATS);
      if (process.stdin.isTTY) {
        throw new UsageError('sentiment reads NDJSON from stdin: pipe or redirect a file into it');
      }
      const results: SentimentResult[] = [];
      let failed = 0;
      for await (const read of stdinLines(process.stdin)) {
        const result =
          'error' in read
            ? ({ label: null, score: null, error: read.error } as const)
            : resultOfLine(read.line, read.text);
        if (result === undefined) continue;
        if (result.label === null) {
          failed++;
          say(`meetlat: ${result.error}`);
        }
        if (format === 'json') results.push(result);
        else if (format === 'ndjson') await write(`${JSON.stringify(result)}\n`);
        else
          await write(
            result.label === null ? `error\t${result.error}\n` : `${result.label}\t${result.score}\n`,
          );
      }
      if (format === 'json') printJson({ results });
      if (failed > 0) {
        say(`meetlat: ${failed} line${failed === 1 ? '' : 's'} could not be analysed`);
        process.exitCode = 1;
      }
    });
}
