import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import webpush from 'web-push';
import {
  createWriteBatcher, isLeaseOver, leaseClaim, LeaseWorker, readMany, smsNotBefore, withoutLease, writeMany, type FastifyInstance, type StandInDecision, type WriteBatcher,
} from '@oblako/server-kit';
import { brandedSms, type Consultation } from '@oblako/domain';
import type { JobIndex } from './job-index';
import { PUSH_DB, type PushJobDoc } from './jobs';
import { ngswPayload, pushText, type PushMessage } from './payload';
import { readForBatch, type BatchReads, type Recipient } from './recipient';
import type { SubscriptionDoc, Subscriptions } from './subscriptions';
import type { PushTransport } from './transport';
import type { VapidKeys } from './vapid';

export interface PushWorkerOptions {
  retryBaseMs: number;
  maxAttempts: number;
  pollMs: number;
  leaseMs: number;
}

const BATCH = 200;
const CONCURRENCY = 32;
const MAX_TTL_SECONDS = 4 * 7 * 24 * 3600;
/** A VAPID token lives an hour and is renewed after ten minutes (push services accept up to 24 h). */
const VAPID_TOKEN_SECONDS = 3600;
const VAPID_RENEW_MS = 10 * 60_000;
/** Pushes a person must see now (the call): delivered at once even on a phone saving battery. */
const HIGH_URGENCY: ReadonlySet<string> = new Set(['reminder_1h', 'reminder_start', 'call_started', 'patient_waiting']);
/**
 * Reminders a failed push replaces by an SMS this channel writes (issue 10: «Without push»: the
 * 24 h one). Notices carry their own: consultations queues the SMS for «назначена / перенесена /
 * отменена» as a stand-in held for the push verdict (settleStandIn).
 */
const SMS_FALLBACK: ReadonlySet<string> = new Set(['reminder_24h']);

type Outcome = Partial<PushJobDoc> & { state: PushJobDoc['state'] };

/**
 * Sends due jobs. A job is claimed with a lease written with its revision (one bulk write per
 * batch), so of several instances exactly one sends it; a sender that dies mid-send gives it
 * back when the lease runs out and it is sent again with the same Topic (a push service
 * replaces an undelivered copy) and the same notification tag (the phone shows it once).
 * Each outcome is written as soon as it is known, batched with its neighbours.
 */
export class PushWorker {
  private readonly db: PouchDB.Database;
  private readonly writer: WriteBatcher;
  private readonly loop: LeaseWorker;
  /** Sent in this process (tests and the bench read it). */
  sentCount = 0;

  constructor(
    private readonly app: FastifyInstance,
    private readonly index: JobIndex,
    private readonly subscriptions: Subscriptions,
    private readonly vapid: VapidKeys | null,
    private readonly transport: PushTransport,
    private readonly options: PushWorkerOptions,
    private readonly log: FastifyBaseLogger,
  ) {
    this.db = app.store.db(PUSH_DB.jobs);
    this.writer = createWriteBatcher(this.db);
    this.loop = new LeaseWorker({ pollMs: options.pollMs, pass: () => this.drain(), log, what: 'push' });
  }

  private get stopped(): boolean {
    return this.loop.stopped;
  }

  start(): void {
    this.loop.start();
    this.index.onChange(() => void this.loop.runOnce());
  }

  /** Takes no new job; the sends in flight finish and are recorded (a graceful stop sends nothing twice). */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass over what is due; a call during a pass makes one more pass after it. */
  runOnce(): Promise<void> {
    return this.loop.runOnce();
  }

  private async drain(): Promise<void> {
    await this.index.ready();
    const seen = new Set<string>();
    while (!this.stopped) {
      const now = new Date().toISOString();
      const ids = this.index.dueIds(now, BATCH + seen.size).filter((id) => !seen.has(id)).slice(0, BATCH);
      if (ids.length === 0) return;
      for (const id of ids) seen.add(id);
      const found = await readMany<PushJobDoc>(this.db, ids);
      const claimedAt = Date.now();
      const claims = [...found.values()]
        .filter((job) => isDue(job, now))
        .map((job): PushJobDoc => ({ ...leaseClaim(job, this.loop.owner, this.options.leaseMs, claimedAt), updatedAt: now }));
      const outcomes = await writeMany(this.db, claims);
      const claimed = claims.flatMap((job, position) => {
        const outcome = outcomes[position]!;
        if (!outcome.ok) return []; // another instance took it first
        const written = { ...job, _rev: outcome.rev! };
        this.index.note(written);
        return [written];
      });
      // What every claimed job needs from other databases, read after claiming (a consultation
      // moved meanwhile is seen) and for the whole batch at once.
      const reads = await readForBatch(this.app, claimed, (accountIds) => this.subscriptions.listMany(accountIds));
      const reached: SubscriptionDoc[] = [];
      let next = 0;
      const work = async () => {
        while (next < claimed.length && !this.stopped) {
          const job = claimed[next++]!;
          const delivered = await this.deliver(job, reads, reached).catch((error: unknown): Promise<Outcome> => {
            this.log.warn({ err: error, job: job._id }, 'push job failed');
            return this.retryOrGiveUp(job, `internal: ${(error as Error).message}`);
          });
          // The SMS standing in for the notification learns the verdict before the job is
          // recorded: a crash in between leaves the claim, which is taken again after its lease
          // and settles the SMS then (settling is idempotent); nothing waits on memory.
          const outcome = await this.settleStandIn(job, delivered);
          // Also when stopping: this send happened, its outcome is recorded (claimed jobs not
          // started yet keep their lease and go out after it, from here or another instance).
          await this.finish(job, outcome);
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, work));
      if (reached.length > 0) void this.subscriptions.markSuccess(reached).catch(() => undefined);
    }
  }

