import type { FastifyBaseLogger } from 'fastify';
import { FeedMirror } from '@oblako/server-kit';
import { dueTime, type PushJobDoc } from './jobs';

/**
 * Which jobs are due and whose they are, in memory, kept from the jobs database's change feed
 * by a FeedMirror (PouchDB views cost ~1 ms per document to index, 10 s for 10,000 reminders
 * due in one minute). The store stays the only truth: a sender re-reads a job and claims it with
 * its revision; this only says where to look. Writes by other instances arrive through the feed.
 */
export class JobIndex {
  private readonly due = new Map<string, { rev: string; at: string }>();
  private readonly byAccount = new Map<string, Set<string>>();
  private readonly listeners = new Set<() => void>();
  /** The newest revision seen of every job (the feed's echo of a known one is skipped). */
  private readonly revs = new Map<string, string>();
  private readonly mirror: FeedMirror<PushJobDoc>;

  constructor(db: PouchDB.Database, log: FastifyBaseLogger) {
    this.mirror = new FeedMirror<PushJobDoc>({
      db, log, name: 'push jobs',
      wants: (id) => !id.startsWith('_'),
      knownRev: (id) => this.revs.get(id),
      apply: (id, doc) => this.apply(id, doc),
      changed: () => {
        for (const listener of this.listeners) listener();
      },
    });
  }

  ready(): Promise<void> {
    return this.mirror.ready();
  }

  stop(): void {
    this.mirror.stop();
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

  private apply(id: string, doc: PushJobDoc | undefined): void {
    if (!doc || doc.type !== 'push_job') {
      this.due.delete(id);
      return;
    }
    this.note(doc);
  }
}
