import { randomUUID } from 'node:crypto';
import { isRole, normalizePhone } from '@oblako/domain';
import { HttpError } from '../errors/index';
import type { Account, AccountDoc, AccountListener, Accounts, NewAccount, PhoneClaimDoc } from './types';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';
import { getOrNull, putUnlessConflict } from './store-helpers';

const ACCOUNT_PREFIX = 'account:';
const PHONE_PREFIX = 'phone:';
const MAX_NAME_LENGTH = 200;
const MAX_UPDATE_ATTEMPTS = 10;

/** The accounts API plus what only the auth plugin may see (the stored document with the hash). */
export interface AccountRepository extends Accounts {
  /** The stored account (with hash and session generation), or null. */
  doc(id: string): Promise<AccountDoc | null>;
  docByPhone(e164: string): Promise<AccountDoc | null>;
}

/** Accounts in the server-only `users` database; never replicated to any device. */
export function createAccountRepository(users: PouchDB.Database): AccountRepository {
  const listeners: AccountListener[] = [];

  const doc = (id: string) => getOrNull<AccountDoc>(users, ACCOUNT_PREFIX + id);

  const docByPhone = async (e164: string): Promise<AccountDoc | null> => {
    const claim = await getOrNull<PhoneClaimDoc>(users, PHONE_PREFIX + e164);
    return claim ? doc(claim.accountId) : null;
  };

  /** Read-modify-write with the revision as an optimistic lock, retried on a concurrent change. */
  const update = async (id: string, change: (current: AccountDoc) => AccountDoc): Promise<AccountDoc> => {
    for (let attempt = 1; ; attempt++) {
      const current = await doc(id);
      if (!current) throw new HttpError(404, 'not_found');
      const next = { ...change(current), updatedAt: new Date().toISOString() };
      if (await putUnlessConflict(users, next)) return next;
      if (attempt >= MAX_UPDATE_ATTEMPTS) throw new Error(`Account ${id} keeps changing concurrently`);
    }
  };

  /**
   * Claims the phone number with a fixed-id document: of two concurrent creates (or instances)
   * only one can write it. A claim left by a create that died before writing its account is
   * taken over.
   */
  const claimPhone = async (e164: string, accountId: string): Promise<void> => {
    const claim: PhoneClaimDoc = { _id: PHONE_PREFIX + e164, type: 'phone', accountId };
    if (await putUnlessConflict(users, claim)) return;
    const existing = await getOrNull<PhoneClaimDoc>(users, claim._id);
    if (existing && !(await doc(existing.accountId)) && (await putUnlessConflict(users, { ...claim, _rev: existing._rev }))) return;
    throw new HttpError(409, 'phone_taken', { field: 'phone' });
  };

  return {
    doc,
    docByPhone,

    async create(input: NewAccount): Promise<Account> {
      const phone = normalizePhone(input.phone);
      if (!phone) throw new HttpError(400, 'invalid_phone', { field: 'phone' });
      if (!isRole(input.role)) throw new HttpError(400, 'validation', { field: 'role' });
      if (typeof input.password !== 'string' || input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH) {
        throw new HttpError(400, 'weak_password', { field: 'password' });
      }
      const name = typeof input.name === 'string' ? input.name.trim() : '';
      if (name.length > MAX_NAME_LENGTH) throw new HttpError(400, 'validation', { field: 'name' });

      const id = randomUUID();
      const passwordHash = await hashPassword(input.password);
      await claimPhone(phone, id);
      const now = new Date().toISOString();
      const account: AccountDoc = {
        _id: ACCOUNT_PREFIX + id, type: 'account', id, role: input.role, phone, name, passwordHash,
        disabled: false, sessionGeneration: 0, createdAt: now, updatedAt: now,
      };
      try {
        await users.put(account);
      } catch (error) {
        await users.get(PHONE_PREFIX + phone).then((claim) => users.remove(claim)).catch(() => undefined);
        throw error;
      }
      const created = toAccount(account);
      for (const listener of listeners) await listener(created);
      return created;
    },

    async get(id) {
      const found = typeof id === 'string' && id ? await doc(id) : null;
      return found ? toAccount(found) : null;
    },

    async findByPhone(phone) {
      const e164 = normalizePhone(phone);
      const found = e164 ? await docByPhone(e164) : null;
      return found ? toAccount(found) : null;
    },

    onCreated(listener) {
      listeners.push(listener);
    },

    async setDisabled(id, disabled) {
      return toAccount(await update(id, (current) => ({ ...current, disabled })));
    },

    async setPassword(id, password) {
      if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
        throw new HttpError(400, 'weak_password', { field: 'password' });
      }
      const passwordHash = await hashPassword(password);
      await update(id, (current) => ({ ...current, passwordHash }));
    },

    async endAllSessions(id) {
      await update(id, (current) => ({
        ...current,
        sessionGeneration: current.sessionGeneration + 1,
        sessionsValidAfter: new Date().toISOString(),
      }));
    },
  };
}

export function toAccount(doc: AccountDoc): Account {
  return { id: doc.id, role: doc.role, phone: doc.phone, name: doc.name, disabled: doc.disabled, createdAt: doc.createdAt };
}
