import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';

/** Longest record read from a file, in bytes; a longer line is rejected without being held. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** One line, without its line break; `cr` says the break was CRLF (CSV keeps it inside quotes). */
export type Line =
  | { ok: true; line: number; text: string; cr: boolean }
  | {
      ok: false;
      line: number;
      code: 'encoding' | 'too_large';
      reason: string;
      cr: boolean;
      /** The line decoded with U+FFFD for bad bytes ('' for a line too long), to keep structure. */
      lossy: string;
    };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a file line by line (LF or CRLF), numbering lines from 1. Each line is checked on its own:
 * invalid UTF-8 or a line over `maxBytes` comes back as an error for that line only, and reading
 * goes on. A UTF-8 byte-order mark at the start is dropped. `onBytes` reports bytes consumed.
 */
export async function* readLines(
  path: string,
  options: { maxBytes?: number; onBytes?: (done: number) => void } = {},
): AsyncGenerator<Line> {
  const maxBytes = options.maxBytes ?? MAX_RECORD_BYTES;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false;
  let lineNo = 0;
  let consumed = 0;

  const finish = (parts: Buffer[]): Line => {
    lineNo++;
    if (overflow) {
      return {
        ok: false,
        line: lineNo,
        code: 'too_large',
        reason: `line is longer than ${maxBytes} bytes`,
        cr: false,
        lossy: '',
      };
    }
    let bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    const cr = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d;
    if (cr) bytes = bytes.subarray(0, bytes.length - 1);
    if (lineNo === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
      bytes = bytes.subarray(3);
    try {
      return { ok: true, line: lineNo, text: decoder.decode(bytes), cr };
    } catch {
      return {
        ok: false,
        line: lineNo,
        code: 'encoding',
        reason: `not valid UTF-8 (byte ${invalidUtf8At(bytes)} of the line)`,
        cr,
        lossy: new TextDecoder().decode(bytes),
      };
    }
  };

  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    let start = 0;
    for (;;) {
      const newline = buffer.indexOf(0x0a, start);
      const end = newline === -1 ? buffer.length : newline;
      if (!overflow) {
        if (pendingBytes + (end - start) > maxBytes) {
          overflow = true;
          pending = [];
          pendingBytes = 0;
        } else if (end > start) {
          pending.push(buffer.subarray(start, end));
          pendingBytes += end - start;
        }
      }
      if (newline === -1) break;
      yield finish(pending);
      pending = [];
      pendingBytes = 0;
      overflow = false;
      start = newline + 1;
    }
    consumed += buffer.length;
    options.onBytes?.(consumed);
  }
  if (pendingBytes > 0 || overflow) yield finish(pending);
}

/** The offset of the first byte that breaks UTF-8, for the error message. */
export function invalidUtf8At(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // The longest valid prefix, found by halving (TextDecoder does not tell where it failed).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo + 1;
}

/**
 * Decodes a whole file that should be UTF-8, replacing each bad byte with U+FFFD and returning
 * where (character offsets), so the records holding them can be rejected rather than stored
 * with the damage. A UTF-8 byte-order mark is dropped.
 */
export function decodeMarkingBad(bytes: Buffer): { text: string; bad: number[] } {
  let body = bytes;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  if (isUtf8(body)) return { text: decoder.decode(body), bad: [] };
  const lossy = new TextDecoder();
  const parts: string[] = [];
  const bad: number[] = [];
  let length = 0;
  const push = (part: string) => {
    parts.push(part);
    length += part.length;
  };
  for (let start = 0; start < body.length; ) {
    const newline = body.indexOf(0x0a, start);
    const end = newline === -1 ? body.length : newline + 1;
    let line = body.subarray(start, end);
    while (!isUtf8(line)) {
      const at = invalidUtf8At(line) - 1;
      push(lossy.decode(line.subarray(0, at)));
      bad.push(length);
      push('\uFFFD');
      line = line.subarray(at + 1);
    }
    push(decoder.decode(line));
    start = end;
  }
  return { text: parts.join(''), bad };
}
