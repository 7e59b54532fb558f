import { messageKey } from '../../store/messages.ts';
import { RecordError } from '../records.ts';

/**
 * Step 4 of the pipeline: threads messages into conversations, across batches and across
 * imports. A conversation is named by its root: the platform id of the first message of the
 * thread that is known, or of the missing message the thread hangs from. When that missing
 * message arrives later (in this import or another) and hangs from something itself, the whole
 * thread moves to the higher root; `moves` collects those for the store.
 *
 * A message whose parent chain leads back to itself would close a loop of replies: it is
 * rejected (`reply_cycle`), and the messages already stored keep a consistent tree.
 */
export class Threader {
  /** Root of every message seen in this run ('' while its batch is not threaded yet). */
  private readonly roots = new Map<string, string>();
  /** Roots that became ordinary members of a higher thread: old root key → new root id. */
  private readonly moved = new Map<string, string>();
  /** Missing messages that threads of this run hang from. */
  private readonly danglingRoots = new Set<string>();

  /** Marks a message as seen in this run; false when it was seen before (a duplicate). */
  claim(platform: string, platformId: string): boolean {
    const key = messageKey(platform, platformId);
    if (this.roots.has(key)) return false;
    this.roots.set(key, '');
    return true;
  }

  release(platform: string, platformId: string): void {
    this.roots.delete(messageKey(platform, platformId));
  }

  /** Parents whose root is not known in memory: to be looked up in the store. */
  unknownParents(platform: string, parentId: string | null): string | null {
    if (parentId === null) return null;
    const key = messageKey(platform, parentId);
    return this.roots.get(key) ? null : key;
  }

  /** Records the root of a message that was stored before this run. */
  adoptStored(platform: string, platformId: string, storedRoot: string): void {
    this.roots.set(messageKey(platform, platformId), storedRoot);
  }

  /**
   * Threads one message; `storedRoots` holds the roots of stored parents. Returns its root for now
   * (call `currentRoot` when storing, as later messages of the batch may move it).
   */
  thread(
    platform: string,
    platformId: string,
    parentId: string | null,
    storedRoots: ReadonlyMap<string, string>,
  ) {
    const key = messageKey(platform, platformId);
    let root = platformId;
    if (parentId !== null) {
      const parentKey = messageKey(platform, parentId);
      const known = this.roots.get(parentKey) || storedRoots.get(parentKey) || parentId;
      root = this.find(platform, known);
      if (root === parentId && !this.roots.get(parentKey) && !storedRoots.has(parentKey)) {
        this.danglingRoots.add(parentKey);
      }
      if (root === platformId) {
        this.roots.delete(key);
        throw new RecordError(
          'reply_cycle',
          `message ${platformId} replies to ${parentId}, whose thread already hangs from ${platformId}: a loop of replies`,
        );
      }
      this.moved.set(key, root);
    }
    this.roots.set(key, root);
    return root;
  }

  /** The root a thread has now, following moves. */
  find(platform: string, root: string): string {
    let current = root;
    const path: string[] = [];
    for (;;) {
      const next = this.moved.get(messageKey(platform, current));
      if (next === undefined || next === current) break;
      path.push(current);
      current = next;
    }
    for (const hop of path) this.moved.set(messageKey(platform, hop), current);
    return current;
  }

  /**
   * For messages of a batch that threads were hanging from (in this run, or in the store as
   * `storedRootKeys` says) and that hang from something themselves: old root key → new root.
   */
  movesFor(
    messages: readonly { platform: string; platformId: string }[],
    storedRootKeys: ReadonlySet<string>,
  ): Map<string, string> {
    const moves = new Map<string, string>();
    for (const m of messages) {
      const key = messageKey(m.platform, m.platformId);
      if (!this.moved.has(key)) continue;
      if (this.danglingRoots.has(key) || storedRootKeys.has(key))
        moves.set(key, this.find(m.platform, m.platformId));
    }
    return moves;
  }
}
