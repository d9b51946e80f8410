import { randomInt } from 'node:crypto';
import { brandedSms, formatPhone } from '@oblako/domain';
import { HttpError, type FastifyInstance, type NewSms, type SmsView } from '@oblako/server-kit';
import { CREDENTIALS_PAGE, type CredentialsPage, type PatientCredentials, type SmsStatus } from '../api';

export const CREDENTIALS_PREPARER = 'credentials';
/** Lower-case letters and digits without look-alikes (0/o, 1/l/i): typed once on a phone. */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const ONE_TIME_PASSWORD_LENGTH = 10;
/** Two clicks on «resend» are one resend. */
const RESEND_INTERVAL_MS = 60_000;
/** Credentials SMS records are kept this long (then a patient leaves the «access» list). */
const KEEP_DAYS = 180;

export function oneTimePassword(): string {
  return Array.from({ length: ONE_TIME_PASSWORD_LENGTH }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
}

/**
 * The n-th credentials SMS of an account. The key makes queuing it twice one message; the tag
 * (the import that created the account) groups a patient's messages by import. The SMS queue
 * is the record of what was sent: no second list of it to keep in step.
 */
export function credentialsMessage(accountId: string, issue: number, importId?: string): Omit<NewSms, 'to'> {
  return {
    key: `credentials:${accountId}:${issue}`, purpose: 'credentials', accountId, preparer: CREDENTIALS_PREPARER, params: {}, keepDays: KEEP_DAYS,
    ...(importId ? { tag: importId } : {}),
  };
}

export function credentialsText(phone: string, password: string, publicUrl?: string): string {
  const where = publicUrl ? ` ${publicUrl.replace(/\/+$/, '')}` : '';
  return brandedSms(`вход в личный кабинет${where}. Логин: ${formatPhone(phone)}, временный пароль: ${password}. При входе задайте свой пароль.`);
}

/**
 * Makes the credentials SMS just before it is sent: a fresh one-time password, set on the account
 * (argon2, must be changed at sign-in) at that moment — so the 5,000 hashes of a big import are
 * spent by the queue in the background, not while the manager waits. A patient who already set
 * their own password (restored it by SMS meanwhile) gets nothing: the message is cancelled.
 */
/**
 * Where the patient signs in: PUBLIC_URL, or in demo mode the server's own address (a demo has
 * no other; without it the SMS would send people nowhere).
 */
export function serviceAddress(app: FastifyInstance): string | undefined {
  if (app.config.publicUrl) return app.config.publicUrl;
  if (app.config.mode !== 'demo') return undefined;
  const address = app.server.address();
  if (!address || typeof address === 'string') return undefined;
  const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(address.address) ? 'localhost' : address.address;
  return `${app.config.tlsCert ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

export function registerCredentialsPreparer(app: FastifyInstance): void {
  app.sms.definePreparer(CREDENTIALS_PREPARER, async ({ accountId }) => {
    const account = accountId ? await app.accounts.get(accountId) : null;
    if (!account || account.role !== 'patient' || account.disabled || !account.mustChangePassword) return null;
    const password = oneTimePassword();
    await app.accounts.setPassword(account.id, password, { oneTime: true });
    return { text: credentialsText(account.phone, password, serviceAddress(app)), secret: password };
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
  limit?: number;
  cursor?: string;
}

const collator = new Intl.Collator('ru');
type NameKey = readonly [string, string];

function byName(a: NameKey, b: NameKey): number {
  return collator.compare(a[0], b[0]) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

function decodeCursor(cursor: string): NameKey | null {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(key) && key.length === 2 && key.every((part) => typeof part === 'string') ? [key[0], key[1]] : null;
  } catch {
    return null;
  }
}

/**
 * One page of the patients who were sent credentials, by name: the page starts after the name
 * and id of the previous page's last row, so patients imported meanwhile never repeat a row.
 */
export async function credentialsPage(app: FastifyInstance, filter: CredentialsFilter): Promise<CredentialsPage> {
  const after = filter.cursor === undefined ? null : decodeCursor(filter.cursor);
  if (filter.cursor !== undefined && after === null) throw new HttpError(400, 'validation', { field: 'cursor' });
  const limit = filter.limit ?? CREDENTIALS_PAGE.defaultLimit;
  const all = await listCredentials(app, filter);
  const start = after === null ? 0 : all.findIndex((item) => byName([item.fullName, item.patientId], after) > 0);
  const from = start === -1 ? all.length : start;
  const items = all.slice(from, from + limit);
  const last = items[items.length - 1];
  return {
    items, total: all.length,
    ...(last && from + limit < all.length ? { nextCursor: Buffer.from(JSON.stringify([last.fullName, last.patientId])).toString('base64url') } : {}),
  };
}

/** Per patient who was sent credentials: the latest SMS, how many, whether they have signed in since. */
export async function listCredentials(app: FastifyInstance, filter: CredentialsFilter): Promise<PatientCredentials[]> {
  const messages = await app.sms.find({ purpose: 'credentials' });
  const byPatient = new Map<string, SmsView[]>();
  for (const message of messages) {
    if (!message.accountId) continue;
    const list = byPatient.get(message.accountId) ?? [];
    list.push(message);
    byPatient.set(message.accountId, list);
  }
  const accounts = await app.accounts.getMany([...byPatient.keys()]);
  const search = filter.search?.trim().toLowerCase().replace(/ё/g, 'е');
  const digits = search?.replace(/\D/g, '') ?? '';
  const list: PatientCredentials[] = [];
  for (const [patientId, sent] of byPatient) {
    const account = accounts.get(patientId);
    // Staff credentials (modules/admin/server/staff) share the queue; this list is the patients'.
    if (!account || account.role !== 'patient') continue;
    const importId = sent.find((message) => message.tag)?.tag;
    if (filter.importId && importId !== filter.importId) continue;
    if (search && !account.name.toLowerCase().replace(/ё/g, 'е').includes(search) && !(digits.length >= 3 && account.phone.includes(digits))) continue;
    const latest = sent[sent.length - 1]!;
    if (filter.state && latest.state !== filter.state) continue;
    list.push({
      patientId, fullName: account.name, phone: account.phone, ...(importId ? { importId } : {}),
      activated: account.mustChangePassword !== true, sms: smsStatus(latest), issued: sent.length,
    });
  }
  return list.sort((a, b) => byName([a.fullName, a.patientId], [b.fullName, b.patientId]));
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
  const sent = await app.sms.find({ purpose: 'credentials', accountId: patientId });
  const latest = sent[sent.length - 1];
  if (latest && (latest.state === 'queued' || latest.state === 'sending') && Date.now() - Date.parse(latest.queuedAt) < RESEND_INTERVAL_MS) {
    throw new HttpError(429, 'rate_limited', { retryAfterSeconds: Math.ceil((Date.parse(latest.queuedAt) + RESEND_INTERVAL_MS - Date.now()) / 1000) });
  }
  if (latest) await app.sms.cancel(latest.id);
  const importId = sent.find((message) => message.tag)?.tag;
  // Two managers at once compute the same next number: the same key, one message.
  const message = { ...credentialsMessage(patientId, sent.length + 1, importId), to: account.phone };
  const id = await app.sms.enqueue(message);
  const view = await app.sms.get(id);
  return {
    patientId, fullName: account.name, phone: account.phone, ...(importId ? { importId } : {}),
    activated: false, sms: view ? smsStatus(view) : null, issued: sent.length + 1,
  };
}
