import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { getOrNull, statusOf } from './single';

/** One change of a followed database, as the handler sees it. */
export interface FollowedChange {
  id: string;
  deleted: boolean;
  seq: number | string;
}

export interface ChangeFollowerOptions {
  db: PouchDB.Database;
  /** Names the lease and checkpoint document, `_local/<name>`, and the log lines. */
  name: string;
  log: FastifyBaseLogger;
  /** Handles one change; must be idempotent (after a crash or a hand-over a change may come again). */
  handle(change: FollowedChange): Promise<void>;
  /** Changes for which `handle` is not called (they still advance the checkpoint). */
  skip?(change: FollowedChange): boolean;
  /**
   * What a change stands for, when handling a later change of the same key does all that
   * handling this one would (the handler reads the current state of, say, a patient): a change
   * whose key comes again later in the queue is not handled, only passed by the checkpoint. The
   * later one is still after the checkpoint until it is handled, so a crash loses nothing.
   * Without it, a burst of 5,000 changes of one patient meant 5,000 reads of all their documents.
   */
  coalesceKey?(change: FollowedChange): string | undefined;
  /** How long a lease lasts without renewal: a crashed holder is replaced after at most this. */
  leaseMs: number;
  /**
   * No other process can open this store (the embedded LevelDB): a lease held by another
   * instance was left by a crashed predecessor, so it is taken over at once instead of waited out.
   */
  soleInstance?: boolean;
}

export interface ChangeFollower {
  /** Resolves after the first attempt to take the lease (following, or standing by). */
  start(): Promise<void>;
  /** Stops following, waits for the change being handled, and gives the lease up for another instance. */
  stop(): Promise<void>;
}

/** The lease and checkpoint in one `_local` document: only its holder advances `seq`. */
interface LeaseDoc {
  _id: string;
  _rev?: string;
  seq: number | string;
  /** The instance following now (absent in checkpoints written before leases). */
  holder?: string;
  /** ISO time; after it the lease is free for any instance. */
  leaseUntil?: string;
}

/** Waits before the same failing change is tried again: 1 s, doubling, at most a minute. */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 60_000;
/** Standby instances spread their attempts so they do not all write at the same moment. */
const JITTER_MS = 500;
/** Standby instances look at the lease at least this often: a lease given up is taken over soon. */
const STANDBY_LOOK_MS = 5000;

/**
 * Follows a database's change feed on exactly one of the server instances sharing the store.
 * Several instances each following with one shared checkpoint handled every change twice (or
 * more) and fought over the checkpoint: the loser got 409 and stopped for good. Here the
 * checkpoint is also a lease: one `_local/<name>` document `{seq, holder, leaseUntil}`, written
 * only with its current revision, so the store itself decides who follows (a 409 means another
 * instance holds it: stand by). The holder renews the lease every third of `leaseMs`; the others
 * look again when it runs out (and every few seconds), so a crashed holder is replaced within
 * `leaseMs` and the new one goes on from the last checkpoint; a lease given up by a graceful stop
 * is taken within seconds.
 *
 * A change is handled once, except right after a crash or hand-over, when the few changes
 * after the last checkpoint come again: handlers are idempotent. A handler that fails is retried
 * (backing off to a minute) rather than skipped, and a feed that breaks is resumed from the
 * checkpoint: the follower never stops by itself. Lease times compare the clocks of different
 * instances: keep them in sync (NTP); a skew only delays or hastens a take-over.
 */
export function createChangeFollower(options: ChangeFollowerOptions): ChangeFollower {
  return new LeasedFollower(options);
}

