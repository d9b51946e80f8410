import type { FastifyBaseLogger } from 'fastify';
import { readMany } from '../store/bulk';
import { isLeaseOver, leaseClaim, LeaseWorker, withoutLease } from '../store/lease-worker';
import type { QueueIndex } from './queue-index';
import { docIdOf } from './store';
import type { SendResult, SmsMessageDoc, SmsPreparer, SmsProvider } from './types';

export interface WorkerOptions {
  leaseMs: number;
  maxAttempts: number;
  pollMs: number;
}

const BATCH = 25;
/** Numbers in one batch request (SMS.ru's limit is 100). */
const BATCH_SEND_LIMIT = 100;
const CONCURRENCY = 4;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3_600_000;
const REDACTED = '•••';
const STOP_WAIT_MS = 2000;

export function isDue(doc: SmsMessageDoc, now: string): boolean {
  if (doc.state === 'queued') return doc.nextAttemptAt <= now;
  return isLeaseOver(doc, now);
}

/** 30 s, 1 min, 2 min, … at most an hour between attempts. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends what the queue holds. Every message is taken with a lease (state `sending`, an owner and
 * an expiry, written with the revision as a lock), so two instances never send it at once and a
 * sender that dies mid-send gives it back when the lease runs out. Then:
 * - a message marked `sent` is never picked up again;
 * - a message taken back after a dead sender is first looked up at the provider by our id
 *   (SMSC.ru, outbox) and only sent if the provider does not have it: no duplicate;
 *   SMS.ru has no lookup by our id, so there it is sent again (at least once: never lost);
 * - the text of a credentials message is made (and the one-time password set) just before the
 *   first attempt and stored before the provider is called, so a retry sends the same text.
 */
export class SmsWorker {
  private readonly preparers = new Map<string, SmsPreparer>();
  private readonly abort = new AbortController();
  private readonly loop: LeaseWorker;

  constructor(
    private readonly db: PouchDB.Database,
    private readonly index: QueueIndex,
    private readonly provider: SmsProvider,
    private readonly options: WorkerOptions,
    private readonly log: FastifyBaseLogger,
  ) {
    // Waits a little for the pass to end at stop, not for a view being indexed after a big import.
    this.loop = new LeaseWorker({ pollMs: options.pollMs, pass: () => this.drain(), log, what: 'SMS queue', stopWaitMs: STOP_WAIT_MS });
  }

  private get stopped(): boolean {
    return this.loop.stopped;
  }

  definePreparer(name: string, preparer: SmsPreparer): void {
    this.preparers.set(name, preparer);
  }

  start(): void {
    this.loop.start();
  }

  /** Stops taking messages and aborts calls in flight (their leases run out; see above). */
  async stop(): Promise<void> {
    const stopping = this.loop.stop();
    this.abort.abort();
    await stopping;
  }

  /** One pass over what is due; a call during a pass makes one more pass after it. */
  runOnce(): Promise<void> {
    return this.loop.runOnce();
  }

  private async drain(): Promise<void> {
    await this.index.ready();
    const seen = new Set<string>();
    while (!this.stopped) {
      // Re-read: the index only says where to look.
      const batch = this.provider.sendBatch ? BATCH_SEND_LIMIT : BATCH;
      const ids = this.index.due(new Date().toISOString(), batch).filter((id) => !seen.has(id));
      if (ids.length === 0) return;
      for (const id of ids) seen.add(id);
      const found = await readMany<SmsMessageDoc>(this.db, ids.map(docIdOf));
      const docs = ids.flatMap((id) => (found.has(docIdOf(id)) ? [found.get(docIdOf(id))!] : []));
      if (this.provider.sendBatch && docs.length > 1) {
        await this.processBatch(docs);
      } else {
        let next = 0;
        const work = async () => {
          while (next < docs.length && !this.stopped) await this.process(docs[next++]!);
        };
        await Promise.all(Array.from({ length: Math.min(CONCURRENCY, docs.length) }, work));
      }
      if (ids.length < batch) return;
    }
  }

  private async process(found: SmsMessageDoc): Promise<void> {
    const doc = await this.take(found, { requestId: undefined });
    if (!doc) return;
    const result = await this.provider.send({ id: doc.id, to: doc.to, text: doc.text! }, this.abort.signal);
    await this.settle(doc, result);
  }

