import { HttpError, type FastifyInstance } from '@oblako/server-kit';
import type { SmsStatus } from '../../api';
import { credentialsText, oneTimePassword, smsStatus } from '../credentials';

/**
 * Staff credentials by SMS: the same text and queue as patients' credentials, but a staff
 * account always gets the new one-time password (a reset is for someone who already set a
 * password), and only while the account is active. The password is set on the account just
 * before the message goes out, and every session of the account ends with it.
 */
export const STAFF_CREDENTIALS_PREPARER = 'staff_credentials';
const KEEP_DAYS = 180;

export function registerStaffCredentialsPreparer(app: FastifyInstance): void {
  app.sms.definePreparer(STAFF_CREDENTIALS_PREPARER, async ({ accountId }) => {
    const account = accountId ? await app.accounts.get(accountId) : null;
    if (!account || (account.role !== 'doctor' && account.role !== 'manager') || account.disabled) return null;
    const password = oneTimePassword();
    await app.accounts.setPassword(account.id, password, { oneTime: true });
    return { text: credentialsText(account.phone, password, app.config.publicUrl), secret: password };
  });
}

/** Queues the n-th credentials SMS of a staff account; the previous one, if still queued, is cancelled. */
export async function sendStaffCredentials(app: FastifyInstance, accountId: string, phone: string): Promise<void> {
  const sent = await app.sms.find({ purpose: 'credentials', accountId });
  const latest = sent[sent.length - 1];
  if (latest && (latest.state === 'queued' || latest.state === 'sending')) await app.sms.cancel(latest.id);
  await app.sms.enqueue({
    key: `staff-credentials:${accountId}:${sent.length + 1}`, to: phone, purpose: 'credentials', accountId,
    preparer: STAFF_CREDENTIALS_PREPARER, params: {}, keepDays: KEEP_DAYS,
  });
}

export async function latestCredentialsSms(app: FastifyInstance, accountId: string): Promise<SmsStatus | null> {
  const sent = await app.sms.find({ purpose: 'credentials', accountId });
  const latest = sent[sent.length - 1];
  return latest ? smsStatus(latest) : null;
}

export function assertActive(account: { disabled: boolean }): void {
  if (account.disabled) throw new HttpError(409, 'staff_disabled');
}
