import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { AccountInput, Parsed } from '../ingest/records.ts';

/** SHA-256 of a file's content: how a rerun of the same import is recognised. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Progress of reading one file, in bytes. */
export class ByteProgress {
  done = 0;
  readonly total: number;

  constructor(path: string) {
    this.total = statSync(path).size;
  }

  readonly onBytes = (done: number) => {
    this.done = done;
  };

  snapshot(): { done: number; total: number } {
    return { done: this.done, total: this.total };
  }
}

/** `file:line`, with the file's name only, as rejects are reported. */
export function at(path: string, line: number): string {
  return `${basename(path)}:${line}`;
}

/** The export's own account, as the record an importer yields before the messages. */
export function ownAccountRecord(path: string, account: Omit<AccountInput, 'relation'>): Parsed {
  return {
    ok: true,
    location: at(path, 1),
    derived: true,
    record: { type: 'account', account: { ...account, relation: 'owned' } },
  };
}
