import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { MessageInput, MessageKind } from '../domain/message.ts';
import type { OrganisationKind } from '../domain/organisation.ts';
import {
  type IngestRecord,
  type Parsed,
  RecordError,
  type RecordSource,
  rejectOf,
} from '../ingest/records.ts';
import { at, ByteProgress } from './fileInfo.ts';
import { readLines } from './lines.ts';

/**
 * Meetlat's own NDJSON format: one JSON object per line, each a message, account, snapshot or
 * organisation, as `schemas/meetlat-ndjson.schema.json` defines. It is what other tools' exports
 * are converted to, and what `meetlat demo --out` writes.
 */
export const SCHEMA_PATH = fileURLToPath(
  new URL('../../schemas/meetlat-ndjson.schema.json', import.meta.url),
);

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const SCHEMA = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { $id: string };
const validate = ajv.compile(SCHEMA);
const BRANCHES = ['message', 'account', 'snapshot', 'organisation'] as const;

export interface NdjsonMessage {
  type?: 'message';
  platform: string;
  id: string;
  author: { id: string; handle?: string | null; name?: string | null };
  created_at: string;
  text: string;
  lang?: string | null;
  kind?: MessageKind;
  in_reply_to?: { id: string; author_id?: string | null } | null;
  repost_of?: string | null;
  quote_of?: string | null;
  recipient_id?: string | null;
  mentions?: string[] | null;
  hashtags?: string[] | null;
  counts?: { reposts?: number | null; likes?: number | null; replies?: number | null };
  url?: string | null;
}

type NdjsonLine =
  | NdjsonMessage
  | {
      type: 'account';
      platform: string;
      id: string;
      handle: string;
      name?: string | null;
      organisation?: string | null;
      relation?: 'owned' | 'watched';
    }
  | {
      type: 'snapshot';
      platform: string;
      account_id: string;
      taken_at: string;
      followers?: number | null;
      following?: number | null;
      posts?: number | null;
    }
  | {
      type: 'organisation';
      code: string;
      name: string;
      display_name?: string | null;
      kind: OrganisationKind;
      province_code?: string | null;
      safety_region_code?: string | null;
      inhabitants?: Record<string, number>;
    };

/**
 * The most useful complaint about a line, as a reject code and one sentence: the line is checked
 * again against the one kind its `type` names (a message without `type`), so an account line is
 * told what is wrong with it as an account, not as a message.
 */
function explain(value: unknown): RecordError {
  const type = (value as { type?: unknown })?.type ?? 'message';
  if (!(BRANCHES as readonly unknown[]).includes(type)) {
    return new RecordError(
      'invalid_field',
      `type ${JSON.stringify(type)} is not one of ${BRANCHES.join(', ')}`,
    );
  }
  const branch = String(type);
  const check = ajv.getSchema(`${SCHEMA.$id}#/definitions/${branch}`);
  check?.(value);
  const e = check?.errors?.[0] ?? validate.errors?.[0];
  if (!e) return new RecordError('invalid_field', 'does not match the Meetlat NDJSON schema');
  const where = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : branch;
  if (e.keyword === 'required')
    return new RecordError('missing_field', `${where}: ${e.params.missingProperty} is missing`);
  if (e.keyword === 'additionalProperties') {
    return new RecordError(
      'invalid_field',
      `${where}: unknown field ${JSON.stringify(e.params.additionalProperty)}`,
    );
  }
  return new RecordError('invalid_field', `${where} ${e.message ?? 'is invalid'}`);
}

function date(value: string): Date {
  return new Date(value);
}

