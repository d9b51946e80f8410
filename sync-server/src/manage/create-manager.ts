import { randomUUID, randomInt } from 'node:crypto';
import { normalizePhone } from '@oblako/domain';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../plugins/errors/index';

/** The same alphabet as SMS credentials: no look-alikes (0/o, 1/l/i), typed once. */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const PASSWORD_LENGTH = 12;
/** The audit database of staff changes (modules/admin reads it in «Сотрудники»). */
const STAFF_AUDIT_DB = 'staff_audit';

export interface CreatedManager {
  id: string;
  name: string;
  phone: string;
  /** One-time: the manager must set their own at the first sign-in. */
  password: string;
}

/**
 * The first manager of a fresh installation (or another one, to recover access): an account
 * made by the auth plugin's own code (`app.accounts`: phone normalised and unique, listeners
 * run), with a one-time password, the same forced change at first sign-in as imported patients.
 * A phone already in use (run twice) is refused: 409 `phone_taken`.
 */
export async function createManager(app: FastifyInstance, input: { phone: string; name: string }): Promise<CreatedManager> {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name === '') throw new HttpError(400, 'staff_name_required', { field: 'name' });
  const phone = normalizePhone(input.phone);
  if (!phone) throw new HttpError(400, 'invalid_phone', { field: 'phone' });
  if (await app.accounts.findByPhone(phone)) throw new HttpError(409, 'staff_phone_taken', { field: 'phone' });
  const password = Array.from({ length: PASSWORD_LENGTH }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
  let account;
  try {
    account = await app.accounts.create({ role: 'manager', phone, name, password });
  } catch (error) {
    if (error instanceof HttpError && error.code === 'phone_taken') throw new HttpError(409, 'staff_phone_taken', { field: 'phone' });
    throw error;
  }
  await app.accounts.setPassword(account.id, password, { oneTime: true });
  const at = new Date().toISOString();
  await app.store.db(STAFF_AUDIT_DB).put({
    _id: `staff-audit:${at}:${randomUUID()}`, type: 'staff_audit', at, action: 'staff_created',
    actor: { id: 'cli', name: 'npm run manage' }, staff: { id: account.id, name: account.name, role: 'manager' }, details: { phone },
  });
  return { id: account.id, name: account.name, phone, password };
}
