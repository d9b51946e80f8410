import type { FastifyBaseLogger } from 'fastify';
import { readMany } from './bulk';

const CATCH_UP_BATCH = 1000;
const RESTART_DELAY_MS = 1000;

export interface FeedMirrorOptions<T extends object> {
  db: PouchDB.Database;
  log: FastifyBaseLogger;
  /** Names the mirror in log lines. */
  name: string;
  /** Ids the mirror cares about (others only advance the feed). */
  wants(id: string): boolean;
  /** The revision the mirror already holds of a document, if any (its feed echo is skipped). */
  knownRev(id: string): string | undefined;
  /** A document as the store holds it now, or `undefined` when it was deleted or is gone. */
  apply(id: string, doc: T | undefined): void;
  /** Called after a batch of other instances' writes was applied. */
  changed?(): void;
}

/**
 * An in-memory copy of what the callers need of a database, kept from its change feed: every
 * document is read once at start, then only the changes whose revision the mirror does not hold
 * (other instances' writes; a write made here is applied by its caller at once, so its echo
 * costs nothing) are read, in bulk. Every instance keeps its own mirror; the store stays the only
 * truth. PouchDB views cost ~1 ms a document to index, which queues of thousands of due
 * messages could not wait for. The SMS queue's and the push jobs' indexes are built on this.
 */
export class FeedMirror<T extends object> {
  private since: string | number = 0;
  private feed: PouchDB.Core.Changes<object> | null = null;
  private caughtUp: Promise<void> | null = null;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly pending = new Set<string>();
  private fetching: Promise<void> | null = null;

  constructor(private readonly options: FeedMirrorOptions<T>) {}

  /** Reads every document once, then follows the feed. Resolves when the mirror is complete. */
  ready(): Promise<void> {
    this.caughtUp ??= this.catchUp().then(() => this.follow());
    return this.caughtUp;
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.feed?.cancel();
    this.feed = null;
  }

  private async catchUp(): Promise<void> {
    const { db, wants, apply } = this.options;
    for (;;) {
      const batch = await db.changes({ since: this.since as number, limit: CATCH_UP_BATCH, include_docs: true });
      for (const change of batch.results) {
        if (wants(change.id)) apply(change.id, change.deleted ? undefined : (change.doc as unknown as T | undefined));
      }
      this.since = batch.last_seq;
      if (batch.results.length < CATCH_UP_BATCH) return;
    }
  }

  private follow(): void {
    if (this.stopped) return;
    const { db, log, name, wants, knownRev, apply } = this.options;
    const feed = db.changes({ live: true, since: this.since as number });
    this.feed = feed;
    feed.on('change', (change) => {
      this.since = change.seq;
      if (!wants(change.id)) return;
      if (change.deleted) return apply(change.id, undefined);
      const known = knownRev(change.id);
      if (known && change.changes.some((leaf) => leaf.rev === known)) return;
      this.pending.add(change.id);
      this.fetching ??= this.fetchPending();
    });
    feed.on('error', (error) => {
      if (this.stopped) return;
      log.warn({ err: error, mirror: name }, 'a mirrored change feed failed; restarting');
      this.restartTimer = setTimeout(() => this.follow(), RESTART_DELAY_MS);
      this.restartTimer.unref();
    });
  }

  private async fetchPending(): Promise<void> {
    const { db, log, name, apply, changed } = this.options;
    try {
      while (this.pending.size > 0 && !this.stopped) {
        const ids = [...this.pending];
        this.pending.clear();
        const found = await readMany<T>(db, ids);
        for (const id of ids) apply(id, found.get(id));
        changed?.();
      }
    } catch (error) {
      if (!this.stopped) log.warn({ err: error, mirror: name }, 'reading changed documents of a mirror failed');
    } finally {
      this.fetching = null;
    }
  }
}