  private async deliver(job: PushJobDoc, reads: BatchReads, reached: SubscriptionDoc[]): Promise<Outcome> {
    const now = Date.now();
    if (now > Date.parse(job.expiresAt)) return { state: 'expired', lastError: 'Not sent: no longer relevant after the downtime' };
    const recipient = reads.recipient(job.accountId, job.role);
    if (!recipient) return { state: 'cancelled', lastError: 'The account is gone or disabled' };
    if (job.source === 'reminder' && !stillWanted(reads.consultation(job.consultationId), job)) {
      return { state: 'cancelled', lastError: 'The consultation was moved or cancelled' };
    }
    if (!this.vapid) return this.fallBack(job, recipient, 'Web push is off (no VAPID keys)');
    const devices = reads.devices(job.accountId);
    if (devices.length === 0) return this.fallBack(job, recipient, 'No device subscribed', 'no_device');

    const message: PushMessage = {
      kind: job.kind,
      role: recipient.role,
      consultationId: job.consultationId,
      ...(job.notificationId ? { notificationId: job.notificationId } : {}),
      ...(job.slot ? { slot: job.slot } : {}),
      tag: tagOf(job._id),
    };
    const results = await Promise.all(devices.map((device) => this.sendTo(device, message, recipient, job)));
    const delivered = devices.filter((_, position) => results[position] === 'delivered');
    const gone = devices.filter((_, position) => results[position] === 'gone');
    const failed = results.filter((result) => typeof result === 'object') as { error: string }[];
    for (const device of gone) await this.subscriptions.forget(device);
    reached.push(...delivered);
    const counts = { delivered: delivered.length, removed: gone.length, failed: failed.length };
    if (delivered.length > 0) {
      this.sentCount++;
      return { state: 'sent', sentAt: new Date().toISOString(), devices: counts, ...(failed[0] ? { lastError: failed[0].error } : {}) };
    }
    if (failed.length > 0) return { ...(await this.retryOrGiveUp(job, failed[0]!.error, recipient)), devices: counts };
    return { ...(await this.fallBack(job, recipient, 'Every subscription has expired', 'no_device')), devices: counts };
  }

  /** VAPID `Authorization` per push service origin, re-signed well before the token expires. */
  private readonly vapidTokens = new Map<string, { authorization: string; renewAt: number }>();

  private vapidAuthorization(endpoint: string): string {
    const audience = new URL(endpoint).origin;
    const now = Date.now();
    const cached = this.vapidTokens.get(audience);
    if (cached && cached.renewAt > now) return cached.authorization;
    const expiresAt = Math.floor(now / 1000) + VAPID_TOKEN_SECONDS;
    const { Authorization } = webpush.getVapidHeaders(audience, this.vapid!.subject, this.vapid!.publicKey, this.vapid!.privateKey, 'aes128gcm', expiresAt);
    this.vapidTokens.set(audience, { authorization: Authorization, renewAt: now + VAPID_RENEW_MS });
    return Authorization;
  }

  /** 'delivered', 'gone' (404/410: the subscription is dead), or a failure worth retrying. */
  private async sendTo(device: SubscriptionDoc, message: PushMessage, recipient: Recipient, job: PushJobDoc): Promise<'delivered' | 'gone' | { error: string }> {
    const ttl = Math.max(60, Math.min(MAX_TTL_SECONDS, Math.floor((Date.parse(job.expiresAt) - Date.now()) / 1000)));
    let details: ReturnType<typeof webpush.generateRequestDetails>;
    try {
      details = webpush.generateRequestDetails(
        { endpoint: device.endpoint, keys: device.keys },
        ngswPayload(message, device.language, recipient.timeZone),
        {
          // Signed once per push service every few minutes (RFC 8292 lets a token be reused until
          // it expires), not per message; no vapidDetails, so web-push adds no header of its own.
          headers: { Authorization: this.vapidAuthorization(device.endpoint) },
          TTL: ttl,
          urgency: HIGH_URGENCY.has(job.kind) ? 'high' : 'normal',
          topic: message.tag,
          contentEncoding: 'aes128gcm',
        },
      );
    } catch (error) {
      // Keys the browser gave that cannot encrypt: this subscription can never work.
      this.log.warn({ err: error, device: device._id }, 'push subscription unusable; removed');
      return 'gone';
    }
    try {
      const response = await this.transport.send({
        endpoint: details.endpoint,
        method: details.method,
        headers: details.headers as Record<string, string | number>,
        body: (details.body as Buffer | null) ?? null,
      });
      if (response.statusCode >= 200 && response.statusCode < 300) return 'delivered';
      if (response.statusCode === 404 || response.statusCode === 410) return 'gone';
      return { error: `push service answered ${response.statusCode}` };
    } catch (error) {
      return { error: `push service unreachable: ${(error as Error).message}` };
    }
  }