export function toRecord(line: NdjsonLine, raw: string): IngestRecord {
  if (line.type === 'organisation') {
    return {
      type: 'organisation',
      organisation: {
        code: line.code,
        name: line.name,
        displayName: line.display_name ?? null,
        kind: line.kind,
        provinceCode: line.province_code ?? null,
        safetyRegionCode: line.safety_region_code ?? null,
        inhabitants: Object.entries(line.inhabitants ?? {}).map(([year, count]) => ({
          year: Number(year),
          count,
          source: 'ndjson',
        })),
      },
    };
  }
  if (line.type === 'account') {
    return {
      type: 'account',
      account: {
        platform: line.platform,
        platformUserId: line.id,
        handle: line.handle,
        displayName: line.name ?? null,
        relation: line.relation ?? 'owned',
        organisationCode: line.organisation ?? null,
      },
    };
  }
  if (line.type === 'snapshot') {
    return {
      type: 'snapshot',
      snapshot: {
        platform: line.platform,
        platformUserId: line.account_id,
        takenAt: date(line.taken_at),
        followers: line.followers ?? null,
        following: line.following ?? null,
        posts: line.posts ?? null,
        source: 'ndjson',
      },
    };
  }
  const message: MessageInput = {
    platform: line.platform,
    platformId: line.id,
    author: { id: line.author.id, handle: line.author.handle ?? null, name: line.author.name ?? null },
    createdAt: date(line.created_at),
    text: line.text,
    language: line.lang ?? null,
    kind: line.kind ?? (line.in_reply_to ? 'reply' : 'post'),
    inReplyTo: line.in_reply_to
      ? { id: line.in_reply_to.id, authorId: line.in_reply_to.author_id ?? null }
      : null,
    repostOf: line.repost_of ?? null,
    quoteOf: line.quote_of ?? null,
    recipientId: line.recipient_id ?? null,
    mentions: line.mentions ?? null,
    hashtags: line.hashtags ?? null,
    counts: {
      reposts: line.counts?.reposts ?? null,
      likes: line.counts?.likes ?? null,
      replies: line.counts?.replies ?? null,
    },
    url: line.url ?? null,
    payload: { format: 'meetlat-ndjson', raw },
  };
  return { type: 'message', message };
}

/** Parses one NDJSON line into a record, or throws with a reason for people. */
export function parseNdjsonLine(text: string): IngestRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecordError('malformed', `not valid JSON: ${(error as Error).message}`);
  }
  if (!validate(value)) throw explain(value);
  return toRecord(value as NdjsonLine, text);
}

export function ndjsonSource(path: string): RecordSource {
  const progress = new ByteProgress(path);
  return {
    format: 'ndjson',
    progress: () => progress.snapshot(),
    async *records(): AsyncGenerator<Parsed> {
      for await (const line of readLines(path, { onBytes: progress.onBytes })) {
        const location = at(path, line.line);
        if (!line.ok) {
          yield { ok: false, location, code: line.code, reason: line.reason };
          continue;
        }
        if (line.text.trim() === '') continue;
        try {
          yield { ok: true, location, record: parseNdjsonLine(line.text) };
        } catch (error) {
          yield { ok: false, location, ...rejectOf(error) };
        }
      }
    },
  };
}

/** One record as a line of Meetlat NDJSON (the inverse of `toRecord`). */
export function recordToNdjson(record: IngestRecord): string {
  switch (record.type) {
    case 'organisation': {
      const o = record.organisation;
      return JSON.stringify({
        type: 'organisation',
        code: o.code,
        name: o.name,
        display_name: o.displayName,
        kind: o.kind,
        province_code: o.provinceCode,
        safety_region_code: o.safetyRegionCode,
        inhabitants: Object.fromEntries(o.inhabitants.map((f) => [String(f.year), f.count])),
      });
    }
    case 'account': {
      const a = record.account;
      return JSON.stringify({
        type: 'account',
        platform: a.platform,
        id: a.platformUserId,
        handle: a.handle,
        name: a.displayName,
        organisation: a.organisationCode,
        relation: a.relation,
      });
    }
    case 'snapshot': {
      const s = record.snapshot;
      return JSON.stringify({
        type: 'snapshot',
        platform: s.platform,
        account_id: s.platformUserId,
        taken_at: s.takenAt.toISOString(),
        followers: s.followers,
        following: s.following,
        posts: s.posts,
      });
    }
    case 'message': {
      const m = record.message;
      return JSON.stringify({
        platform: m.platform,
        id: m.platformId,
        author: m.author,
        created_at: m.createdAt.toISOString(),
        text: m.text,
        lang: m.language,
        kind: m.kind,
        in_reply_to: m.inReplyTo ? { id: m.inReplyTo.id, author_id: m.inReplyTo.authorId } : null,
        repost_of: m.repostOf,
        quote_of: m.quoteOf,
        recipient_id: m.recipientId,
        mentions: m.mentions,
        hashtags: m.hashtags,
        counts: m.counts,
        url: m.url,
      });
    }
  }
}
