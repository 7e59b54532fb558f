import type { Db } from '../store/db.ts';

/**
 * What changed in an organisation's cases, for every open inbox of it, within a second: new
 * cases (a message arrived), claims, replies, status changes. One poller per organisation with
 * open inboxes in this server process reads the cases changed since it last looked (one indexed
 * query each `intervalMs`), so changes made anywhere reach every browser: in this process, in
 * another server, or in a `meetlat worker` that synced new messages. It works the same on both
 * engines and needs no notification channel.
 *
 * A change is `(case, updated_at)`; `updated_at` is the time of the transaction that made it, so
 * a transaction that committed late may carry a time before the last poll's. Each poll therefore
 * looks back `overlapMs` as well and sends only what it had not sent. A browser that reconnects
 * names the last change it had (`Last-Event-ID`), and gets everything after it.
 */

export interface CaseChange {
  id: number;
  number: string;
  status: string;
  version: number;
  assignee: string | null;
  updatedAt: Date;
}

/** `truncated`: more changed at once than one poll reads (a large import): the view should be read anew. */
type Listener = (changes: CaseChange[], truncated: boolean) => void;

interface OrgPoller {
  listeners: Set<Listener>;
  timer: NodeJS.Timeout | null;
  since: Date;
  sent: Map<number, number>;
  running: boolean;
}

export interface LiveFeedOptions {
  intervalMs?: number;
  overlapMs?: number;
}

const POLL_LIMIT = 500;

const LOOKUP = `SELECT c.id, c.number, c.status, c.version, u.name AS assignee, c.updated_at
  FROM cases c LEFT JOIN users u ON u.id = c.assignee_id
  WHERE c.organisation_id = $1 AND c.updated_at > $2
  ORDER BY c.updated_at, c.id LIMIT ${POLL_LIMIT}`;

interface Row {
  id: number;
  number: string;
  status: string;
  version: number;
  assignee: string | null;
  updated_at: Date;
}

const changeOf = (r: Row): CaseChange => ({
  id: r.id,
  number: r.number,
  status: r.status,
  version: r.version,
  assignee: r.assignee,
  updatedAt: r.updated_at,
});

export class CaseFeed {
  private readonly pollers = new Map<number, OrgPoller>();
  private readonly intervalMs: number;
  private readonly overlapMs: number;
  private closed = false;

  constructor(
    private readonly db: Db,
    options: LiveFeedOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 400;
    this.overlapMs = options.overlapMs ?? 10_000;
  }

  /** The changes after `since` (a reconnecting browser's last one), oldest first. */
  async changesSince(organisationId: number, since: Date): Promise<CaseChange[]> {
    const rows = await this.db.query<Row>(LOOKUP, [organisationId, since]);
    return rows.map(changeOf);
  }

  /** Calls `listener` with each organisation's changes from now on; returns how to stop. */
  subscribe(organisationId: number, listener: Listener): () => void {
    let poller = this.pollers.get(organisationId);
    if (!poller) {
      poller = { listeners: new Set(), timer: null, since: new Date(), sent: new Map(), running: false };
      this.pollers.set(organisationId, poller);
      this.schedule(organisationId, poller);
    }
    poller.listeners.add(listener);
    return () => {
      const p = this.pollers.get(organisationId);
      if (!p) return;
      p.listeners.delete(listener);
      if (p.listeners.size === 0) {
        if (p.timer) clearTimeout(p.timer);
        this.pollers.delete(organisationId);
      }
    };
  }

  /** Streams to end when the server closes. */
  readonly streams = new Set<{ end(): void }>();

  close(): void {
    this.closed = true;
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    for (const p of this.pollers.values()) if (p.timer) clearTimeout(p.timer);
    this.pollers.clear();
  }

  private schedule(organisationId: number, poller: OrgPoller): void {
    if (this.closed) return;
    poller.timer = setTimeout(() => {
      this.poll(organisationId, poller).finally(() => {
        if (this.pollers.get(organisationId) === poller) this.schedule(organisationId, poller);
      });
    }, this.intervalMs);
    poller.timer.unref();
  }

  private async poll(organisationId: number, poller: OrgPoller): Promise<void> {
    if (poller.running) return;
    poller.running = true;
    try {
      const from = new Date(poller.since.getTime() - this.overlapMs);
      const rows = await this.db.query<Row>(LOOKUP, [organisationId, from]);
      const truncated = rows.length === POLL_LIMIT;
      const fresh = rows.filter((r) => (poller.sent.get(r.id) ?? -1) < r.updated_at.getTime());
      for (const r of fresh) poller.sent.set(r.id, r.updated_at.getTime());
      const newest = rows.at(-1)?.updated_at;
      // Past a truncated batch (one large transaction has one time): what it held is told as a whole.
      if (newest && truncated) poller.since = new Date(newest.getTime() + this.overlapMs + 1);
      else if (newest && newest > poller.since) poller.since = newest;
      // Forget what lies before the overlap: it can no longer come round again.
      const horizon = poller.since.getTime() - this.overlapMs;
      for (const [id, at] of poller.sent) if (at < horizon) poller.sent.delete(id);
      if (fresh.length > 0 || truncated) {
        const changes = fresh.map(changeOf);
        for (const listener of poller.listeners) listener(changes, truncated);
      }
    } catch {
      // A failed poll is tried again at the next tick; the overlap covers what it missed.
    } finally {
      poller.running = false;
    }
  }
}

const feeds = new WeakMap<Db, CaseFeed>();

/** The feed of a database, one per server process. */
export function caseFeedFor(db: Db): CaseFeed {
  let feed = feeds.get(db);
  if (!feed) {
    feed = new CaseFeed(db);
    feeds.set(db, feed);
  }
  return feed;
}

/** Ends every open stream of the database's feed (before the server closes). */
export function closeCaseFeed(db: Db): void {
  const feed = feeds.get(db);
  if (!feed) return;
  feed.close();
  feeds.delete(db);
}
