import { type RejectCode, UnusableFileError } from '../ingest/records.ts';

export { UnusableFileError };

/** A row or feature that was turned away: where (`file:line` or `file#object[i]`) and why. */
export interface Rejection {
  location: string;
  code: RejectCode;
  reason: string;
}

/** Decodes UTF-8 strictly: a file that is not UTF-8 is unusable rather than silently garbled. */
export function decodeUtf8(bytes: Uint8Array | string, file: string): string {
  if (typeof bytes === 'string') return bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UnusableFileError(file, 'is not valid UTF-8 text');
  }
}
