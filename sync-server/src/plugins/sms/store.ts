import { createHash } from 'node:crypto';
import { readMany, writeMany } from '../store/bulk';
import type { NewSms, SmsListQuery, SmsMessageDoc, SmsProviderName, SmsView } from './types';

export const SMS_DB = 'sms_messages';
const ID_PREFIX = 'sms:';
const DEFAULT_KEEP_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * Views of the queue, one design document each (a view is built when its design document is
 * first queried, so the sender never waits for the managers' lists to be indexed): `due` lists
 * what a sender should pick up (queued messages by their next attempt, sending ones by the end
 * of their lease: a dead sender's message comes back); `by_time` and `by_state` list messages
 * for managers, newest first.
 */
export const SMS_DESIGN_DOCS = [
  {
    _id: '_design/sms_due',
    language: 'javascript',
    views: {
      due: {
        map: 'function (doc) { if (doc.type !== "sms") return; if (doc.state === "queued") emit(doc.nextAttemptAt, null); else if (doc.state === "sending") emit(doc.leaseUntil, null); }',
      },
    },
  },
  {
    _id: '_design/sms_lists',
    language: 'javascript',
    views: {
      by_time: { map: 'function (doc) { if (doc.type === "sms") emit([doc.queuedAt, doc.id], null); }' },
      by_state: { map: 'function (doc) { if (doc.type === "sms") emit([doc.state, doc.queuedAt, doc.id], null); }' },
    },
  },
] as const;

/** Our message id for an idempotency key: short and plain enough for every provider's `id`. */
export function messageIdOf(key: string): string {
  return `m${createHash('sha256').update(key).digest('hex').slice(0, 31)}`;
}

export function docIdOf(messageId: string): string {
  return ID_PREFIX + messageId;
}

export function newMessageDoc(message: NewSms, provider: SmsProviderName, now = new Date()): SmsMessageDoc {
  const id = messageIdOf(message.key);
  const at = now.toISOString();
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
    state: 'queued',
    attempts: 0,
    nextAttemptAt: at,
    provider,
    queuedAt: at,
    updatedAt: at,
    expiresAt: new Date(now.getTime() + (message.keepDays ?? DEFAULT_KEEP_DAYS) * DAY_MS).toISOString(),
  };
}

/** Writes new messages; an id already there is the same message (idempotent), not an error. */
export async function insertMessages(db: PouchDB.Database, docs: readonly SmsMessageDoc[]): Promise<void> {
  const outcomes = await writeMany(db, docs);
  const failed = outcomes.find((outcome) => !outcome.ok && !outcome.conflict);
  if (failed) throw new Error(`Queuing SMS ${failed.id} failed: ${failed.error ?? 'unknown error'}`);
}

/** The manager's view: texts only where nothing left the machine (outbox). */
export function toView(doc: SmsMessageDoc): SmsView {
  return {
    id: doc.id,
    to: doc.to,
    purpose: doc.purpose,
    ...(doc.accountId ? { accountId: doc.accountId } : {}),
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
export async function listMessages(db: PouchDB.Database, query: SmsListQuery): Promise<{ messages: SmsView[]; nextBefore?: string }> {
  const limit = Math.max(1, Math.min(query.limit, 500));
  const [beforeTime = '\uffff', beforeId = '\uffff'] = query.before ? query.before.split('|') : [];
  const prefix = query.state ? [query.state] : [];
  const result = await db.query(query.state ? 'sms_lists/by_state' : 'sms_lists/by_time', {
    descending: true,
    startkey: [...prefix, beforeTime, beforeId],
    endkey: [...prefix, ''],
    limit: limit + 2,
    include_docs: true,
  });
  const docs = result.rows
    .map((row) => row.doc as unknown as SmsMessageDoc)
    .filter((doc) => doc && (!query.before || doc.queuedAt < beforeTime || (doc.queuedAt === beforeTime && doc.id < beforeId)));
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return { messages: page.map(toView), ...(docs.length > limit && last ? { nextBefore: `${last.queuedAt}|${last.id}` } : {}) };
}
