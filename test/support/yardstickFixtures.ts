/**
 * Compact builders for hand-made yardstick fixtures: Meetlat NDJSON lines (organisations,
 * accounts, snapshots, messages) written to a temporary file and imported through the real
 * `ndjson` importer and ingest pipeline, plus a comparison of figures against hand-worked values.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrganisationKind } from '../../src/domain/organisation.ts';
import { findImporter } from '../../src/importers/index.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import type { Db } from '../../src/store/db.ts';
import {
  type AccountFigures,
  type Figures,
  type Period,
  SCALAR_METRICS,
  type Yardstick,
} from '../../src/yardstick/figures.ts';

export type Line = Record<string, unknown>;

export function org(
  code: string,
  name: string,
  kind: OrganisationKind,
  inhabitants?: Record<string, number>,
): Line {
  return { type: 'organisation', code, name, kind, ...(inhabitants ? { inhabitants } : {}) };
}

export function account(
  platform: string,
  id: string,
  handle: string,
  organisation: string | null = null,
): Line {
  return { type: 'account', platform, id, handle, organisation };
}

export function snapshot(
  platform: string,
  accountId: string,
  takenAt: string,
  followers: number | null,
  following: number | null = null,
): Line {
  return { type: 'snapshot', platform, account_id: accountId, taken_at: takenAt, followers, following };
}

export interface MsgSpec {
  platform: string;
  id: string;
  /** Author's platform user id. */
  author: string;
  at: string;
  text?: string;
  kind?: 'post' | 'reply' | 'repost' | 'quote' | 'comment' | 'dm';
  /** The parent's id, or the parent's id with the author id the platform names. */
  replyTo?: string | { id: string; authorId?: string | null };
  repostOf?: string;
  quoteOf?: string;
  recipient?: string;
  /** Structured mentions from the platform (omit to have them read from the text). */
  mentions?: string[];
  /** Repost count as the platform gives it (omit: the platform gave none). */
  reposts?: number;
}

export function msg(spec: MsgSpec): Line {
  const line: Line = {
    platform: spec.platform,
    id: spec.id,
    author: { id: spec.author },
    created_at: spec.at,
    text: spec.text ?? `bericht ${spec.id}`,
  };
  if (spec.kind) line.kind = spec.kind;
  if (spec.replyTo !== undefined) {
    line.in_reply_to =
      typeof spec.replyTo === 'string'
        ? { id: spec.replyTo }
        : { id: spec.replyTo.id, author_id: spec.replyTo.authorId ?? null };
  }
  if (spec.repostOf) line.repost_of = spec.repostOf;
  if (spec.quoteOf) line.quote_of = spec.quoteOf;
  if (spec.recipient) line.recipient_id = spec.recipient;
  if (spec.mentions) line.mentions = spec.mentions;
  if (spec.reposts !== undefined) line.counts = { reposts: spec.reposts };
  return line;
}

/** `iso` plus `seconds`, as an ISO string. */
export function plus(iso: string, seconds: number): string {
  return new Date(new Date(iso).getTime() + seconds * 1000).toISOString();
}

/** Writes the lines to a temporary NDJSON file and imports it with the `ndjson` importer. */
export async function importLines(db: Db, lines: Line[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'meetlat-yardstick-'));
  const path = join(dir, 'fixture.ndjson');
  try {
    writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const importer = findImporter('ndjson');
    assert.ok(importer, 'ndjson importer');
    const report = await ingest(db, await importer.open(path, {}), {
      sourceKind: 'file',
      source: path,
      sourceSha256: null,
    });
    assert.deepEqual(report.rejects, [], 'every fixture line is accepted');
    assert.equal(report.read, lines.length, 'every fixture line is read');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures of an account with nothing in the period: counts 0, everything else unknown. */
export const NOTHING: Figures = {
  sent: 0,
  reply: 0,
  repost: 0,
  broadcast: 0,
  reply_pct: null,
  repost_pct: null,
  broadcast_pct: null,
  reposts_per_message: null,
  inbound: 0,
  answered: 0,
  response_rate: null,
  mean_first_response_s: null,
  median_first_response_s: null,
  p90_first_response_s: null,
  buckets: null,
  anomalies: 0,
  followers: null,
  following: null,
  followers_growth: null,
  followers_growth_pct: null,
  followers_per_1000_inhabitants: null,
};

/** Hand-worked figures: NOTHING with the given figures changed. Every figure is compared. */
export function expected(changes: Partial<Figures>): Figures {
  return { ...NOTHING, ...changes };
}

function close(actual: unknown, want: number): boolean {
  return typeof actual === 'number' && Math.abs(actual - want) <= 1e-9 * Math.max(1, Math.abs(want));
}

function same(actual: unknown, want: number | null): boolean {
  return want === null ? actual === null : close(actual, want);
}

/**
 * Compares every figure of METRICS.md (numbers to 1e-9 relative, null exactly: unknown is never 0)
 * and reports all differences at once.
 */
export function assertFigures(actual: Figures | undefined, want: Figures, label: string): void {
  assert.ok(actual, `${label}: not in the yardstick`);
  const wrong: string[] = [];
  for (const metric of SCALAR_METRICS) {
    if (!same(actual[metric], want[metric])) {
      wrong.push(`${metric}: expected ${want[metric]}, got ${JSON.stringify(actual[metric])}`);
    }
  }
  const buckets = actual.buckets;
  const bucketsOk =
    want.buckets === null
      ? buckets === null
      : Array.isArray(buckets) &&
        buckets.length === want.buckets.length &&
        want.buckets.every((b, i) => close(buckets[i], b));
  if (!bucketsOk)
    wrong.push(`buckets: expected ${JSON.stringify(want.buckets)}, got ${JSON.stringify(buckets)}`);
  assert.ok(wrong.length === 0, `${label}:\n  ${wrong.join('\n  ')}`);
}

export const FROM = '2025-03-01T00:00:00.000Z';
export const TO = '2025-04-01T00:00:00.000Z';
/** The period of most cases: March 2025, `[from, to)`. */
export const MARCH: Period = { from: new Date(FROM), to: new Date(TO) };

/** The one account of the yardstick with this platform and handle (case-insensitive). */
export function accountOf(y: Yardstick, platform: string, handle: string): AccountFigures {
  const found = y.accounts.filter(
    (a) => a.platform === platform && a.handle.toLowerCase() === handle.toLowerCase(),
  );
  assert.equal(found.length, 1, `account ${platform}/${handle} appears once in the yardstick`);
  return found[0] as AccountFigures;
}
