import { LineFile, ndjsonFromTwcs, type Piece, type TwcsRow, withBytes } from '../corpusSources.ts';
import {
  type Built,
  base,
  byteOffset,
  type Expect,
  type ExpectedReject,
  type ImportStep,
  type MalformedCase,
  spare,
  writeFile,
} from './common.ts';

// ---------------------------------------------------------------------------------------------
// NDJSON

export const N_FILE = 'in.ndjson';
export const nAt = (line: number, file = N_FILE) => `${file}:${line}`;

export const nLine = (row: TwcsRow, change: (m: Record<string, unknown>) => void = () => {}) => {
  const m = ndjsonFromTwcs(row);
  change(m);
  return JSON.stringify(m);
};

export function nStep(dir: string, fill: (f: LineFile) => Expect, name = N_FILE): ImportStep {
  const f = new LineFile();
  const expect = fill(f);
  return { path: writeFile(dir, name, f.toBuffer()), ...expect };
}

export function nWithBad(dir: string, bad: Piece, reject: Omit<ExpectedReject, 'location'>): Built {
  return {
    imports: [
      nStep(dir, (f) => {
        const rows = base();
        for (const r of rows.slice(0, 6)) f.add(nLine(r));
        const line = f.add(bad);
        for (const r of rows.slice(6)) f.add(nLine(r));
        return { stored: rows.length, rejects: [{ location: nAt(line), ...reject }] };
      }),
    ],
  };
}

export function nBadDate(created: string, reason: RegExp): MalformedCase {
  return {
    name: `ndjson: created_at ${created}`,
    format: 'ndjson',
    family: 'dates',
    build: (dir) =>
      nWithBad(
        dir,
        nLine(spare(0), (m) => {
          m.created_at = created;
        }),
        { code: 'invalid_field', reason },
      ),
  };
}

export function nBadBytes(name: string, raw: number[]): MalformedCase {
  return {
    name: `ndjson: ${name} in one line`,
    format: 'ndjson',
    family: 'encoding',
    build: (dir) => {
      const text = nLine(spare(0), (m) => {
        m.text = 'broken @@BAD@@ here';
      });
      const line = withBytes(text, '@@BAD@@', raw);
      const byte = byteOffset(text, '@@BAD@@') + 1;
      return nWithBad(dir, line, {
        code: 'encoding',
        reason: new RegExp(`^not valid UTF-8 \\(byte ${byte} of the line\\)$`),
      });
    },
  };
}

/** A small hand-made message. */
export function msg(id: string, replyTo: string | null, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    platform: 'x',
    id,
    author: { id: `author-${id}` },
    created_at: '2024-05-01T12:00:00Z',
    text: `message ${id}`,
    ...(replyTo ? { in_reply_to: { id: replyTo } } : {}),
    ...extra,
  });
}
