import type { QuietHours } from './quiet-hours';

/**
 * The SMS queue: messages are documents in the store, so a restart, a crash or a second server
 * instance loses none and sends none twice (see worker.ts for how).
 */
export type SmsState = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
export type SmsPurpose = 'credentials' | 'registration_code' | 'restore_code' | 'consultation';
export type SmsProviderName = 'outbox' | 'smsru' | 'smsc';

export interface SmsMessageDoc {
  _id: string;
  _rev?: string;
  type: 'sms';
  /** Our message id (also given to providers that accept one): `m` + 31 hex characters. */
  id: string;
  /** E.164. */
  to: string;
  /** The text; null until a preparer makes it just before the first sending attempt. */
  text: string | null;
  /** The part of the text to hide once sent through a real provider (a password, a code). */
  secret?: string;
  /** Set when the text was blanked after sending (the secret must not stay in the store). */
  redacted?: boolean;
  /** Name of the preparer that makes the text (e.g. `credentials`), with its parameters. */
  preparer?: string;
  params?: Record<string, string>;
  purpose: SmsPurpose;
  /** The account the message is about (the admin's "SMS state per patient"). */
  accountId?: string;
  /** What the caller groups messages by (e.g. the import that sent credentials). */
  tag?: string;
  state: SmsState;
  /** Sending attempts started so far. */
  attempts: number;
  /** A `queued` message is due at this time. */
  nextAttemptAt: string;
  /** A `sending` message belongs to `leaseOwner` until this time; after it, it is retried. */
  leaseUntil?: string;
  leaseOwner?: string;
  provider: SmsProviderName;
  providerMessageId?: string;
  lastError?: string;
  queuedAt: string;
  updatedAt: string;
  sentAt?: string;
  /** Personal data is kept no longer than needed: the purge deletes the record after this. */
  expiresAt: string;
  /** Kept out of the night in this zone (applied when the message is queued or released). */
  quiet?: QuietHours;
  /**
   * Stands in for this notification and waits for the channel that tries first (web push):
   * it settles the message (cancelled when the person was reached, released when not); if
   * nothing settles it, `nextAttemptAt` (the hold's end) sends it anyway.
   */
  standsInFor?: string;
  /** The id the provider knows this message by when it went in a batch request (SMSC.ru's `id` of the request). */
  requestId?: string;
}

/** What a caller puts into the queue. */
export interface NewSms {
  /** Idempotency key: the same key twice is one message (`credentials:<account>:<n>`). */
  key: string;
  to: string;
  purpose: SmsPurpose;
  accountId?: string;
  tag?: string;
  /** Either the text (with the secret in it, to be hidden after sending)… */
  text?: string;
  secret?: string;
  /** …or a preparer that makes it just before sending (e.g. a one-time password, hashed at that moment). */
  preparer?: string;
  params?: Record<string, string>;
  /** How long the record is kept (default: 90 days). */
  keepDays?: number;
  /** Not sent before this instant; default: now. */
  notBefore?: string;
  /** Not sent in the night of this zone, unless a consultation it speaks of starts soon (quiet-hours.ts). */
  quietHours?: QuietHours;
  /**
   * The notification this SMS stands in for (the patient's «назначена / перенесена / отменена»).
   * When a first channel (web push) is registered, the SMS is held for its decision; without
   * one it is queued as usual. One stand-in per notification: the key is then ignored.
   */
  standsInFor?: string;
}

/** What the channel tried first says about a notification's stand-in SMS. */
export type StandInDecision = 'reached' | 'not_reached';

export interface SmsView {
  id: string;
  to: string;
  purpose: SmsPurpose;
  accountId?: string;
  tag?: string;
  state: SmsState;
  attempts: number;
  provider: SmsProviderName;
  providerMessageId?: string;
  lastError?: string;
  queuedAt: string;
  sentAt?: string;
  nextAttemptAt?: string;
  /** Only with the outbox provider (the admin reads the messages there); never a redacted text. */
  text?: string;
}

