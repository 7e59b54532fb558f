/**
 * A large Meetlat NDJSON file for the idempotence and crash-resume tests, built from the real
 * twcs sample: its 1,836 tweets (555 conversations) copied `copies` times under new ids and with
 * dates shifted a day per copy. Seeded, so every run writes the same bytes.
 *
 * Threads are made to span batches and run both ways through the file: a quarter of the
 * conversation roots reply to a message of another conversation that may come earlier or later
 * in the file (always one of lower rank in a seeded order, so the replies never form a loop), and
 * some hang from messages that are not in the file at all (a few of them shared). Organisations
 * and accounts of the 63 brands come first, account snapshots are spread through the file, and a
 * handful of bad lines and one repeated message are mixed in.
 *
 * Everything a correct import must end with is computed here, from the file as written: the
 * conversation root of every message, the number of conversations, and the rejects.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RejectCode } from '../../src/ingest/records.ts';
import { isoFromTwitterDate, type TwcsRow, twcsRows } from './corpusSources.ts';

export interface LargeCorpus {
  path: string;
  /** Non-blank lines: what an import reads. */
  lines: number;
  /** Distinct good messages. */
  messages: number;
  organisations: number;
  accounts: number;
  snapshots: number;
  /** Lines repeating an earlier message exactly. */
  repeated: number;
  rejects: { location: string; code: RejectCode }[];
  /** Ids of the messages in file order. */
  order: string[];
  /** Expected conversation root of every message (platform x). */
  roots: Map<string, string>;
  conversations: number;
}

