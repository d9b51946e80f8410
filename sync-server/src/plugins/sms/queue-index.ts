import type { FastifyBaseLogger } from 'fastify';
import { FeedMirror } from '../store/feed-mirror';
import type { SmsMessageDoc, SmsPurpose, SmsState } from './types';

interface Entry {
  id: string;
  rev: string;
  state: SmsState;
  purpose: SmsPurpose;
  accountId?: string;
  tag?: string;
  queuedAt: string;
  /** When a sender should look at it: next attempt (queued) or end of lease (sending). */
  dueAt?: string;
  sentAt?: string;
}

/**
 * Which due message goes first: a registration or restore code (valid 5 minutes) before
 * consultation news and reminders, and those before bulk credentials of an import — 5,000 of
 * them take ~17 minutes at the providers' rate, and nothing else may wait behind them.
 */
export const SMS_PRIORITY: Readonly<Record<SmsPurpose, number>> = {
  registration_code: 0,
  restore_code: 0,
  consultation: 1,
  credentials: 2,
};
const ID_PREFIX = 'sms:';

/**
 * Where each message stands, in memory, kept from the store's change feed: what is due for
 * sending, the managers' newest-first lists, the messages of an account. The store stays the
 * only truth — this is a cache any instance rebuilds at start and keeps current from the feed
 * (writes by other instances included; our own writes are noted at once and their feed echo,
 * same revision, costs nothing), and a sender re-reads a message before taking it. PouchDB
 * views needed ~1 ms per message to index: 5 s of waiting after a 5,000-patient import.
 */
export class QueueIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly mirror: FeedMirror<SmsMessageDoc>;

  constructor(db: PouchDB.Database, log: FastifyBaseLogger) {
    this.mirror = new FeedMirror<SmsMessageDoc>({
      db, log, name: 'SMS queue',
      wants: (id) => id.startsWith(ID_PREFIX),
      knownRev: (id) => this.entries.get(id.slice(ID_PREFIX.length))?.rev,
      apply: (id, doc) => (doc ? this.apply(doc) : this.entries.delete(id.slice(ID_PREFIX.length))),
    });
  }

  /** Reads every message once, then follows the feed. Resolves when the index is complete. */
  start(): Promise<void> {
    return this.mirror.ready();
  }

  ready(): Promise<void> {
    return this.start();
  }

  stop(): void {
    this.mirror.stop();
  }

  /** A write made here, applied at once. */
  note(doc: SmsMessageDoc): void {
    this.apply(doc);
  }

  due(now: string, limit: number): string[] {
    const due: Entry[] = [];
    for (const entry of this.entries.values()) if (entry.dueAt !== undefined && entry.dueAt <= now) due.push(entry);
    return due.sort(byPriorityThenDue).slice(0, limit).map((entry) => entry.id);
  }

  /** The queue as the manager follows it: what waits, by purpose, and what went out lately. */
  progress(now: number, windowMs: number): { waiting: Record<SmsPurpose, number>; sending: number; sentInWindow: number; failed: number } {
    const waiting: Record<SmsPurpose, number> = { registration_code: 0, restore_code: 0, consultation: 0, credentials: 0 };
    let sending = 0;
    let sentInWindow = 0;
    let failed = 0;
    const since = new Date(now - windowMs).toISOString();
    for (const entry of this.entries.values()) {
      if (entry.state === 'queued') waiting[entry.purpose] = (waiting[entry.purpose] ?? 0) + 1;
      else if (entry.state === 'sending') sending++;
      else if (entry.state === 'sent' && (entry.sentAt ?? '') >= since) sentInWindow++;
      else if (entry.state === 'failed') failed++;
    }
    return { waiting, sending, sentInWindow, failed };
  }

  /** Ids newest first (queue time, then id), after the cursor `<queuedAt>|<id>`, optionally of one state. */
  page(options: { state?: SmsState; before?: string; limit: number }): { ids: string[]; nextBefore?: string } {
    const [beforeTime, beforeId] = options.before ? options.before.split('|') : [];
    const matching = [...this.entries.values()]
      .filter((entry) => (!options.state || entry.state === options.state)
        && (beforeTime === undefined || entry.queuedAt < beforeTime || (entry.queuedAt === beforeTime && entry.id < (beforeId ?? ''))))
      .sort(newestFirst);
    const page = matching.slice(0, options.limit);
    const last = page[page.length - 1];
    return { ids: page.map((entry) => entry.id), ...(matching.length > options.limit && last ? { nextBefore: `${last.queuedAt}|${last.id}` } : {}) };
  }

  /** Ids of one purpose (and account / tag), oldest first. */
  find(query: { purpose: SmsPurpose; accountId?: string; tag?: string }): string[] {
    return [...this.entries.values()]
      .filter((entry) => entry.purpose === query.purpose && (!query.accountId || entry.accountId === query.accountId) && (!query.tag || entry.tag === query.tag))
      .sort(newestFirst)
      .reverse()
      .map((entry) => entry.id);
  }

  private apply(doc: SmsMessageDoc): void {
    if (doc.type !== 'sms' || !doc.id) return;
    const dueAt = doc.state === 'queued' ? doc.nextAttemptAt : doc.state === 'sending' ? doc.leaseUntil : undefined;
    this.entries.set(doc.id, {
      id: doc.id, rev: doc._rev ?? '', state: doc.state, purpose: doc.purpose, queuedAt: doc.queuedAt,
      ...(doc.accountId ? { accountId: doc.accountId } : {}), ...(doc.tag ? { tag: doc.tag } : {}), ...(dueAt ? { dueAt } : {}), ...(doc.sentAt ? { sentAt: doc.sentAt } : {}),
    });
  }
}

function byPriorityThenDue(a: Entry, b: Entry): number {
  const priority = (SMS_PRIORITY[a.purpose] ?? 1) - (SMS_PRIORITY[b.purpose] ?? 1);
  if (priority !== 0) return priority;
  return a.dueAt! < b.dueAt! ? -1 : a.dueAt! > b.dueAt! ? 1 : 0;
}

function newestFirst(a: Entry, b: Entry): number {
  if (a.queuedAt !== b.queuedAt) return a.queuedAt < b.queuedAt ? 1 : -1;
  return a.id < b.id ? 1 : -1;
}
