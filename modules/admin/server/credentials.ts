import { randomInt } from 'node:crypto';
import { formatPhone } from '@oblako/domain';
import { HttpError, readMany, type FastifyInstance, type NewSms, type SmsView } from '@oblako/server-kit';
import type { PatientCredentials, SmsStatus } from '../api';
import { patientRecordId, PATIENTS_DB } from './imports-db';

/** Per patient whose credentials we sent: which messages, how many times. */
export interface PatientRecord {
  _id: string;
  _rev?: string;
  type: 'patient_credentials';
  patientId: string;
  fullName: string;
  phone: string;
  importId?: string;
  /** Oldest first; the last is the current credentials SMS. */
  messageIds: string[];
  issued: number;
}

export const CREDENTIALS_PREPARER = 'credentials';
/** Lower-case letters and digits without look-alikes (0/o, 1/l/i): typed once on a phone. */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const ONE_TIME_PASSWORD_LENGTH = 10;
/** Two clicks on «resend» are one resend. */
const RESEND_INTERVAL_MS = 60_000;

export function oneTimePassword(): string {
  return Array.from({ length: ONE_TIME_PASSWORD_LENGTH }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
}

/** The n-th credentials SMS of an account: the key makes queuing it twice one message. */
export function credentialsMessage(accountId: string, issue: number): Omit<NewSms, 'to'> {
  return { key: `credentials:${accountId}:${issue}`, purpose: 'credentials', accountId, preparer: CREDENTIALS_PREPARER, params: {}, keepDays: 180 };
}

export function credentialsText(phone: string, password: string, publicUrl?: string): string {
  const where = publicUrl ? ` ${publicUrl.replace(/\/+$/, '')}` : '';
  return `Облако здоровья: вход в личный кабинет${where}. Логин: ${formatPhone(phone)}, временный пароль: ${password}. При входе задайте свой пароль.`;
}

/**
 * Makes the credentials SMS just before it is sent: a fresh one-time password, set on the account
 * (argon2, must be changed at sign-in) at that moment — so the 5,000 hashes of a big import are
 * spent by the queue in the background, not while the manager waits. A patient who already set
 * their own password (restored it by SMS meanwhile) gets nothing: the message is cancelled.
 */
export function registerCredentialsPreparer(app: FastifyInstance): void {
  app.sms.definePreparer(CREDENTIALS_PREPARER, async ({ accountId }) => {
    const account = accountId ? await app.accounts.get(accountId) : null;
    if (!account || account.role !== 'patient' || account.disabled || !account.mustChangePassword) return null;
    const password = oneTimePassword();
    await app.accounts.setPassword(account.id, password, { oneTime: true });
    return { text: credentialsText(account.phone, password, app.config.publicUrl), secret: password };
  });
}

export function smsStatus(view: SmsView): SmsStatus {
  return {
    messageId: view.id,
    state: view.state,
    attempts: view.attempts,
    provider: view.provider,
    ...(view.lastError ? { lastError: view.lastError } : {}),
    queuedAt: view.queuedAt,
    ...(view.sentAt ? { sentAt: view.sentAt } : {}),
    ...(view.nextAttemptAt ? { nextAttemptAt: view.nextAttemptAt } : {}),
  };
}

export interface CredentialsFilter {
  importId?: string;
  state?: SmsStatus['state'];
  search?: string;
}

export async function listCredentials(app: FastifyInstance, filter: CredentialsFilter): Promise<PatientCredentials[]> {
  const db = app.store.db(PATIENTS_DB);
  const result = await db.allDocs({ startkey: 'patient:', endkey: 'patient:\uffff', include_docs: true });
  let records = result.rows.map((row) => row.doc as unknown as PatientRecord);
  if (filter.importId) records = records.filter((record) => record.importId === filter.importId);
  const search = filter.search?.trim().toLowerCase().replace(/ё/g, 'е');
  if (search) {
    const digits = search.replace(/\D/g, '');
    records = records.filter((record) => record.fullName.toLowerCase().replace(/ё/g, 'е').includes(search) || (digits.length >= 3 && record.phone.includes(digits)));
  }
  const accounts = await app.accounts.getMany(records.map((record) => record.patientId));
  const messages = await app.sms.getMany(records.map((record) => record.messageIds[record.messageIds.length - 1]!).filter(Boolean));
  const list = records.map((record) => present(record, accounts.get(record.patientId)?.mustChangePassword !== true, messages.get(record.messageIds[record.messageIds.length - 1] ?? '')));
  return filter.state ? list.filter((entry) => entry.sms?.state === filter.state) : list;
}

function present(record: PatientRecord, activated: boolean, message: SmsView | undefined): PatientCredentials {
  return {
    patientId: record.patientId,
    fullName: record.fullName,
    phone: record.phone,
    ...(record.importId ? { importId: record.importId } : {}),
    activated,
    sms: message ? smsStatus(message) : null,
    issued: record.issued,
  };
}

/**
 * A new one-time password by SMS for a patient who has not signed in yet: the queued previous
 * message is cancelled, and the new password (set when the SMS goes out) replaces the old one.
 */
export async function resendCredentials(app: FastifyInstance, patientId: string): Promise<PatientCredentials> {
  const account = await app.accounts.get(patientId);
  if (!account || account.role !== 'patient') throw new HttpError(404, 'not_found', { field: 'patientId' });
  // Someone who set their own password restores it by SMS themselves; a one-time password from
  // the manager would replace it.
  if (!account.mustChangePassword) throw new HttpError(409, 'credentials_already_activated');
  const db = app.store.db(PATIENTS_DB);
  for (let attempt = 1; attempt <= 5; attempt++) {
    const record: PatientRecord = (await readMany<PatientRecord>(db, [patientRecordId(patientId)])).get(patientRecordId(patientId)) ?? {
      _id: patientRecordId(patientId), type: 'patient_credentials', patientId, fullName: account.name, phone: account.phone, messageIds: [], issued: 0,
    };
    const latestId = record.messageIds[record.messageIds.length - 1];
    const latest = latestId ? await app.sms.get(latestId) : null;
    if (latest && Date.now() - Date.parse(latest.queuedAt) < RESEND_INTERVAL_MS && (latest.state === 'queued' || latest.state === 'sending')) {
      const retryAfterSeconds = Math.ceil((Date.parse(latest.queuedAt) + RESEND_INTERVAL_MS - Date.now()) / 1000);
      throw new HttpError(429, 'rate_limited', { retryAfterSeconds });
    }
    const issue = record.issued + 1;
    const message = { ...credentialsMessage(patientId, issue), to: account.phone };
    const next: PatientRecord = { ...record, phone: account.phone, messageIds: [...record.messageIds, app.sms.idOf(message.key)], issued: issue };
    try {
      await db.put(next);
    } catch (error) {
      if ((error as { status?: number }).status === 409) continue; // two managers at once: look again
      throw error;
    }
    if (latestId) await app.sms.cancel(latestId);
    await app.sms.enqueue(message);
    const sent = await app.sms.get(app.sms.idOf(message.key));
    return present(next, false, sent ?? undefined);
  }
  throw new HttpError(429, 'rate_limited', { retryAfterSeconds: 1 });
}