/** Made by a preparer: the text, and the secret in it. */
export interface PreparedText {
  text: string;
  secret?: string;
}

/** Makes a message's text just before sending; null: the message is no longer needed (cancelled). */
export type SmsPreparer = (message: { id: string; to: string; accountId?: string; params: Record<string, string> }) => Promise<PreparedText | null>;

/** What a provider said about one sending attempt. */
export type SendResult =
  | { ok: true; providerMessageId?: string }
  /** `permanent`: retrying cannot help (a wrong number); otherwise the queue retries with backoff. */
  | { ok: false; permanent: boolean; error: string };

/** Whether a provider already has a message we may have sent before a crash. */
export type LookupResult = 'sent' | 'not_found' | 'unknown';

export interface SmsProvider {
  readonly name: SmsProviderName;
  send(message: { id: string; to: string; text: string }, signal: AbortSignal): Promise<SendResult>;
  /**
   * Asked before re-sending a message whose earlier attempt may have reached the provider
   * (the sender died mid-call). Providers without a lookup by our id cannot tell: absent.
   */
  lookup?(message: { id: string; to: string }, signal: AbortSignal): Promise<LookupResult>;
  /**
   * Many messages (distinct numbers, each its own text) in one request; a result per message, in
   * order. `requestId` (the same on every message of the batch) is the id the request may carry.
   */
  sendBatch?(messages: readonly { id: string; to: string; text: string; requestId?: string }[], signal: AbortSignal): Promise<SendResult[]>;
}

export interface SmsListQuery {
  state?: SmsState;
  limit: number;
  /** queuedAt of the last message of the previous page (older messages come next). */
  before?: string;
}

export interface Sms {
  readonly provider: SmsProviderName;
  /** Queues a message (idempotent by key); returns its id. */
  enqueue(message: NewSms): Promise<string>;
  /** Many at once (an import); ids in order. */
  enqueueMany(messages: readonly NewSms[]): Promise<string[]>;
  /** The message id a key gives (without queuing). */
  idOf(key: string): string;
  /** Registers the preparer named in messages' `preparer` (a module does it at start). */
  definePreparer(name: string, preparer: SmsPreparer): void;
  /** Cancels a message not yet being sent; false when it is already sending or done. */
  cancel(id: string): Promise<boolean>;
  get(id: string): Promise<SmsView | null>;
  getMany(ids: readonly string[]): Promise<Map<string, SmsView>>;
  list(query: SmsListQuery): Promise<{ messages: SmsView[]; nextBefore?: string }>;
  /** Every message of a purpose (optionally of one account or tag), oldest first. */
  find(query: { purpose: SmsPurpose; accountId?: string; tag?: string }): Promise<SmsView[]>;
  /** Where the queue stands for the manager: what waits (by purpose), the recent rate, the estimated end. */
  progress(): Promise<SmsQueueProgress>;
  /** Runs the queue once now (tests, and after enqueue). Resolves when this pass is done. */
  runOnce(): Promise<void>;
  /**
   * A channel that reaches people first (web push) registers here: from then on stand-in SMS
   * are held until it settles them, at most `holdMs` (then they go out anyway).
   */
  deferStandIns(channel: string, holdMs: number): void;
  /**
   * The first channel's decision about a notification's stand-in SMS: `reached` cancels it,
   * `not_reached` releases it (quiet hours applied now). Returns the SMS id (whatever became of
   * it), or null when the notification has no stand-in. Idempotent.
   */
  settleStandIn(notificationId: string, decision: StandInDecision): Promise<{ id: string; state: SmsState } | null>;
}

export interface SmsQueueProgress {
  /** Messages waiting to be sent, by purpose (codes go first, credentials last). */
  waiting: Record<SmsPurpose, number>;
  waitingTotal: number;
  sending: number;
  failed: number;
  /** Messages sent in the last five minutes, per second (0 when none). */
  ratePerSecond: number;
  /** When the queue should be empty at that rate; absent when nothing waits or nothing was sent lately. */
  estimatedEndAt?: string;
}
