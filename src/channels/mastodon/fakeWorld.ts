import { readFileSync } from 'node:fs';
import { formatsFile } from '../fakeServer.ts';

/**
 * The world the fake Mastodon serves: accounts, statuses and notifications of a generated
 * scenario (fakeScenario.ts), rendered as Mastodon renders them. Every JSON object starts from a
 * real recorded answer of a Mastodon server (`../shared/data/formats/mastodon/api-recorded`, read
 * at run time), so fields the adapter ignores are there as a real instance sends them.
 */
export const LOCAL_DOMAIN = 'social.lindewaard.example';
const LOCAL = `https://${LOCAL_DOMAIN}`;

type Json = Record<string, unknown>;
export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

export interface FakeAccount {
  id: string;
  username: string;
  /** `username` for local accounts, `username@domain` for remote ones. */
  acct: string;
  displayName: string;
  uri: string;
  url: string;
  followers: number;
  following: number;
}

export interface FakeStatus {
  id: string;
  uri: string;
  url: string;
  createdAt: Date;
  account: FakeAccount;
  text: string;
  visibility: Visibility;
  inReplyTo: FakeStatus | null;
  reblog: FakeStatus | null;
  quote: FakeStatus | null;
  mentions: FakeAccount[];
  tags: string[];
  deleted: boolean;
  replies: number;
  reblogs: number;
  favourites: number;
}

export interface FakeNotification {
  id: string;
  type: 'mention' | 'favourite' | 'reblog' | 'follow';
  createdAt: Date;
  account: FakeAccount;
  status: FakeStatus | null;
}

interface Templates {
  status: Json;
  account: Json;
  credentials: Json;
}

function loadTemplates(): Templates {
  const read = (name: string) =>
    JSON.parse(readFileSync(formatsFile('mastodon', 'api-recorded', name), 'utf8')) as unknown;
  const statuses = read(
    'test_fetch_next_previous_11_api_v1_accounts_117020565966271181_statuses_limit_5.json',
  );
  const status = (statuses as Json[])[0] as Json;
  return {
    status,
    account: status.account as Json,
    credentials: read('test_fetch_next_previous_00_api_v1_accounts_verify_credentials.json') as Json,
  };
}

