import type { Language, Role } from '@oblako/domain';

/**
 * Replication write guards: a module's server plugin may check writes of one of its collections
 * against what only the server knows (other documents, the clock, accounts) — the pure policy
 * (@oblako/domain authorization) cannot. `_bulk_docs` calls the guard after the policy accepted
 * a document and before anything is stored; the writes of a guarded collection are serialised
 * in this process (one lock per collection), so a guard's check and the write it allowed are
 * atomic here: two doctors booking one slot cannot both pass the check.
 *
 * Multi-instance limit: the lock is per process. Two server instances (COUCH_URL) may check
 * and write concurrently; a guard that needs cross-instance exclusivity must claim something in
 * the store itself (a document with a fixed id, whose 409 decides) — see the consultations
 * module's README for what it does about that.
 *
 * ```ts
 * app.replicationGuards.register('consultations', {
 *   async check(writes, writer) { return writes.map((w) => (ok(w) ? { ok: true, note } : { ok: false, code, reason, field })); },
 *   async afterCommit(results, writer) { ... notifications, SMS ... },
 * });
 * ```
 */

/** The signed-in writer, as the server knows them (role from the account, never from the client). */
export interface GuardWriter {
  id: string;
  role: Role;
  name: string;
  /** The request's language, for refusal reasons. */
  language: Language;
}

/** One document write the policy accepted: both sides as RxDB sees them (primary key field set, no `_` fields). */
export interface GuardedWrite {
  id: string;
  /** The stored document, null when it does not exist yet. */
  before: Record<string, unknown> | null;
  /** The document as it would be stored; null for a deletion. */
  after: Record<string, unknown> | null;
}

/** A guard's answer for one write: accepted (with anything it wants back after the commit) or refused. */
export type GuardVerdict<Note = unknown> =
  | { ok: true; note?: Note }
  | {
      ok: false;
      code: string;
      reason: string;
      field?: string;
      note?: Note;
      /**
       * Built on an older version than the stored one (fields only the server writes are behind):
       * answered as a revision conflict, so the client re-reads and replays its change on top.
       */
      conflict?: true;
    };

/** What happened to one write the guard decided about (in request order). */
export interface GuardResult<Note = unknown> {
  write: GuardedWrite;
  /** True when the store accepted it (a guard's acceptance may still end in a revision conflict). */
  committed: boolean;
  /** The refusal the client got, when it was refused by the guard. */
  refused?: { code: string; reason: string; field?: string };
  note?: Note;
}

export interface ReplicationGuard<Note = unknown> {
  /** One verdict per write, in order. Runs under the collection's lock: keep it to reads. */
  check(writes: readonly GuardedWrite[], writer: GuardWriter): Promise<GuardVerdict<Note>[]>;
  /**
   * After the store answered, outside the lock (it may write to the same collection through
   * `withLock`). Failures are logged, never turned into a failed write: the write is stored.
   */
  afterCommit?(results: readonly GuardResult<Note>[], writer: GuardWriter): Promise<void>;
}

export interface ReplicationGuards {
  /** One guard per collection; a second registration for the same collection throws. */
  register<Note>(collection: string, guard: ReplicationGuard<Note>): void;
  get(collection: string): ReplicationGuard | undefined;
  /**
   * Runs `task` holding the collection's write lock (the one `_bulk_docs` holds around check +
   * write): a module's own server-side writes to a guarded collection go through it, so they
   * are serialised with replicated ones.
   */
  withLock<T>(collection: string, task: () => Promise<T>): Promise<T>;
}

/** A FIFO mutex per key, in process. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

export function createReplicationGuards(): ReplicationGuards {
  const guards = new Map<string, ReplicationGuard>();
  const lock = new KeyedLock();
  return {
    register(collection, guard) {
      if (guards.has(collection)) throw new Error(`A replication guard for "${collection}" is already registered`);
      guards.set(collection, guard as ReplicationGuard);
    },
    get: (collection) => guards.get(collection),
    withLock: (collection, task) => lock.run(collection, task),
  };
}