class LeasedFollower implements ChangeFollower {
  private readonly instance = randomUUID();
  private readonly leaseId: string;
  private state: 'idle' | 'standby' | 'leading' | 'stopped' = 'idle';
  /** Bumped whenever following ends: callbacks of an older feed see it and do nothing. */
  private generation = 0;
  private leaseRev: string | undefined;
  private seq: number | string = 0;
  private feed: PouchDB.Core.Changes<object> | null = null;
  private handling: Promise<void> = Promise.resolve();
  /** The seq of the last change queued for each coalescing key (see ChangeFollowerOptions.coalesceKey). */
  private readonly lastQueued = new Map<string, number | string>();
  private writing: Promise<void> | null = null;
  private writeWanted = false;
  private renewTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  /** The attempt to take the lease in progress (stop waits for it). */
  private attempt: Promise<void> = Promise.resolve();
  /** This instance wrote the lease last (set on taking it, cleared when another took it). */
  private holdsLease = false;
  private wakeRetry: (() => void) | null = null;

  constructor(private readonly options: ChangeFollowerOptions) {
    this.leaseId = `_local/${options.name}`;
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'standby';
    this.attempt = this.tryToLead();
    await this.attempt;
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.endFollowing();
    await this.attempt;
    await this.handling;
    await this.writing;
    if (this.holdsLease) await this.release();
  }

  /** Takes the lease when it is free (or ours), else waits for it to run out. */
  private async tryToLead(): Promise<void> {
    if (this.state !== 'standby') return;
    const { db, leaseMs, log, name } = this.options;
    let lease: LeaseDoc | null;
    try {
      lease = await getOrNull<LeaseDoc>(db, this.leaseId);
    } catch (error) {
      log.warn({ err: error, follower: name }, 'reading a change follower lease failed; trying again');
      return this.lookAgainIn(RETRY_FIRST_MS);
    }
    const now = Date.now();
    const until = lease?.leaseUntil ? Date.parse(lease.leaseUntil) : 0;
    if (lease?.holder && lease.holder !== this.instance && until > now && !this.options.soleInstance) {
      // Held by another instance: look again when it runs out (or sooner: it may be given up).
      return this.lookAgainIn(Math.min(until - now, leaseMs / 3, STANDBY_LOOK_MS));
    }
    const seq = lease?.seq ?? 0;
    try {
      const written = await db.put({ _id: this.leaseId, ...(lease?._rev ? { _rev: lease._rev } : {}), seq, holder: this.instance, leaseUntil: new Date(now + leaseMs).toISOString() });
      this.holdsLease = true;
      if (this.state !== 'standby') return;
      this.lead(written.rev, seq);
    } catch (error) {
      // 409: another instance took it a moment earlier — its lease is read on the next look.
      if (statusOf(error) !== 409) log.warn({ err: error, follower: name }, 'taking a change follower lease failed; trying again');
      this.lookAgainIn(statusOf(error) === 409 ? 0 : RETRY_FIRST_MS);
    }
  }

  private lookAgainIn(ms: number): void {
    if (this.state !== 'standby') return;
    this.retryTimer = setTimeout(() => {
      this.attempt = this.tryToLead();
    }, Math.max(0, ms) + Math.random() * JITTER_MS);
    this.retryTimer.unref();
  }

  private lead(rev: string, seq: number | string): void {
    const { db, leaseMs, log, name } = this.options;
    this.state = 'leading';
    this.leaseRev = rev;
    this.seq = seq;
    const generation = ++this.generation;
    log.info({ follower: name, since: seq }, 'this instance follows the changes');
    this.renewTimer = setInterval(() => this.saveLease(), leaseMs / 3);
    this.renewTimer.unref();
    const feed = db.changes({ since: seq, live: true });
    this.feed = feed;
    feed.on('change', (change) => {
      if (generation !== this.generation) return;
      const followed: FollowedChange = { id: change.id, deleted: change.deleted === true, seq: change.seq };
      const key = this.options.coalesceKey?.(followed);
      if (key !== undefined) this.lastQueued.set(key, followed.seq);
      this.handling = this.handling.then(() => this.process(followed, generation, key));
    });
    feed.on('error', (error) => {
      if (generation !== this.generation) return;
      log.warn({ err: error, follower: name }, 'a change feed broke; resuming from the checkpoint');
      this.standBy(RETRY_FIRST_MS);
    });
  }