/** A Mastodon id: milliseconds shifted 16 bits, plus a sequence (Mastodon's snowflake ids). */
function snowflake(at: Date, sequence: number): string {
  return ((BigInt(at.getTime()) << 16n) + BigInt(sequence % 65536)).toString();
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

const MENTION = /(?<![\w@])@([A-Za-z0-9_]+)(?:@([a-z0-9.-]+\.[a-z]+))?/g;
const TAG = /(?<![\w&])#([\p{L}\p{N}_]+)/gu;

export class FakeWorld {
  readonly accounts: FakeAccount[] = [];
  readonly statuses: FakeStatus[] = [];
  readonly notifications: FakeNotification[] = [];
  private readonly templates = loadTemplates();
  private sequence = 0;
  private notificationSeq = 100;
  readonly gemeente: FakeAccount;

  constructor() {
    this.gemeente = this.addAccount('gemeentelindewaard', null, 'Gemeente Lindewaard', { followers: 4210 });
  }

  /** A local account (`domain` null) or a remote one; local ones created later get numeric AP ids. */
  addAccount(
    username: string,
    domain: string | null,
    displayName: string,
    counts: { followers?: number; following?: number; numericId?: boolean } = {},
  ): FakeAccount {
    const id = snowflake(new Date(Date.UTC(2023, 0, 1)), this.accounts.length + 1);
    const home = domain ? `https://${domain}` : LOCAL;
    // Accounts made on Mastodon 4.4+ get `/ap/users/<id>` actor URIs; older ones `/users/<name>`.
    const uri = counts.numericId ? `${home}/ap/users/${id}` : `${home}/users/${username}`;
    const account: FakeAccount = {
      id,
      username,
      acct: domain ? `${username}@${domain}` : username,
      displayName,
      uri,
      url: `${home}/@${username}`,
      followers: counts.followers ?? 12,
      following: counts.following ?? 30,
    };
    this.accounts.push(account);
    return account;
  }

  /** The accounts a text mentions (`@name` local, `@name@domain` remote) that this world knows. */
  mentionsIn(text: string): FakeAccount[] {
    const found: FakeAccount[] = [];
    for (const m of text.matchAll(MENTION)) {
      const acct = m[2] && m[2] !== LOCAL_DOMAIN ? `${m[1]}@${m[2]}` : (m[1] as string);
      const account = this.accounts.find((a) => a.acct.toLowerCase() === acct.toLowerCase());
      if (account && !found.includes(account)) found.push(account);
    }
    return found;
  }

  addStatus(
    account: FakeAccount,
    at: Date,
    text: string,
    options: {
      visibility?: Visibility;
      inReplyTo?: FakeStatus;
      reblog?: FakeStatus;
      quote?: FakeStatus;
    } = {},
  ): FakeStatus {
    const id = snowflake(at, ++this.sequence);
    const local = account.uri.startsWith(LOCAL);
    // A remote status keeps the id its own server gave it in its URI.
    const ownId = local ? id : snowflake(at, 40_000 + this.sequence);
    const uri = `${account.uri}/statuses/${ownId}${options.reblog ? '/activity' : ''}`;
    const status: FakeStatus = {
      id,
      uri,
      url: options.reblog ? uri : `${account.url}/${ownId}`,
      createdAt: at,
      account,
      text: options.reblog ? '' : text,
      visibility: options.visibility ?? 'public',
      inReplyTo: options.inReplyTo ?? null,
      reblog: options.reblog ?? null,
      quote: options.quote ?? null,
      mentions: options.reblog ? [] : this.mentionsIn(text),
      tags: options.reblog
        ? []
        : [...new Set([...text.matchAll(TAG)].map((m) => (m[1] as string).toLowerCase()))],
      deleted: false,
      replies: 0,
      reblogs: 0,
      favourites: 0,
    };
    if (status.inReplyTo) status.inReplyTo.replies++;
    if (status.reblog) status.reblog.reblogs++;
    this.statuses.push(status);
    if (account !== this.gemeente && status.mentions.includes(this.gemeente)) {
      this.notify('mention', at, account, status);
    }
    return status;
  }

  notify(type: FakeNotification['type'], at: Date, account: FakeAccount, status: FakeStatus | null): void {
    this.notifications.push({ id: String(++this.notificationSeq), type, createdAt: at, account, status });
  }

  /** Whether the gemeente may see a status (a DM only when it wrote it or is named in it). */
  visible(status: FakeStatus): boolean {
    if (status.deleted) return false;
    if (status.visibility !== 'direct') return true;
    return status.account === this.gemeente || status.mentions.includes(this.gemeente);
  }

  /** Statuses a complete sync stores: the gemeente's own and every one that mentions it. */
  messages(): FakeStatus[] {
    return this.statuses.filter(
      (s) => !s.deleted && (s.account === this.gemeente || s.mentions.includes(this.gemeente)),
    );
  }

  accountJson(account: FakeAccount): Json {
    const own = this.statuses.filter((s) => s.account === account && !s.deleted);
    return {
      ...this.templates.account,
      id: account.id,
      username: account.username,
      acct: account.acct,
      display_name: account.displayName,
      locked: false,
      created_at: '2023-01-01T00:00:00.000Z',
      note: '',
      url: account.url,
      uri: account.uri,
      followers_count: account.followers,
      following_count: account.following,
      statuses_count: own.length,
      last_status_at: own.at(-1)?.createdAt.toISOString().slice(0, 10) ?? null,
      roles: [],
      fields: [],
    };
  }

  credentialsJson(): Json {
    const source = this.templates.credentials.source as Json;
    return {
      ...this.templates.credentials,
      ...this.accountJson(this.gemeente),
      source: { ...source, privacy: 'public', sensitive: false, language: 'nl', note: '', fields: [] },
    };
  }

  statusJson(status: FakeStatus): Json {
    const json: Json = {
      ...this.templates.status,
      id: status.id,
      created_at: status.createdAt.toISOString(),
      in_reply_to_id: status.inReplyTo?.id ?? null,
      in_reply_to_account_id: status.inReplyTo?.account.id ?? null,
      sensitive: false,
      visibility: status.visibility,
      language: status.reblog ? null : 'nl',
      uri: status.uri,
      url: status.url,
      replies_count: status.replies,
      reblogs_count: status.reblogs,
      favourites_count: status.favourites,
      content: status.reblog ? '' : this.html(status),
      reblog: status.reblog ? this.statusJson(status.reblog) : null,
      application: status.account === this.gemeente ? { name: 'Web', website: null } : null,
      account: this.accountJson(status.account),
      mentions: status.mentions.map((a) => ({ id: a.id, username: a.username, url: a.url, acct: a.acct })),
      tags: status.tags.map((name) => ({ name, url: `${LOCAL}/tags/${name}` })),
      quote: status.quote ? { state: 'accepted', quoted_status: this.statusJson(status.quote) } : null,
    };
    // `pinned` is only shown to the author, on statuses that can be pinned.
    if (status.account !== this.gemeente || status.visibility === 'direct') delete json.pinned;
    return json;
  }

  /** The text as Mastodon's HTML: paragraphs, h-card mentions and hashtag links. */
  private html(status: FakeStatus): string {
    return status.text
      .split('\n\n')
      .map((paragraph) => {
        const body = escapeHtml(paragraph)
          .replace(MENTION, (whole: string, name: string) => {
            const account = this.mentionsIn(whole)[0];
            if (!account || !status.mentions.includes(account)) return whole;
            return `<span class="h-card" translate="no"><a href="${account.url}" class="u-url mention">@<span>${name}</span></a></span>`;
          })
          .replace(
            TAG,
            (_, tag: string) =>
              `<a href="${LOCAL}/tags/${tag.toLowerCase()}" class="mention hashtag" rel="tag">#<span>${tag}</span></a>`,
          )
          .replaceAll('\n', '<br />');
        return `<p>${body}</p>`;
      })
      .join('');
  }

  notificationJson(n: FakeNotification): Json {
    const json: Json = {
      id: n.id,
      type: n.type,
      created_at: n.createdAt.toISOString(),
      group_key: `ungrouped-${n.id}`,
      account: this.accountJson(n.account),
    };
    if (n.status) json.status = this.statusJson(n.status);
    return json;
  }

  /** The status's thread as `/statuses/:id/context` gives it, as far as the gemeente may see. */
  context(status: FakeStatus): { ancestors: FakeStatus[]; descendants: FakeStatus[] } {
    const ancestors: FakeStatus[] = [];
    for (let p = status.inReplyTo; p; p = p.inReplyTo) if (this.visible(p)) ancestors.unshift(p);
    const descendants: FakeStatus[] = [];
    const walk = (parent: FakeStatus) => {
      for (const child of this.statuses.filter((s) => s.inReplyTo === parent)) {
        if (this.visible(child)) descendants.push(child);
        walk(child);
      }
    };
    walk(status);
    return { ancestors, descendants };
  }

  /** Direct-message threads, newest last status first, as `/api/v1/conversations` lists them. */
  conversations(): { id: string; accounts: FakeAccount[]; last: FakeStatus }[] {
    const byRoot = new Map<FakeStatus, FakeStatus[]>();
    for (const s of this.statuses) {
      if (s.visibility !== 'direct' || !this.visible(s)) continue;
      let root = s;
      while (root.inReplyTo?.visibility === 'direct') root = root.inReplyTo;
      byRoot.set(root, [...(byRoot.get(root) ?? []), s]);
    }
    return [...byRoot.entries()]
      .map(([root, thread], index) => ({
        id: String(500 + index),
        root,
        accounts: [...new Set(thread.flatMap((s) => [s.account, ...s.mentions]))].filter(
          (a) => a !== this.gemeente,
        ),
        last: thread.reduce((a, b) => (BigInt(b.id) > BigInt(a.id) ? b : a)),
      }))
      .sort((a, b) => (BigInt(b.last.id) > BigInt(a.last.id) ? 1 : -1));
  }
}
