import type { FastifyBaseLogger } from 'fastify';
import { readMany } from '@oblako/server-kit';
import { dueTime, type PushJobDoc } from './jobs';

const CATCH_UP_BATCH = 1000;
const RESTART_DELAY_MS = 1000;

/**
 * Which jobs are due and whose they are, in memory, kept from the jobs database's change feed
 * (the SMS queue's QueueIndex does the same: PouchDB views cost ~1 ms per document to index,
 * 10 s for 10,000 reminders due in one minute). The store stays the only truth: a sender
 * re-reads a job and claims it with its revision; this only says where to look. Writes by
 * other instances arrive through the feed.
 */
export class JobIndex {
  private readonly due = new Map<string, { rev: string; at: string }>();
  private readonly byAccount = new Map<string, Set<string>>();
  private since: string | number = 0;
  private feed: PouchDB.Core.Changes<object> | null = null;
  private caughtUp: Promise<void> | null = null;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<() => void>();
  /** The newest revision seen of every job (the feed's echo of a known one is skipped). */
  private readonly revs = new Map<string, string>();
  private readonly pending = new Set<string>();
  private fetching: Promise<void> | null = null;

  constructor(private readonly db: PouchDB.Database, private readonly log: FastifyBaseLogger) {}

  ready(): Promise<void> {
    this.caughtUp ??= this.catchUp().then(() => this.follow());
    return this.caughtUp;
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.feed?.cancel();
  }

  /** Called when something may have become due (another instance's write). */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  note(job: PushJobDoc): void {
    if (job._rev) this.revs.set(job._id, job._rev);
    const at = dueTime(job);
    if (at) this.due.set(job._id, { rev: job._rev ?? '', at });
    else this.due.delete(job._id);
    let ids = this.byAccount.get(job.accountId);
    if (!ids) this.byAccount.set(job.accountId, (ids = new Set()));
    ids.add(job._id);
  }

  dueIds(now: string, limit: number): string[] {
    const found: [string, string][] = [];
    for (const [id, entry] of this.due) if (entry.at <= now) found.push([id, entry.at]);
    return found.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).slice(0, limit).map(([id]) => id);
  }

  /** The next moment a job becomes due (the sender sleeps until then at most). */
  nextDue(): string | undefined {
    let next: string | undefined;
    for (const entry of this.due.values()) if (next === undefined || entry.at < next) next = entry.at;
    return next;
  }

  idsOfAccount(accountId: string): string[] {
    return [...(this.byAccount.get(accountId) ?? [])];
  }

  private apply(doc: PushJobDoc | undefined, id: string, deleted: boolean): void {
    if (deleted || !doc || doc.type !== 'push_job') {
      this.due.delete(id);
      return;
    }
    this.note(doc);
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const batch = await this.db.changes({ since: this.since as number, limit: CATCH_UP_BATCH, include_docs: true });
      for (const change of batch.results) this.apply(change.doc as unknown as PushJobDoc | undefined, change.id, change.deleted === true);
      this.since = batch.last_seq;
      if (batch.results.length < CATCH_UP_BATCH) return;
    }
  }

  /**
   * Changes without documents: our own writes are noted at once, so their echo (same revision)
   * costs nothing; only a revision we have not seen (another instance's write) is read, in bulk.
   */
  private follow(): void {
    if (this.stopped) return;
    const feed = this.db.changes({ live: true, since: this.since as number });
    this.feed = feed;
    feed.on('change', (change) => {
      this.since = change.seq;
      if (change.deleted) {
        this.due.delete(change.id);
        return;
      }
      if (change.id.startsWith('_')) return;
      const known = this.revs.get(change.id);
      if (known && change.changes.some((leaf) => leaf.rev === known)) return;
      this.pending.add(change.id);
      this.fetching ??= this.fetchPending();
    });
    feed.on('error', (error) => {
      if (this.stopped) return;
      this.log.warn({ err: error }, 'push jobs change feed failed; restarting');
      this.restartTimer = setTimeout(() => this.follow(), RESTART_DELAY_MS);
      this.restartTimer.unref();
    });
  }

  private async fetchPending(): Promise<void> {
    try {
      while (this.pending.size > 0 && !this.stopped) {
        const ids = [...this.pending];
        this.pending.clear();
        const found = await readMany<PushJobDoc>(this.db, ids);
        for (const id of ids) this.apply(found.get(id), id, !found.has(id));
        for (const listener of this.listeners) listener();
      }
    } catch (error) {
      if (!this.stopped) this.log.warn({ err: error }, 'reading changed push jobs failed');
    } finally {
      this.fetching = null;
    }
  }
}
