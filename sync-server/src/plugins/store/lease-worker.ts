import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';

/** A document a sender claims before working on it: `sending` with an owner and an expiry. */
export interface Leased {
  state: string;
  attempts: number;
  leaseUntil?: string;
  leaseOwner?: string;
}

export interface LeaseWorkerOptions {
  /** How often to look for due work (new work wakes the worker at once through runOnce). */
  pollMs: number;
  /** One pass: claim what is due (a write with the revision), work, record. */
  pass: () => Promise<void>;
  log: FastifyBaseLogger;
  /** What the worker sends, for the log (`SMS queue`, `push`). */
  what: string;
  /** At most this long does stop() wait for the pass in flight; unset: until it ends. */
  stopWaitMs?: number;
}

/**
 * The loop shared by the senders that work through leased documents in the store (the SMS queue,
 * the push jobs): a pass at start, on every poll and when woken; a wake during a pass makes one
 * more pass after it (nothing written meanwhile waits for the next poll); a failed pass is logged
 * and the next one retries. The claim itself (leaseClaim) is a write with the document's
 * revision, so of several instances one wins, and a dead owner's claim is due again when its
 * lease ends (isLeaseOver).
 */
export class LeaseWorker {
  /** This process's name in `leaseOwner`. */
  readonly owner = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private halted = false;

  constructor(private readonly options: LeaseWorkerOptions) {}

  /** True once stop() was called: a pass checks it between items and takes nothing new. */
  get stopped(): boolean {
    return this.halted;
  }

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.options.pollMs);
    this.timer.unref();
    void this.runOnce();
  }

  /** One pass over what is due; a call during a pass makes one more pass after it. */
  runOnce(): Promise<void> {
    if (this.halted) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.options.pass();
        } while (this.again && !this.halted);
      } catch (error) {
        if (!this.halted) this.options.log.warn({ err: error }, `${this.options.what} pass failed; will retry`);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    this.halted = true;
    if (this.timer) clearInterval(this.timer);
    const running = this.running?.catch(() => undefined);
    if (!running) return;
    if (this.options.stopWaitMs === undefined) await running;
    else await Promise.race([running, new Promise((resolve) => setTimeout(resolve, this.options.stopWaitMs).unref())]);
  }
}

/** The claim of a due document: `sending`, one more attempt, ours until `leaseMs` from now. */
export function leaseClaim<T extends Leased>(doc: T, owner: string, leaseMs: number, now = Date.now()): T {
  return { ...doc, state: 'sending', attempts: doc.attempts + 1, leaseUntil: new Date(now + leaseMs).toISOString(), leaseOwner: owner };
}

/** The document without its lease (written with the outcome). */
export function withoutLease<T extends Leased>(doc: T): Omit<T, 'leaseUntil' | 'leaseOwner'> {
  const { leaseUntil: _until, leaseOwner: _owner, ...rest } = doc;
  return rest;
}

/** A claimed document whose owner has not recorded an outcome by the end of its lease. */
export function isLeaseOver(doc: Leased, now: string): boolean {
  return doc.state === 'sending' && (doc.leaseUntil ?? '') <= now;
}
