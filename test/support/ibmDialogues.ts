/**
 * The IBM customer-care dialogues (`../shared/data/customer-care-ibm/dev.json`, see its SOURCE.md)
 * as Meetlat NDJSON, so the ndjson importer can load them.
 *
 * The file holds 525 dialogues. Each has `dialogContent` (utterances with `client`, `client1` or
 * `agent`, a `message` and a snowflake `tweet_ID`) and `agentURL` (the agent's final reply, with no
 * author and no time). The file gives no reply links, so the conversion decides:
 *
 * - **Replies.** Each utterance replies to the one before it in its dialogue (`in_reply_to` names
 *   that tweet and its author); the first utterance is a post. `agentURL` comes last.
 * - **Times** come from the snowflake ids for every tweet, `(id >> 22) + 1288834974657` ms: the
 *   only clock `agentURL` has, and within a second of every `datetime` the file gives.
 * - **Authors.** `client`/`client1`: a customer (`client1` is a second customer joining the thread,
 *   19 utterances: they are not agents); `agent`: that handle; `agentURL`: `dialogHeader.company`.
 *   Handles serve as author ids (the file has no user ids), as the twcs importer does.
 * - **Companies.** Every `dialogHeader.company` is an owned X account (id = handle). An `agent`
 *   handle other than the dialogue's company would be an account of its own in that company's
 *   organisation (the first dialogue it appears in decides); dev.json has none (every one of its 61
 *   `agent` utterances is by the dialogue's company), which the tests check.
 * - **Organisations** (kind `overig`, no population) are one per company, except that accounts of
 *   one owner share one: {@link OWNERS} (Microsoft: XboxSupport, MicrosoftHelps, MojangSupport;
 *   Alphabet: Google, TeamYouTube), so that organisation figures pool several accounts.
 * - **Addressee.** A customer utterance is addressed to the dialogue's company: its structured
 *   `mentions` are the handles its text mentions (METRICS.md's `@handle` rule) plus the company's
 *   handle. The customer may write `@HP` for `HPSupport`, or nothing at all, but the dialogue is a
 *   conversation with that company's care desk. Company utterances carry no structured mentions
 *   (null: the importer reads them from the text).
 * - **Duplicate ids.** Six tweets appear in two dialogues each (1,211 ids, 1,205 distinct: two
 *   pairs of dialogues share their opening). A tweet id is one tweet: its first occurrence in file
 *   order is written and later ones are left out. Every repeat in dev.json has the same author, text
 *   and preceding tweet as its first occurrence (the tests check this), so nothing is lost.
 * - **Text** is decoded from Twitter's HTML escaping (`&amp;` → `&`): NDJSON text is plain text.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeHTML } from 'entities';
import { mentionsInText } from '../../src/domain/mentions.ts';

export interface IbmUtterance {
  client?: string;
  client1?: string;
  agent?: string;
  datetime: string;
  message: string;
  tweet_ID: string;
}

export interface IbmDialogue {
  agentURL: { doc_id: string; turn: string; tweet_ID: string; url: string; url_utterance: string };
  dialogContent: IbmUtterance[];
  dialogHeader: {
    company: string;
    conversationDateTime: string;
    duration: string;
    messageCount: string;
    sessionID: string;
  };
}

export function readIbmDialogues(path: string): IbmDialogue[] {
  return JSON.parse(readFileSync(path, 'utf8')) as IbmDialogue[];
}

/** A tweet's time from its snowflake id. */
export function snowflakeTime(id: string): Date {
  return new Date(Number((BigInt(id) >> 22n) + 1_288_834_974_657n));
}

/** Accounts that share an organisation: handle → owner. Every other company is its own. */
export const OWNERS: Readonly<Record<string, string>> = {
  XboxSupport: 'Microsoft',
  MicrosoftHelps: 'Microsoft',
  MojangSupport: 'Microsoft',
  Google: 'Alphabet',
  TeamYouTube: 'Alphabet',
};

export function organisationOf(company: string): string {
  return OWNERS[company] ?? company;
}

/** One utterance of a dialogue as the conversion reads it, `agentURL` included (last). */
export interface IbmTweet {
  id: string;
  author: string;
  /** `client` or `client1`: a customer. */
  customer: boolean;
  text: string;
  company: string;
}

export function tweetsOf(dialogue: IbmDialogue): IbmTweet[] {
  const company = dialogue.dialogHeader.company;
  const tweets = dialogue.dialogContent.map((u): IbmTweet => {
    const author = u.agent ?? u.client ?? u.client1;
    if (!author) throw new Error(`dev.json: tweet ${u.tweet_ID} has no client, client1 or agent`);
    return { id: u.tweet_ID, author, customer: u.agent === undefined, text: u.message, company };
  });
  tweets.push({
    id: dialogue.agentURL.tweet_ID,
    author: company,
    customer: false,
    text: dialogue.agentURL.url_utterance,
    company,
  });
  return tweets;
}

/** The dialogues as Meetlat NDJSON lines: organisations, accounts, then the tweets in file order. */
export function ibmToNdjson(dialogues: readonly IbmDialogue[]): string[] {
  const organisations: string[] = [];
  const accounts = new Map<string, string>();
  const addAccount = (handle: string, company: string) => {
    if (accounts.has(handle)) return;
    const code = organisationOf(company);
    if (!organisations.includes(code)) organisations.push(code);
    accounts.set(handle, code);
  };
  for (const d of dialogues) {
    addAccount(d.dialogHeader.company, d.dialogHeader.company);
    for (const u of d.dialogContent) if (u.agent !== undefined) addAccount(u.agent, d.dialogHeader.company);
  }
  const lines = [
    ...organisations.map((code) =>
      JSON.stringify({ type: 'organisation', code, name: code, kind: 'overig' }),
    ),
    ...[...accounts].map(([handle, organisation]) =>
      JSON.stringify({ type: 'account', platform: 'x', id: handle, handle, organisation, relation: 'owned' }),
    ),
  ];
  const written = new Set<string>();
  for (const d of dialogues) {
    let previous: IbmTweet | null = null;
    for (const tweet of tweetsOf(d)) {
      if (!written.has(tweet.id)) {
        written.add(tweet.id);
        const text = decodeHTML(tweet.text);
        lines.push(
          JSON.stringify({
            platform: 'x',
            id: tweet.id,
            author: { id: tweet.author, handle: tweet.author },
            created_at: snowflakeTime(tweet.id).toISOString(),
            text,
            kind: previous ? 'reply' : 'post',
            in_reply_to: previous ? { id: previous.id, author_id: previous.author } : null,
            mentions: tweet.customer
              ? [...new Set([...mentionsInText(text), tweet.company.toLowerCase()])]
              : null,
          }),
        );
      }
      previous = tweet;
    }
  }
  return lines;
}

export function writeIbmNdjson(dialogues: readonly IbmDialogue[], path: string): void {
  writeFileSync(path, `${ibmToNdjson(dialogues).join('\n')}\n`);
}
