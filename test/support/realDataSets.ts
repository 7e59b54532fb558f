/**
 * The real conversations of yardstick-real.test.ts read again, independently of the importers,
 * into the naive yardstick's shape: the twcs sample with csv-parse, the IBM dialogues from their
 * parsed JSON (with test/support/ibmDialogues.ts's decisions).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sharedFile } from './data.ts';
import { type IbmDialogue, organisationOf } from './ibmDialogues.ts';
import {
  type NaiveAccount,
  type NaiveMessage,
  type NaiveOrganisation,
  NaiveStore,
} from './naiveYardstick.ts';

export const TWCS = sharedFile('twcs-sample', 'twcs_sample.csv');
export const IBM = sharedFile('customer-care-ibm', 'dev.json');

// --- reading the raw data, independently of the importers -------------------------------------

/**
 * The handles the text mentions: an `@` at the start or after a character that is not a letter,
 * digit or `_`, then the longest run of letters, digits and `_` (lower-cased).
 */
function textMentions(text: string): string[] {
  const word = (c: string | undefined) => c !== undefined && /^[\p{L}\p{N}_]$/u.test(c);
  const chars = [...text];
  const found: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] !== '@' || word(chars[i - 1])) continue;
    let j = i + 1;
    while (word(chars[j])) j++;
    if (j > i + 1)
      found.push(
        chars
          .slice(i + 1, j)
          .join('')
          .toLowerCase(),
      );
  }
  return [...new Set(found)];
}

/** Twitter's HTML escaping, undone (the entities these files use). */
function unescapeTwitter(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Tue Oct 31 22:10:47 +0000 2017` in milliseconds. */
function twitterTime(value: string): number {
  const m = /^\w{3} (\w{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) \+0000 (\d{4})$/.exec(value);
  assert.ok(m, `twcs created_at ${value}`);
  const [, month, day, h, min, s, year] = m as unknown as string[];
  return Date.UTC(
    Number(year),
    MONTHS.indexOf(month as string),
    Number(day),
    Number(h),
    Number(min),
    Number(s),
  );
}

export interface NaiveDataSet {
  store: NaiveStore;
  accounts: NaiveAccount[];
  organisations: NaiveOrganisation[];
}

export function twcsData(): NaiveDataSet & { rows: number } {
  const rows = parse(readFileSync(TWCS), { columns: true }) as Record<string, string>[];
  const companies: string[] = [];
  for (const r of rows) {
    assert.ok(r.inbound === 'True' || r.inbound === 'False', `inbound of ${r.tweet_id}`);
    if (r.inbound === 'False' && !companies.includes(r.author_id as string))
      companies.push(r.author_id as string);
  }
  const messages = rows.map(
    (r): NaiveMessage => ({
      id: r.tweet_id as string,
      author: r.author_id as string,
      createdAt: twitterTime(r.created_at as string),
      parentId: r.in_response_to_tweet_id || null,
      parentAuthorHint: null,
      repost: false,
      mentions: textMentions(unescapeTwitter(r.text as string)),
      reposts: null,
    }),
  );
  return {
    rows: rows.length,
    store: new NaiveStore(messages),
    accounts: companies.map((c) => ({ platformUserId: c, handle: c, organisation: c })),
    organisations: companies.map((c) => ({ code: c, kind: 'overig' })),
  };
}

/** dev.json walked with the conversion's decisions (see test/support/ibmDialogues.ts). */
export function ibmData(dialogues: readonly IbmDialogue[]): NaiveDataSet & { written: number } {
  const messages: NaiveMessage[] = [];
  const seen = new Set<string>();
  const accounts: NaiveAccount[] = [];
  const organisations: NaiveOrganisation[] = [];
  const addAccount = (handle: string, company: string) => {
    if (accounts.some((a) => a.platformUserId === handle)) return;
    const code = organisationOf(company);
    if (!organisations.some((o) => o.code === code)) organisations.push({ code, kind: 'overig' });
    accounts.push({ platformUserId: handle, handle, organisation: code });
  };
  for (const d of dialogues) {
    const company = d.dialogHeader.company;
    addAccount(company, company);
    const utterances = d.dialogContent.map((u) => ({
      id: u.tweet_ID,
      author: (u.agent ?? u.client ?? u.client1) as string,
      customer: u.agent === undefined,
      text: u.message,
    }));
    for (const u of d.dialogContent) if (u.agent !== undefined) addAccount(u.agent, company);
    utterances.push({
      id: d.agentURL.tweet_ID,
      author: company,
      customer: false,
      text: d.agentURL.url_utterance,
    });
    for (let i = 0; i < utterances.length; i++) {
      const u = utterances[i] as (typeof utterances)[number];
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      const before = utterances[i - 1];
      const mentions = textMentions(unescapeTwitter(u.text));
      if (u.customer && !mentions.includes(company.toLowerCase())) mentions.push(company.toLowerCase());
      messages.push({
        id: u.id,
        author: u.author,
        createdAt: Number((BigInt(u.id) >> 22n) + 1288834974657n),
        parentId: before?.id ?? null,
        parentAuthorHint: before?.author ?? null,
        repost: false,
        mentions,
        reposts: null,
      });
    }
  }
  return { written: messages.length, store: new NaiveStore(messages), accounts, organisations };
}
