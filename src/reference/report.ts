import type { RejectCode } from '../ingest/records.ts';

/** A row or feature that was turned away: where (`file:line` or `file#object[i]`) and why. */
export interface Rejection {
  location: string;
  code: RejectCode;
  reason: string;
}

/**
 * A reference file that cannot be used at all: missing, unreadable, not UTF-8, not the expected
 * columns or structure. Nothing from it is imported; the CLI exits with status 2.
 */
export class ReferenceFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** Decodes UTF-8 strictly: a file that is not UTF-8 is unusable rather than silently garbled. */
export function decodeUtf8(bytes: Uint8Array | string, file: string): string {
  if (typeof bytes === 'string') return bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ReferenceFileError(file, 'is not valid UTF-8 text');
  }
}
