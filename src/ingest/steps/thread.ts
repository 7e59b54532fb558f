import { messageKey } from '../../store/messages.ts';
import { RecordError } from '../records.ts';

/** What the threader keeps per platform; ids are the platform's, so no keys are built per lookup. */
class PlatformThreads {
  /** Root of every message seen in this run ('' while its batch is not threaded yet). */
  readonly roots = new Map<string, string>();
  /** Messages that hang from something: id → the root it hangs from (followed by `find`). */
  readonly moved = new Map<string, string>();
  /** Missing messages that threads of this run hang from. */
  readonly dangling = new Set<string>();
  /** A hash of each message's content as read, to tell a repeat from a changed copy. */
  readonly content = new Map<string, number>();
}

/** FNV-1a over the UTF-16 code units: cheap, and enough to tell two versions of a record apart. */
export function contentHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * Step 4 of the pipeline: threads messages into conversations, across batches and across
 * imports. A conversation is named by its root: the platform id of the first message of the
 * thread that is known, or of the missing message the thread hangs from. When that missing
 * message arrives later (in this import or another) and hangs from something itself, the whole
 * thread moves to the higher root; `movesFor` tells the store which.
 *
 * A message whose parent chain leads back to itself would close a loop of replies: it is
 * rejected (`reply_cycle`), and the messages already stored keep a consistent tree.
 */
export class Threader {
  private readonly platforms = new Map<string, PlatformThreads>();

  private of(platform: string): PlatformThreads {
    let threads = this.platforms.get(platform);
    if (!threads) {
      threads = new PlatformThreads();
      this.platforms.set(platform, threads);
    }
    return threads;
  }

  /**
   * Marks a message as seen in this run. `repeat` when it was seen before with the same content,
   * `conflict` when with other content (the first version stands).
   */
  claim(platform: string, platformId: string, content: string): 'new' | 'repeat' | 'conflict' {
    const threads = this.of(platform);
    const hash = contentHash(content);
    if (threads.roots.has(platformId))
      return threads.content.get(platformId) === hash ? 'repeat' : 'conflict';
    threads.roots.set(platformId, '');
    threads.content.set(platformId, hash);
    return 'new';
  }

  release(platform: string, platformId: string): void {
    this.of(platform).roots.delete(platformId);
  }

  /** The parent's key when its root is not known in memory: to be looked up in the store. */
  parentToLookUp(platform: string, parentId: string | null): string | null {
    if (parentId === null) return null;
    return this.of(platform).roots.get(parentId) ? null : messageKey(platform, parentId);
  }

  /** Records the root of a message that was stored before this run. */
  adoptStored(platform: string, platformId: string, storedRoot: string): void {
    this.of(platform).roots.set(platformId, storedRoot);
  }

  /**
   * Threads one message; `storedRoots` holds the roots of stored parents (by message key).
   * Returns its root for now (call `find` when storing: later messages of the batch may move it).
   */
  thread(
    platform: string,
    platformId: string,
    parentId: string | null,
    storedRoots: ReadonlyMap<string, string>,
  ) {
    const threads = this.of(platform);
    let root = platformId;
    if (parentId !== null) {
      const inMemory = threads.roots.get(parentId);
      const stored = inMemory ? undefined : storedRoots.get(messageKey(platform, parentId));
      root = this.findIn(threads, inMemory || stored || parentId);
      if (root === platformId) {
        threads.roots.delete(platformId);
        throw new RecordError(
          'reply_cycle',
          `message ${platformId} replies to ${parentId}, whose thread already hangs from ${platformId}: a loop of replies`,
        );
      }
      if (root === parentId && !inMemory && stored === undefined) threads.dangling.add(parentId);
      threads.moved.set(platformId, root);
    }
    threads.roots.set(platformId, root);
    return root;
  }

  /** The root a thread has now, following moves. */
  find(platform: string, root: string): string {
    return this.findIn(this.of(platform), root);
  }

  private findIn(threads: PlatformThreads, root: string): string {
    let current = root;
    let next = threads.moved.get(current);
    if (next === undefined || next === current) return current;
    const path: string[] = [];
    while (next !== undefined && next !== current) {
      path.push(current);
      current = next;
      next = threads.moved.get(current);
    }
    for (const hop of path) threads.moved.set(hop, current);
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
      const threads = this.of(m.platform);
      if (!threads.moved.has(m.platformId)) continue;
      const key = messageKey(m.platform, m.platformId);
      if (threads.dangling.has(m.platformId) || storedRootKeys.has(key)) {
        moves.set(key, this.findIn(threads, m.platformId));
      }
    }
    return moves;
  }
}
