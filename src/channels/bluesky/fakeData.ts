import { createHash } from 'node:crypto';

/**
 * The identifiers of a fake Bluesky, made the way the real network makes them, so that the
 * client's lexicon checks (DID, at-uri, CID, TID and handle formats) pass: DIDs `did:plc:` + 24
 * base32 characters, CIDv1 (dag-cbor, sha2-256) in base32, TIDs from a moment, post records with
 * their facets at UTF-8 byte offsets. Deterministic: everything is a hash of what it names.
 */
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const BASE32_SORTABLE = '234567abcdefghijklmnopqrstuvwxyz';

export interface Actor {
  did: string;
  handle: string;
  displayName: string;
  createdAt: string;
}

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function sha256(text: string | Uint8Array): Buffer {
  return createHash('sha256').update(text).digest();
}

export function didFor(name: string): string {
  return `did:plc:${base32(sha256(`did/${name}`)).slice(0, 24)}`;
}

/** A CIDv1 of `content`: dag-cbor (0x71) for records, raw (0x55) for blobs. */
export function cidFor(content: string | Uint8Array, codec: 'dag-cbor' | 'raw' = 'dag-cbor'): string {
  const bytes = Buffer.concat([
    Buffer.from([0x01, codec === 'raw' ? 0x55 : 0x71, 0x12, 0x20]),
    sha256(content),
  ]);
  return `b${base32(bytes)}`;
}

/** A TID for a moment: microseconds since 1970 and a clock id, in base32-sortable. */
export function tidAt(moment: Date, clockId: number): string {
  let n = (BigInt(moment.getTime()) * 1000n) << 10n;
  n |= BigInt(clockId & 1023);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = BASE32_SORTABLE[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

export function actor(handle: string, displayName: string): Actor {
  return { did: didFor(handle), handle, displayName, createdAt: '2024-02-06T10:00:00.000Z' };
}

export function profileBasic(a: Actor): Record<string, unknown> {
  return { did: a.did, handle: a.handle, displayName: a.displayName, labels: [], createdAt: a.createdAt };
}

type Facet = { index: { byteStart: number; byteEnd: number }; features: Record<string, unknown>[] };

/**
 * The facets a Bluesky client would attach to `text`: `@handle` of a known actor (as written, in
 * any case), `#tags`, and `wolderveen.nl/…` links; offsets in UTF-8 bytes.
 */
export function facetsOf(text: string, actors: readonly Actor[]): Facet[] {
  const facets: Facet[] = [];
  const range = (start: number, length: number) => ({
    byteStart: Buffer.byteLength(text.slice(0, start)),
    byteEnd: Buffer.byteLength(text.slice(0, start + length)),
  });
  for (const m of text.matchAll(/@([a-z0-9.-]+[a-z0-9])/gi)) {
    const mentioned = actors.find((a) => a.handle === (m[1] as string).toLowerCase());
    if (!mentioned) continue;
    facets.push({
      index: range(m.index, m[0].length),
      features: [{ $type: 'app.bsky.richtext.facet#mention', did: mentioned.did }],
    });
  }
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])#([\p{L}\p{N}_]+)/gu)) {
    facets.push({
      index: range(m.index, m[0].length),
      features: [{ $type: 'app.bsky.richtext.facet#tag', tag: m[1] as string }],
    });
  }
  for (const m of text.matchAll(/wolderveen\.nl\/[a-z]+/g)) {
    facets.push({
      index: range(m.index, m[0].length),
      features: [{ $type: 'app.bsky.richtext.facet#link', uri: `https://www.${m[0]}` }],
    });
  }
  return facets.sort((a, b) => a.index.byteStart - b.index.byteStart);
}

/** Graphemes, as Bluesky counts the length of a post. */
export function graphemeCount(text: string): number {
  return [...new Intl.Segmenter('nl', { granularity: 'grapheme' }).segment(text)].length;
}

export function isRecordKey(value: string): boolean {
  return /^[A-Za-z0-9._:~-]{1,512}$/.test(value) && value !== '.' && value !== '..';
}

/** A 1×1 transparent PNG, for the images a post may carry. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
