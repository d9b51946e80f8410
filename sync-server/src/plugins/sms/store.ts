import { createHash } from 'node:crypto';
import { readMany, writeMany } from '../store/bulk';
import type { QueueIndex } from './queue-index';
import { smsNotBefore } from './quiet-hours';
import type { NewSms, SmsListQuery, SmsMessageDoc, SmsProviderName, SmsView } from './types';

export const SMS_DB = 'sms_messages';
const ID_PREFIX = 'sms:';
const DEFAULT_KEEP_DAYS = 90;
const DAY_MS = 86_400_000;

/** Our message id for an idempotency key: short and plain enough for every provider's `id`. */
export function messageIdOf(key: string): string {
  return `m${createHash('sha256').update(key).digest('hex').slice(0, 31)}`;
}

export function docIdOf(messageId: string): string {
  return ID_PREFIX + messageId;
}

/** The one SMS that stands in for a notification. */
export function standInIdOf(notificationId: string): string {
  return messageIdOf(`stand-in:${notificationId}`);
}

/**
 * A stored message, due at `notBefore` and out of the recipient's night (quietHours). A stand-in
 * held for a first channel (`holdMs`) is due at the end of the hold instead, also out of the night.
 */
export function newMessageDoc(message: NewSms, provider: SmsProviderName, now = new Date(), holdMs?: number): SmsMessageDoc {
  const id = message.standsInFor ? standInIdOf(message.standsInFor) : messageIdOf(message.key);
  const at = now.toISOString();
  const held = message.standsInFor !== undefined && holdMs !== undefined;
  const earliest = new Date(Math.max(now.getTime() + (held ? holdMs : 0), message.notBefore ? Date.parse(message.notBefore) || 0 : 0));
  const due = message.quietHours ? smsNotBefore(earliest, message.quietHours) : earliest;
  return {
    _id: docIdOf(id),
    type: 'sms',
    id,
    to: message.to,
    text: message.text ?? null,
    ...(message.secret ? { secret: message.secret } : {}),
    ...(message.preparer ? { preparer: message.preparer, params: message.params ?? {} } : {}),
    purpose: message.purpose,
    ...(message.accountId ? { accountId: message.accountId } : {}),
    ...(message.tag ? { tag: message.tag } : {}),
    state: 'queued',
    attempts: 0,
    nextAttemptAt: due.toISOString(),
    ...(message.quietHours ? { quiet: { timeZone: message.quietHours.timeZone, startsAt: [...(message.quietHours.startsAt ?? [])] } } : {}),
    ...(held ? { standsInFor: message.standsInFor } : {}),
    provider,
    queuedAt: at,
    updatedAt: at,
    expiresAt: new Date(now.getTime() + (message.keepDays ?? DEFAULT_KEEP_DAYS) * DAY_MS).toISOString(),
  };
}

/** Writes new messages; an id already there is the same message (idempotent), not an error. Returns those written. */
export async function insertMessages(db: PouchDB.Database, docs: readonly SmsMessageDoc[]): Promise<SmsMessageDoc[]> {
  const outcomes = await writeMany(db, docs);
  const failed = outcomes.find((outcome) => !outcome.ok && !outcome.conflict);
  if (failed) throw new Error(`Queuing SMS ${failed.id} failed: ${failed.error ?? 'unknown error'}`);
  return docs.flatMap((doc, index) => (outcomes[index]!.ok ? [{ ...doc, _rev: outcomes[index]!.rev! }] : []));
}

/** The manager's view: texts only where nothing left the machine (outbox). */
export function toView(doc: SmsMessageDoc): SmsView {
  return {
    id: doc.id,
    to: doc.to,
    purpose: doc.purpose,
    ...(doc.accountId ? { accountId: doc.accountId } : {}),
    ...(doc.tag ? { tag: doc.tag } : {}),
    state: doc.state,
    attempts: doc.attempts,
    provider: doc.provider,
    ...(doc.providerMessageId ? { providerMessageId: doc.providerMessageId } : {}),
    ...(doc.lastError ? { lastError: doc.lastError } : {}),
    queuedAt: doc.queuedAt,
    ...(doc.sentAt ? { sentAt: doc.sentAt } : {}),
    ...(doc.state === 'queued' ? { nextAttemptAt: doc.nextAttemptAt } : {}),
    ...(doc.provider === 'outbox' && doc.text !== null && !doc.redacted ? { text: doc.text } : {}),
  };
}

export async function readViews(db: PouchDB.Database, ids: readonly string[]): Promise<Map<string, SmsView>> {
  const docs = await readMany<SmsMessageDoc>(db, ids.map(docIdOf));
  return new Map([...docs.values()].map((doc) => [doc.id, toView(doc)]));
}

/**
 * Newest first, a page at a time. The cursor is `<queuedAt>|<id>` of the last message shown:
 * an import queues thousands of messages in the same millisecond, so time alone cannot be it.
 */
export async function listMessages(db: PouchDB.Database, index: QueueIndex, query: SmsListQuery): Promise<{ messages: SmsView[]; nextBefore?: string }> {
  await index.ready();
  const page = index.page({ limit: Math.max(1, Math.min(query.limit, 500)), ...(query.state ? { state: query.state } : {}), ...(query.before ? { before: query.before } : {}) });
  const views = await readViews(db, page.ids);
  return { messages: page.ids.flatMap((id) => (views.has(id) ? [views.get(id)!] : [])), ...(page.nextBefore ? { nextBefore: page.nextBefore } : {}) };
}
