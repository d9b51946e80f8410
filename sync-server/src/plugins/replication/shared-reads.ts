import type { ChangeNotifier } from './change-notifier';
import type { ChangeTail } from './change-tail';

type ChangesOptions = PouchDB.Core.ChangesOptions;
type ChangesResponse = PouchDB.Core.ChangesResponse<object>;

interface SharedRead {
  /** The collection's generation when the read started: it sees every change counted up to it. */
  generation: number;
  result: Promise<ChangesResponse>;
}

/**
 * One store read of a collection's change log for every longpoll that needs the same page at
 * the same moment. A write that concerns 2,000 waiting devices (one notice to every patient)
 * wakes them all, and each reads the log from the same position: one `changes()` instead of
 * 2,000, each device then filtering the shared rows by its own rights (pull.ts) — the
 * authorisation stays per device, only the store read is shared.
 *
 * A read is shared only with a caller asking after it started no earlier than the last change
 * the caller may have been woken by (the collection's generation), so nobody gets a page older
 * than the change it was woken for. The rows are shared objects: callers must not modify them.
 */
export class SharedChangeReads {
  private readonly reads = new Map<string, SharedRead>();

  constructor(
    private readonly collection: string,
    private readonly db: PouchDB.Database,
    private readonly notifier: ChangeNotifier,
  ) {}

  changes(options: ChangesOptions): Promise<ChangesResponse> {
    const generation = this.notifier.generation(this.collection);
    const key = `${String(options.since)}|${options.limit}|${options.style}|${options.include_docs === true}`;
    const shared = this.reads.get(key);
    if (shared && shared.generation >= generation) return shared.result;
    // Reads of an older generation can serve nobody any more: dropped, so the map stays small.
    for (const [otherKey, other] of this.reads) if (other.generation < generation) this.reads.delete(otherKey);
    const result = this.db.changes({ ...options, return_docs: true }) as unknown as Promise<ChangesResponse>;
    const read = { generation, result };
    this.reads.set(key, read);
    // A failed read is not kept for others (they try again themselves).
    result.catch(() => {
      if (this.reads.get(key) === read) this.reads.delete(key);
    });
    return result;
  }
}

/** What the pull code reads of a collection's store (pull.ts). */
export type ChangeLogStore = Pick<PouchDB.Database, 'info' | 'changes' | 'allDocs'>;

/**
 * The collection's database as the pull code sees it, with its one-shot `changes()` reads
 * answered from the recent changes in memory when they hold the page (`tail`; with `partition`,
 * only that partition's rows — the caller may read no other), else through `shared`; everything
 * else, live feeds included, goes straight to the database. A view rather than a new parameter,
 * so the pull code stays the same for every caller.
 *
 * The feed reports a change a moment after it is stored. The reads of a request that waits for
 * changes (`waiting.willWait`: subscribed before its first read) may be served by what the feed
 * has seen so far: whatever it has not reported yet wakes the wait when it does. Any other read
 * (a plain `_changes`, a longpoll with timeout 0) is served from memory only when the feed has
 * caught up with the store, so a device reads its own writes at once.
 *
 * A class, its methods on the prototype: one is made per collection for every request and kept
 * while the longpoll waits (2,000 idle devices × 6 collections), so no closures or proxy each.
 */
export class SharedChangeLog {
  constructor(
    private readonly db: PouchDB.Database,
    private readonly shared: SharedChangeReads,
    private readonly tail: ChangeTail | undefined,
    private readonly partition: string | undefined,
    private readonly waiting: { readonly willWait: boolean },
  ) {}

  info(): Promise<PouchDB.Core.DatabaseInfo> {
    return this.db.info();
  }

  allDocs(options?: PouchDB.Core.AllDocsOptions): Promise<PouchDB.Core.AllDocsResponse<object>> {
    return this.db.allDocs(options);
  }

  changes(options: ChangesOptions = {}): unknown {
    return options.live ? this.db.changes(options) : this.read(options);
  }

  private async read(options: ChangesOptions): Promise<ChangesResponse> {
    const tail = this.tail;
    // The window is checked first: asking the store where it stands is an HTTP request with CouchDB.
    const servable = tail && options.style === 'all_docs' && options.include_docs === true && typeof options.limit === 'number' && tail.reachesBackTo(options.since);
    if (servable && (this.waiting.willWait || tail.hasCaughtUp((await this.db.info()).update_seq))) {
      const page = tail.read(options.since, options.limit as number, this.partition);
      if (page) return page as ChangesResponse;
    }
    return this.shared.changes(options);
  }
}

/** The view above as the store type the pull code reads (see SharedChangeLog). */
export function withSharedChangeReads(
  db: PouchDB.Database,
  shared: SharedChangeReads,
  tail: ChangeTail | undefined,
  partition: string | undefined,
  waiting: { readonly willWait: boolean },
): ChangeLogStore {
  return new SharedChangeLog(db, shared, tail, partition, waiting) as unknown as ChangeLogStore;
}

const perNotifier = new WeakMap<ChangeNotifier, Map<string, SharedChangeReads>>();

/** The shared reads of one collection, one per process (per notifier: the feed that counts its changes). */
export function sharedChangeReadsOf(notifier: ChangeNotifier, collection: string, db: PouchDB.Database): SharedChangeReads {
  let byCollection = perNotifier.get(notifier);
  if (!byCollection) {
    byCollection = new Map();
    perNotifier.set(notifier, byCollection);
  }
  let reads = byCollection.get(collection);
  if (!reads) {
    reads = new SharedChangeReads(collection, db, notifier);
    byCollection.set(collection, reads);
  }
  return reads;
}