  /**
   * Providers that take many messages in one request (SMS.ru: up to 100 numbers, each its own
   * text): every message is taken and prepared as alone, then sent in requests of distinct
   * numbers, and each result settles its own message. An import's 5,000 credentials become ~50
   * requests instead of 5,000.
   */
  private async processBatch(found: readonly SmsMessageDoc[]): Promise<void> {
    for (const planned of distinctNumberChunks(found, BATCH_SEND_LIMIT)) {
      if (this.stopped) return;
      // The id the request carries, stored on every message with its claim: after a crash
      // SMSC.ru is asked by phone and this id whether the batch got there.
      const requestId = planned[0]!.id;
      const ready: SmsMessageDoc[] = [];
      let next = 0;
      const work = async () => {
        while (next < planned.length && !this.stopped) {
          const doc = await this.take(planned[next++]!, { requestId });
          if (doc) ready.push(doc);
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, planned.length) }, work));
      if (ready.length === 0 || this.stopped) continue;
      const results = await this.provider.sendBatch!(ready.map((doc) => ({ id: doc.id, to: doc.to, text: doc.text!, requestId })), this.abort.signal);
      for (const [index, doc] of ready.entries()) await this.settle(doc, results[index] ?? { ok: false, permanent: false, error: 'No result for this message' });
    }
  }

  /** Claims a due message and makes it ready to send (text prepared); null when it is not to be sent now. */
  private async take(found: SmsMessageDoc, claim: Partial<SmsMessageDoc> = {}): Promise<SmsMessageDoc | null> {
    // The view row may be older than the document fetched with it: another sender may have
    // taken or finished the message in between. Only what is due now is taken.
    if (!isDue(found, new Date().toISOString())) return null;
    const takenBack = found.state === 'sending';
    // Where the interrupted attempt went: its batch request's id, or the message's own.
    const sentAs = found.requestId ?? found.id;
    let doc = await this.write(leaseClaim({ ...found, ...claim }, this.loop.owner, this.options.leaseMs));
    if (!doc) return null; // another sender took it first

    if (takenBack && doc.text !== null) {
      const known = this.provider.lookup ? await this.provider.lookup({ id: sentAs, to: doc.to }, this.abort.signal) : 'not_found';
      if (this.stopped) return null;
      if (known === 'sent') {
        this.log.info({ messageId: doc.id }, 'SMS found at the provider after an interrupted attempt: not sent again');
        await this.finish(doc, { state: 'sent', sentAt: new Date().toISOString() });
        return null;
      }
      if (known === 'unknown') {
        await this.retryLater(doc, 'The provider could not say whether an interrupted attempt got through');
        return null;
      }
    }
    if (doc.attempts > this.options.maxAttempts) {
      await this.finish(doc, { state: 'failed', lastError: doc.lastError ?? 'Too many attempts' });
      return null;
    }

    if (doc.text === null) {
      const prepared = await this.prepare(doc);
      if (!prepared) return null;
      doc = prepared;
    }
    return doc;
  }

  /** Records what the provider said about one message. */
  private async settle(doc: SmsMessageDoc, result: SendResult): Promise<void> {
    // Shutting down mid-call: we cannot know whether it got through; the lease decides later.
    if (this.stopped) return;
    if (result.ok) {
      await this.finish(doc, {
        state: 'sent',
        sentAt: new Date().toISOString(),
        ...(result.providerMessageId ? { providerMessageId: result.providerMessageId } : {}),
      });
      return;
    }
    this.log.warn({ messageId: doc.id, attempt: doc.attempts, error: result.error }, 'SMS not sent');
    if (result.permanent || doc.attempts >= this.options.maxAttempts) await this.finish(doc, { state: 'failed', lastError: result.error });
    else await this.retryLater(doc, result.error);
  }

  /**
   * One preparation at a time: a preparer may hash a password (argon2, ~50 ms of a core), and
   * 5,000 of them at full parallelism would take both cores from the people using the service
   * for minutes after a big import. Sending (network waits) stays parallel.
   */
  private preparing: Promise<unknown> = Promise.resolve();

  private prepare(doc: SmsMessageDoc): Promise<SmsMessageDoc | null> {
    const run = this.preparing.then(() => this.prepareNow(doc));
    this.preparing = run.catch(() => undefined);
    return run;
  }

  private async prepareNow(doc: SmsMessageDoc): Promise<SmsMessageDoc | null> {
    const preparer = doc.preparer ? this.preparers.get(doc.preparer) : undefined;
    if (!preparer) {
      await this.finish(doc, { state: 'failed', lastError: `No preparer "${doc.preparer ?? ''}" for this message` });
      return null;
    }
    try {
      const made = await preparer({ id: doc.id, to: doc.to, ...(doc.accountId ? { accountId: doc.accountId } : {}), params: doc.params ?? {} });
      if (!made) {
        await this.finish(doc, { state: 'cancelled', lastError: 'No longer needed' });
        return null;
      }
      // Stored before the provider is called: a retry sends this very text (and password).
      return await this.write({ ...doc, text: made.text, ...(made.secret ? { secret: made.secret } : {}) });
    } catch (error) {
      this.log.warn({ err: error, messageId: doc.id }, 'SMS text could not be prepared');
      await this.retryLater(doc, `Preparing the text failed: ${(error as Error).message}`);
      return null;
    }
  }

  private async retryLater(doc: SmsMessageDoc, error: string): Promise<void> {
    await this.finish(doc, { state: 'queued', lastError: error, nextAttemptAt: new Date(Date.now() + backoffMs(doc.attempts)).toISOString() });
  }

  /** Ends our lease with a new state; a sent message through a real provider loses its secret. */
  private async finish(doc: SmsMessageDoc, change: Partial<SmsMessageDoc>): Promise<void> {
    const next: SmsMessageDoc = { ...withoutLease(doc), ...change };
    if (next.state === 'sent' && next.provider !== 'outbox' && next.secret && next.text) {
      next.text = next.text.split(next.secret).join(REDACTED);
      next.redacted = true;
      delete next.secret;
    }
    await this.write(next);
  }

  /** Writes with the revision as a lock; null when someone else changed the message meanwhile. */
  private async write(doc: SmsMessageDoc): Promise<SmsMessageDoc | null> {
    try {
      const next = { ...doc, updatedAt: new Date().toISOString() };
      const result = await this.db.put(next);
      const written = { ...next, _rev: result.rev };
      this.index.note(written);
      return written;
    } catch (error) {
      if ((error as { status?: number }).status === 409) return null;
      throw error;
    }
  }
}

/** Chunks of at most `limit` messages, no number twice in a chunk (a batch request keys results by number). */
export function distinctNumberChunks<T extends { to: string }>(messages: readonly T[], limit: number): T[][] {
  const chunks: T[][] = [];
  for (const message of messages) {
    const chunk = chunks.find((candidate) => candidate.length < limit && !candidate.some((other) => other.to === message.to));
    if (chunk) chunk.push(message);
    else chunks.push([message]);
  }
  return chunks;
}