  /** Retry with backoff (base, ×2, ×4, …) while attempts remain; then SMS where one is due. */
  private async retryOrGiveUp(job: PushJobDoc, error: string, recipient?: Recipient): Promise<Outcome> {
    if (job.attempts < this.options.maxAttempts) {
      const wait = this.options.retryBaseMs * 2 ** (job.attempts - 1);
      return { state: 'queued', lastError: error, nextAttemptAt: new Date(Date.now() + wait).toISOString() };
    }
    return recipient ? this.fallBack(job, recipient, error) : { state: 'failed', lastError: error };
  }

  /**
   * A notice whose push is decided: its stand-in SMS (consultations' «назначена / перенесена /
   * отменена», if it has one) is cancelled when a device got the push, released otherwise.
   */
  private async settleStandIn(job: PushJobDoc, outcome: Outcome): Promise<Outcome> {
    if (job.source !== 'notice' || !job.notificationId || outcome.state === 'queued' || outcome.state === 'sending') return outcome;
    // Reached, or nobody to reach any more (the account is gone): the SMS is not needed.
    const decision: StandInDecision = outcome.state === 'sent' || outcome.state === 'cancelled' ? 'reached' : 'not_reached';
    try {
      const sms = await this.app.sms.settleStandIn(job.notificationId, decision);
      if (!sms || decision === 'reached' || sms.state === 'cancelled') return outcome;
      return { ...outcome, state: 'fell_back', smsId: sms.id };
    } catch (error) {
      // The SMS stays held and goes out when its hold ends: late rather than lost.
      this.log.warn({ err: error, job: job._id }, 'settling the stand-in SMS failed');
      return outcome;
    }
  }

  private async fallBack(job: PushJobDoc, recipient: Recipient, reason: string, noSms: PushJobDoc['state'] = 'failed'): Promise<Outcome> {
    if (!SMS_FALLBACK.has(job.kind) || recipient.role !== 'patient' || !recipient.phone) return { state: noSms, lastError: reason };
    const quietHours = { timeZone: recipient.timeZone, startsAt: job.slot ? [job.slot.start] : [] };
    const notBefore = smsNotBefore(new Date(), quietHours);
    if (notBefore.getTime() >= Date.parse(job.expiresAt)) return { state: noSms, lastError: `${reason}; an SMS would fall after the reminder's time (quiet hours)` };
    const message: PushMessage = { kind: job.kind, role: 'patient', consultationId: job.consultationId, ...(job.slot ? { slot: job.slot } : {}), tag: tagOf(job._id) };
    const smsId = await this.app.sms.enqueue({
      key: `push-fallback:${job._id}`,
      to: recipient.phone,
      purpose: 'consultation',
      accountId: job.accountId,
      text: brandedSms(pushText(message, 'ru', recipient.timeZone)),
      quietHours,
    });
    return { state: 'fell_back', smsId, lastError: reason };
  }

  private async finish(job: PushJobDoc, outcome: Outcome): Promise<void> {
    const next: PushJobDoc = { ...withoutLease(job), ...outcome, updatedAt: new Date().toISOString() };
    const written = await this.writer.put(next);
    if (written.ok) this.index.note({ ...next, _rev: written.rev! });
    else if (!written.conflict) this.log.error({ job: job._id, error: written.error }, 'writing a push outcome failed');
  }
}

function isDue(job: PushJobDoc, now: string): boolean {
  if (job.state === 'queued') return (job.nextAttemptAt && job.nextAttemptAt > job.dueAt ? job.nextAttemptAt : job.dueAt) <= now;
  return isLeaseOver(job, now);
}

/** The reminder is for this very booking: same status, start and person. */
function stillWanted(consultation: Consultation | null, job: PushJobDoc): boolean {
  if (!consultation || consultation.status !== 'scheduled' || !consultation.slot || !job.slot) return false;
  if (consultation.slot.start !== job.slot.start) return false;
  return job.role !== 'doctor' || consultation.doctorId === job.accountId;
}

/** A short, URL-safe stand-in for the job id: the push Topic (≤ 32 chars) and the notification tag. */
export function tagOf(jobId: string): string {
  return createHash('sha256').update(jobId).digest('base64url').slice(0, 32);
}
