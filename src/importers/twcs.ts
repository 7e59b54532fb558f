import { decodeHTML } from 'entities';
import type { MessageInput } from '../domain/message.ts';
import {
  type Parsed,
  RecordError,
  type RecordSource,
  rejectOf,
  UnusableFileError,
} from '../ingest/records.ts';
import { readCsvRecords } from './csvRecords.ts';
import { at, ByteProgress } from './fileInfo.ts';
import { parseTwitterDate } from './twitterDate.ts';

/**
 * The Kaggle "Customer Support on Twitter" export (twcs.csv): one tweet per row,
 * `tweet_id, author_id, inbound, created_at, text, response_tweet_id, in_response_to_tweet_id`.
 * Every author of a row with `inbound` False is a brand: it becomes an organisation of kind
 * `overig` with an owned X account of that name. Replies may point at tweets not in the file.
 */
export const TWCS_COLUMNS = [
  'tweet_id',
  'author_id',
  'inbound',
  'created_at',
  'text',
  'response_tweet_id',
  'in_response_to_tweet_id',
] as const;

/** Ids may come as floats from spreadsheet round trips (`3.0`). */
function tweetId(value: string, column: string): string {
  const m = /^\s*(\d+)(?:\.0+)?\s*$/.exec(value);
  if (!m)
    throw new RecordError(
      'invalid_field',
      `${column} ${JSON.stringify(value.slice(0, 40))} is not a tweet id`,
    );
  return (m[1] as string).replace(/^0+(?=\d)/, '');
}

function rowToMessage(fields: readonly string[], raw: string): { message: MessageInput; brand: boolean } {
  const [id, author, inbound, created, text, , inResponseTo] = fields as string[] as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const platformId = tweetId(id, 'tweet_id');
  if (author.trim() === '') throw new RecordError('missing_field', 'author_id is empty');
  const flag = inbound.trim().toLowerCase();
  if (flag !== 'true' && flag !== 'false')
    throw new RecordError('invalid_field', `inbound must be True or False, not ${JSON.stringify(inbound)}`);
  const createdAt = parseTwitterDate(created);
  if (!createdAt)
    throw new RecordError(
      'invalid_field',
      `created_at ${JSON.stringify(created.slice(0, 40))} is not a valid Twitter date`,
    );
  const parent = inResponseTo.trim() === '' ? null : tweetId(inResponseTo, 'in_response_to_tweet_id');
  const handle = author.trim();
  return {
    brand: flag === 'false',
    message: {
      platform: 'x',
      platformId,
      author: { id: handle, handle, name: null },
      createdAt,
      text: decodeHTML(text),
      language: null,
      kind: parent ? 'reply' : 'post',
      inReplyTo: parent ? { id: parent, authorId: null } : null,
      repostOf: null,
      quoteOf: null,
      recipientId: null,
      mentions: null,
      hashtags: null,
      counts: { reposts: null, likes: null, replies: null },
      url: null,
      payload: { format: 'twcs-csv', raw },
    },
  };
}

export function twcsSource(path: string): RecordSource {
  const progress = new ByteProgress(path);
  return {
    format: 'twcs',
    progress: () => progress.snapshot(),
    async *records(): AsyncGenerator<Parsed> {
      const brands = new Set<string>();
      let header: string[] | null = null;
      for await (const record of readCsvRecords(path, { onBytes: progress.onBytes })) {
        const location = at(path, record.line);
        if (!record.ok) {
          if (!header) throw new UnusableFileError(location, `cannot read the header: ${record.reason}`);
          yield { ok: false, location, code: record.code, reason: record.reason };
          continue;
        }
        if (!header) {
          header = record.fields.map((f) => f.trim());
          const missing = TWCS_COLUMNS.filter((c, i) => header?.[i] !== c);
          if (missing.length > 0 || header.length !== TWCS_COLUMNS.length) {
            throw new UnusableFileError(
              location,
              `not a twcs file: the header must be ${TWCS_COLUMNS.join(',')}, found ${header.join(',').slice(0, 200)}`,
            );
          }
          continue;
        }
        if (record.fields.length !== TWCS_COLUMNS.length) {
          yield {
            ok: false,
            location,
            code: 'malformed',
            reason: `expected ${TWCS_COLUMNS.length} columns, found ${record.fields.length}`,
          };
          continue;
        }
        let row: ReturnType<typeof rowToMessage>;
        try {
          row = rowToMessage(record.fields, record.raw);
        } catch (error) {
          yield { ok: false, location, ...rejectOf(error) };
          continue;
        }
        const handle = row.message.author.id;
        if (row.brand && !brands.has(handle)) {
          brands.add(handle);
          yield {
            ok: true,
            location,
            derived: true,
            record: {
              type: 'organisation',
              organisation: {
                code: handle,
                name: handle,
                displayName: null,
                kind: 'overig',
                provinceCode: null,
                safetyRegionCode: null,
                inhabitants: [],
              },
            },
          };
          yield {
            ok: true,
            location,
            derived: true,
            record: {
              type: 'account',
              account: {
                platform: 'x',
                platformUserId: handle,
                handle,
                displayName: null,
                relation: 'owned',
                organisationCode: handle,
              },
            },
          };
        }
        yield { ok: true, location, record: { type: 'message', message: row.message } };
      }
      if (!header) throw new UnusableFileError(path, `the file is empty`);
    },
  };
}
