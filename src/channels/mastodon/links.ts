import { ChannelError } from '../errors.ts';
import type { MastodonClient } from './client.ts';
import { actorUri, isLocal, type KnownAccount, type MappingContext, type ParentRef, str } from './mapping.ts';

type Json = Record<string, unknown>;

/** What the channel remembers of a status it saw: enough to thread to it and to reply to it. */
export interface SeenStatus {
  id: string;
  uri: string;
  accountId: string | null;
  /** The author's `acct` as Mastodon wants it in a mention (`name` local, `name@domain` remote). */
  acct: string | null;
  visibility: string | null;
}

export interface OwnAccount {
  id: string;
  uri: string;
  /** `username@host` */
  handle: string;
  acct: string;
  displayName: string | null;
}

/**
 * The statuses and accounts this channel instance has seen, by the instance's local ids, and the
 * lookups of what a page names but the channel has not seen. The API names a reply's parent and
 * its author by local id only (`in_reply_to_id`, `in_reply_to_account_id`), while Meetlat names
 * them by their URIs; so before a page is mapped, every parent and DM recipient it names is
 * looked up here first and on the instance (`GET /api/v1/statuses/:id`, `/accounts/:id`) only
 * when unknown. A parent of a local author needs no lookup: its URI follows from the author's.
 */
export class Links implements MappingContext {
  private readonly statuses = new Map<string, SeenStatus>();
  private readonly idByUri = new Map<string, string>();
  private readonly accounts = new Map<string, KnownAccount>();
  /** Local ids the instance answered 404 for, so one gone parent costs one request. */
  private readonly gone = new Set<string>();
  readonly localHost: string;

  constructor(readonly own: OwnAccount) {
    this.localHost = new URL(own.uri).host;
    this.accounts.set(own.id, { uri: own.uri, local: true });
  }

  parent(localId: string): ParentRef | null {
    const seen = this.statuses.get(localId);
    if (!seen) return null;
    return {
      id: seen.uri,
      authorId: seen.accountId ? (this.accounts.get(seen.accountId)?.uri ?? null) : null,
    };
  }

  account(localId: string): KnownAccount | null {
    return this.accounts.get(localId) ?? null;
  }

  byUri(uri: string): SeenStatus | null {
    const id = this.idByUri.get(uri);
    return id ? (this.statuses.get(id) ?? null) : null;
  }

  rememberAccount(value: unknown): void {
    const account = asJson(value);
    const id = str(account?.id);
    if (!account || !id || this.accounts.has(id)) return;
    try {
      this.accounts.set(id, { uri: actorUri(account), local: isLocal(account) });
    } catch {
      // An account without a usable URI is left out; its statuses' mapping says what is wrong.
    }
  }

  /** Remembers a status, its author, and the statuses it boosts or quotes. */
  remember(value: unknown): void {
    const status = asJson(value);
    if (!status) return;
    const account = asJson(status.account);
    this.rememberAccount(account);
    const id = str(status.id);
    const uri = str(status.uri);
    if (id && uri) {
      this.statuses.set(id, {
        id,
        uri,
        accountId: str(account?.id),
        acct: str(account?.acct),
        visibility: str(status.visibility),
      });
      this.idByUri.set(uri, id);
    }
    this.remember(status.reblog);
    this.remember(asJson(status.quote)?.quoted_status);
  }

  /** Looks up what the statuses name but the channel has not seen, so `statusToMessage` can map them. */
  async resolve(statuses: readonly unknown[], client: MastodonClient): Promise<void> {
    for (const value of statuses) this.remember(value);
    for (const value of statuses) {
      const status = asJson(value);
      if (!status) continue;
      const parentId = str(status.in_reply_to_id);
      const parentAuthor = str(status.in_reply_to_account_id);
      if (parentId && !this.statuses.has(parentId) && !this.accounts.get(parentAuthor ?? '')?.local) {
        const found = await this.lookup(parentId, (id) => client.status(id));
        if (found) this.remember(found);
        else if (parentAuthor) await this.lookupAccount(parentAuthor, client);
      }
      if (status.visibility === 'direct' && str(asJson(status.account)?.id) === this.own.id) {
        const mentions = Array.isArray(status.mentions) ? status.mentions : [];
        const other = mentions.map(asJson).find((m) => m && str(m.id) !== this.own.id);
        const otherId = str(other?.id);
        if (otherId) await this.lookupAccount(otherId, client);
      }
    }
  }

  private async lookupAccount(id: string, client: MastodonClient): Promise<void> {
    if (this.accounts.has(id)) return;
    const found = await this.lookup(`account:${id}`, () => client.account(id));
    if (found) this.rememberAccount(found);
  }

  /** One lookup; a 404/410 is remembered as gone and answers null, any other error is thrown. */
  private async lookup(key: string, get: (id: string) => Promise<Json>): Promise<Json | null> {
    if (this.gone.has(key)) return null;
    try {
      return await get(key.replace(/^account:/, ''));
    } catch (error) {
      if (error instanceof ChannelError && error.kind === 'not_found') {
        this.gone.add(key);
        return null;
      }
      throw error;
    }
  }
}

function asJson(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}