  /** Handles one change (retrying until it succeeds or following ends), then moves the checkpoint. */
  private async process(change: FollowedChange, generation: number, key: string | undefined): Promise<void> {
    const { log, name } = this.options;
    // A change queued by a feed that has ended: the next feed brings it again from the checkpoint
    // (the coalescing map is the new feed's: not to be touched from here).
    if (generation !== this.generation) return;
    const superseded = key !== undefined && this.lastQueued.get(key) !== change.seq;
    if (key !== undefined && !superseded) this.lastQueued.delete(key);
    const wanted = !superseded && !change.id.startsWith('_') && !this.options.skip?.(change);
    for (let delay = RETRY_FIRST_MS; wanted; delay = Math.min(delay * 2, RETRY_MAX_MS)) {
      if (generation !== this.generation) return;
      try {
        await this.options.handle(change);
        log.debug({ follower: name, id: change.id, seq: change.seq }, 'change handled');
        break;
      } catch (error) {
        log.error({ err: error, follower: name, id: change.id }, `handling a change failed; trying again in ${delay / 1000} s`);
        await this.pause(delay);
      }
    }
    if (superseded) log.debug({ follower: name, id: change.id, seq: change.seq }, 'change left to a later one of its key');
    if (generation !== this.generation) return;
    this.seq = change.seq;
    this.saveLease();
  }

  /** A wait that ends early when following ends. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wakeRetry = done;
    });
  }

  /**
   * Renews the lease with the latest checkpoint. Writes never overlap (a write wanted meanwhile
   * follows with the newest seq); a 409 means another instance took over: stand by.
   */
  private saveLease(): void {
    this.writeWanted = true;
    this.writing ??= this.writeLoop().finally(() => (this.writing = null));
  }

  private async writeLoop(): Promise<void> {
    const { db, leaseMs, log, name } = this.options;
    while (this.writeWanted && this.state === 'leading') {
      this.writeWanted = false;
      const generation = this.generation;
      try {
        const written = await db.put({ _id: this.leaseId, _rev: this.leaseRev, seq: this.seq, holder: this.instance, leaseUntil: new Date(Date.now() + leaseMs).toISOString() });
        if (generation === this.generation) this.leaseRev = written.rev;
      } catch (error) {
        if (generation !== this.generation) return;
        if (statusOf(error) === 409) {
          this.holdsLease = false;
          log.warn({ follower: name }, 'another instance follows these changes now; standing by');
          this.standBy(0);
          return;
        }
        // The store is unreachable: the next renewal tries again; the lease may run out meanwhile.
        log.warn({ err: error, follower: name }, 'saving a change follower checkpoint failed');
        return;
      }
    }
  }

  private standBy(afterMs: number): void {
    if (this.state !== 'leading') return;
    this.endFollowing();
    this.state = 'standby';
    this.lookAgainIn(afterMs);
  }

  private endFollowing(): void {
    this.generation++;
    this.lastQueued.clear();
    this.feed?.cancel();
    this.feed = null;
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = null;
    this.wakeRetry?.();
    this.wakeRetry = null;
  }

  /** Gives the lease up, keeping the checkpoint: another instance follows on at once. */
  private async release(): Promise<void> {
    const { db, log, name } = this.options;
    try {
      const lease = await getOrNull<LeaseDoc>(db, this.leaseId);
      if (!lease || lease.holder !== this.instance) return;
      await db.put({ _id: this.leaseId, _rev: lease._rev, seq: this.seq, leaseUntil: new Date(0).toISOString() });
    } catch (error) {
      // Taken over meanwhile, or the store is going away: the lease then simply runs out.
      log.debug({ err: error, follower: name }, 'giving up a change follower lease failed');
    }
  }
}