/** A small seeded generator (mulberry32): the same numbers for the same seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 24 * 3600 * 1000;

export function writeLargeCorpus(dir: string, options: { copies: number; seed: number }): LargeCorpus {
  const random = seeded(options.seed);
  const rows = twcsRows();
  const byId = new Map(rows.map((r) => [r.tweet_id, r]));
  const newId = (copy: number, tweetId: string) => String(copy * 100_000 + Number(tweetId));

  // The sample's conversations, by their top message.
  const topOf = (row: TwcsRow): string => {
    let r = row;
    while (r.in_response_to_tweet_id && byId.has(r.in_response_to_tweet_id))
      r = byId.get(r.in_response_to_tweet_id) as TwcsRow;
    return r.tweet_id;
  };
  const members = new Map<string, string[]>();
  for (const r of rows) {
    const top = topOf(r);
    members.set(top, [...(members.get(top) ?? []), r.tweet_id]);
  }

  // Conversations of all copies in a seeded order; a root only ever hangs from one ranked lower.
  const threads: { top: string; members: string[] }[] = [];
  for (let copy = 0; copy < options.copies; copy++) {
    for (const [top, ids] of members) {
      threads.push({ top: newId(copy, top), members: ids.map((id) => newId(copy, id)) });
    }
  }
  for (let i = threads.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [threads[i], threads[j]] = [threads[j] as (typeof threads)[0], threads[i] as (typeof threads)[0]];
  }
  const rootParent = new Map<string, string>();
  threads.forEach((thread, rank) => {
    const x = random();
    if (rank > 0 && x < 0.25) {
      const target = threads[rank - 1 - Math.floor(random() * Math.min(rank, 50))] as (typeof threads)[0];
      rootParent.set(thread.top, target.members[Math.floor(random() * target.members.length)] as string);
    } else if (x < 0.3) {
      rootParent.set(thread.top, `missing-${Math.floor(random() * 40)}`);
    }
  });

  const brands = [...new Set(rows.filter((r) => r.inbound === 'False').map((r) => r.author_id))];
  const out: (string | Buffer)[] = [];
  for (const brand of brands) {
    out.push(JSON.stringify({ type: 'organisation', code: `BR-${brand}`, name: brand, kind: 'overig' }));
    out.push(
      JSON.stringify({
        type: 'account',
        platform: 'x',
        id: brand,
        handle: brand,
        organisation: `BR-${brand}`,
      }),
    );
  }

  const parents = new Map<string, string | null>();
  const messageLines: string[] = [];
  for (let copy = 0; copy < options.copies; copy++) {
    for (const r of rows) {
      const id = newId(copy, r.tweet_id);
      const parent = r.in_response_to_tweet_id
        ? newId(copy, r.in_response_to_tweet_id)
        : (rootParent.get(id) ?? null);
      parents.set(id, parent);
      const created = new Date(Date.parse(isoFromTwitterDate(r.created_at)) + copy * DAY_MS);
      messageLines.push(
        JSON.stringify({
          platform: 'x',
          id,
          author: { id: r.author_id, handle: r.author_id },
          created_at: created.toISOString(),
          text: r.text,
          ...(parent ? { in_reply_to: { id: parent } } : {}),
        }),
      );
    }
  }

  // Bad lines and one repeat, at fixed fractions of the file; snapshots every 3,000 messages.
  const total = messageLines.length;
  const bad = new Map<number, { piece: string | Buffer; code: RejectCode | 'repeat' }>([
    [Math.floor(total * 0.12), { piece: '{"platform":"x","id":"cut-off","author":', code: 'malformed' }],
    [
      Math.floor(total * 0.3),
      {
        piece: JSON.stringify({
          platform: 'x',
          id: 'no-such-day',
          author: { id: 'a' },
          created_at: '2017-02-30T10:00:00Z',
          text: 'x',
        }),
        code: 'invalid_field',
      },
    ],
    [Math.floor(total * 0.38), { piece: messageLines[100] as string, code: 'repeat' }],
    [
      Math.floor(total * 0.45),
      {
        piece: Buffer.concat([
          Buffer.from(
            '{"platform":"x","id":"bad-bytes","author":{"id":"a"},"created_at":"2017-03-01T10:00:00Z","text":"',
          ),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('"}'),
        ]),
        code: 'encoding',
      },
    ],
    [
      Math.floor(total * 0.6),
      {
        piece: JSON.stringify({
          platform: 'x',
          id: 'extra-field',
          author: { id: 'a' },
          created_at: '2017-03-01T10:00:00Z',
          text: 'x',
          retweeted: true,
        }),
        code: 'invalid_field',
      },
    ],
    [
      Math.floor(total * 0.8),
      {
        piece: JSON.stringify({
          platform: 'x',
          id: 'self',
          author: { id: 'a' },
          created_at: '2017-03-01T10:00:00Z',
          text: 'x',
          in_reply_to: { id: 'self' },
        }),
        code: 'reply_cycle',
      },
    ],
  ]);
  const rejects: LargeCorpus['rejects'] = [];
  let repeated = 0;
  let snapshots = 0;
  messageLines.forEach((line, i) => {
    const extra = bad.get(i);
    if (extra) {
      out.push(extra.piece);
      if (extra.code === 'repeat') repeated++;
      else rejects.push({ location: `large.ndjson:${out.length}`, code: extra.code });
    }
    if (i > 0 && i % 3000 === 0) {
      out.push(
        JSON.stringify({
          type: 'snapshot',
          platform: 'x',
          account_id: brands[snapshots % brands.length],
          taken_at: new Date(Date.UTC(2017, 0, 1) + snapshots * 3600_000).toISOString(),
          followers: 1000 + snapshots,
        }),
      );
      snapshots++;
    }
    out.push(line);
  });

  const path = join(dir, 'large.ndjson');
  writeFileSync(
    path,
    Buffer.concat(
      out.flatMap((piece) => [typeof piece === 'string' ? Buffer.from(piece) : piece, Buffer.from('\n')]),
    ),
  );

  // Expected roots: the top known message of the thread, or the missing message it hangs from.
  const roots = new Map<string, string>();
  const rootOf = (id: string): string => {
    const path: string[] = [];
    let current = id;
    let root: string | undefined;
    for (;;) {
      const known = roots.get(current);
      if (known !== undefined) {
        root = known;
        break;
      }
      path.push(current);
      if (path.length > parents.size) throw new Error(`a loop of replies through ${id}`);
      const parent = parents.get(current);
      if (parent === null || parent === undefined) {
        root = current;
        break;
      }
      if (!parents.has(parent)) {
        root = parent;
        break;
      }
      current = parent;
    }
    for (const p of path) roots.set(p, root);
    return root;
  };
  for (const id of parents.keys()) rootOf(id);

  return {
    path,
    lines: out.length,
    messages: total,
    organisations: brands.length,
    accounts: brands.length,
    snapshots,
    repeated,
    rejects,
    order: [...parents.keys()],
    roots,
    conversations: new Set(roots.values()).size,
  };
}
