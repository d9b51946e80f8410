import { randomUUID } from 'node:crypto';
import { isRole, normalizePhone } from '@oblako/domain';
import { HttpError } from '../errors/index';
import { assertWritten, readMany, writeMany } from '../store/bulk';
import type { Account, AccountDoc, AccountListener, Accounts, NewAccount, PendingAccount, PendingResult, PhoneClaimDoc } from './types';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';
import { getOrNull, putUnlessConflict } from '../store/single';

export const ACCOUNT_PREFIX = 'account:';
const PHONE_PREFIX = 'phone:';
const MAX_NAME_LENGTH = 200;
const MAX_UPDATE_ATTEMPTS = 10;
const LISTENER_CONCURRENCY = 250;

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
      for (const listener of listeners) await listener(created, input.details ?? {});
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

    async setPassword(id, password, options = {}) {
      if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
        throw new HttpError(400, 'weak_password', { field: 'password' });
      }
      const passwordHash = await hashPassword(password);
      await update(id, (current) => ({
        ...current,
        passwordHash,
        mustChangePassword: options.oneTime === true,
        sessionGeneration: current.sessionGeneration + 1,
        sessionsValidAfter: new Date().toISOString(),
      }));
    },

    async findManyByPhone(phones) {
      const claims = await readMany<PhoneClaimDoc>(users, phones.map((phone) => PHONE_PREFIX + phone));
      const accounts = await readMany<AccountDoc>(users, [...claims.values()].map((claim) => ACCOUNT_PREFIX + claim.accountId));
      const found = new Map<string, Account>();
      for (const claim of claims.values()) {
        const account = accounts.get(ACCOUNT_PREFIX + claim.accountId);
        if (account && account.phone === claim._id.slice(PHONE_PREFIX.length)) found.set(account.phone, toAccount(account));
      }
      return found;
    },

    async getMany(ids) {
      const docs = await readMany<AccountDoc>(users, ids.map((id) => ACCOUNT_PREFIX + id));
      return new Map([...docs.values()].map((found) => [found.id, toAccount(found)]));
    },

    createPending: (accounts, tag) => createPending(users, accounts, tag),
    discardPending: (accounts, tag) => discardPending(users, accounts, tag),

    async confirmPending(accounts, tag, details = new Map()) {
      // Built from what createPending wrote (same input), not read back: 5,000 reads saved.
      const now = new Date().toISOString();
      const confirmed: Account[] = accounts.map((account) => ({
        id: account.id, role: account.role, phone: account.phone, name: account.name.trim().slice(0, MAX_NAME_LENGTH),
        disabled: false, mustChangePassword: true, createdAt: now,
      }));
      // Several accounts at a time: their listeners' writes then share bulk writes (see the
      // profile module's write batcher) instead of thousands of single writes.
      let next = 0;
      const work = async () => {
        while (next < confirmed.length) {
          const account = confirmed[next++]!;
          for (const listener of listeners) await listener(account, details.get(account.id) ?? {});
        }
      };
      await Promise.all(Array.from({ length: Math.min(LISTENER_CONCURRENCY, confirmed.length) }, work));
      void tag; // the accounts are this import's by construction (the caller's journal)
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
  return {
    id: doc.id, role: doc.role, phone: doc.phone, name: doc.name, disabled: doc.disabled, createdAt: doc.createdAt,
    // Present only when true, like SessionUser: most accounts never have a one-time password.
    ...(doc.mustChangePassword ? { mustChangePassword: true } : {}),
  };
}

/**
 * Bulk import, step 1 (see Accounts.createPending). Phone claims first, with fixed ids, so a
 * phone taken meanwhile (a self-registration) is found, never overwritten; then the accounts.
 */
async function createPending(users: PouchDB.Database, accounts: readonly PendingAccount[], tag: string): Promise<Map<string, PendingResult>> {
  const results = new Map<string, PendingResult>();
  const claimId = (account: PendingAccount) => PHONE_PREFIX + account.phone;
  // Claims written straight away (new phones are the rule); only the conflicts are looked at.
  const first = await writeMany(users, accounts.map((account): PhoneClaimDoc => ({ _id: claimId(account), type: 'phone', accountId: account.id })));
  const failed = first.find((outcome) => !outcome.ok && !outcome.conflict);
  if (failed) throw new Error(`Claiming a phone failed: ${failed.error ?? 'unknown error'}`);
  const conflicting = accounts.filter((_, index) => first[index]!.conflict);
  const claims = await readMany<PhoneClaimDoc>(users, conflicting.map(claimId));
  const owners = await readMany<AccountDoc>(users, [...claims.values()].map((claim) => ACCOUNT_PREFIX + claim.accountId));
  const resumed = new Set<string>();
  const takeOver: PhoneClaimDoc[] = [];
  for (const account of conflicting) {
    const claim = claims.get(claimId(account));
    const owner = claim ? owners.get(ACCOUNT_PREFIX + claim.accountId) : undefined;
    if (claim?.accountId === account.id) resumed.add(account.id); // a resumed import: the claim is ours already
    else if (claim && !owner) takeOver.push({ ...claim, accountId: account.id }); // left by a create that died
    else results.set(account.id, 'phone_taken');
  }
  const takenOver = await writeMany(users, takeOver);
  takeOver.forEach((claim, index) => {
    if (!takenOver[index]!.ok) results.set(claim.accountId, 'phone_taken');
  });
  const written = await readMany<AccountDoc>(users, [...resumed].map((id) => ACCOUNT_PREFIX + id));
  const now = new Date().toISOString();
  const docs: AccountDoc[] = [];
  for (const account of accounts) {
    if (results.has(account.id)) continue;
    const existing = written.get(ACCOUNT_PREFIX + account.id);
    if (existing) {
      results.set(account.id, existing.importTag === tag ? 'already_pending' : 'phone_taken');
      continue;
    }
    docs.push({
      _id: ACCOUNT_PREFIX + account.id, type: 'account', id: account.id, role: account.role, phone: account.phone,
      name: account.name.trim().slice(0, MAX_NAME_LENGTH), passwordHash: '', disabled: false, mustChangePassword: true,
      importTag: tag, sessionGeneration: 0, createdAt: now, updatedAt: now,
    });
    results.set(account.id, 'created');
  }
  assertWritten(await writeMany(users, docs), 'imported accounts');
  return results;
}

/**
 * Bulk import, rollback: only what still carries this import's tag is removed — its accounts,
 * and the phone claims pointing at them (also a claim whose account was never written).
 */
async function discardPending(users: PouchDB.Database, accounts: readonly Pick<PendingAccount, 'id' | 'phone'>[], tag: string): Promise<void> {
  const docs = await readMany<AccountDoc>(users, accounts.map((account) => ACCOUNT_PREFIX + account.id));
  const claims = await readMany<PhoneClaimDoc>(users, accounts.map((account) => PHONE_PREFIX + account.phone));
  const deletions: { _id: string; _rev: string; _deleted: true }[] = [];
  for (const account of accounts) {
    const doc = docs.get(ACCOUNT_PREFIX + account.id);
    if (doc && doc.importTag !== tag) continue; // not this import's
    if (doc) deletions.push({ _id: doc._id, _rev: doc._rev, _deleted: true });
    const claim = claims.get(PHONE_PREFIX + account.phone);
    if (claim && claim.accountId === account.id) deletions.push({ _id: claim._id, _rev: claim._rev, _deleted: true });
  }
  assertWritten(await writeMany(users, deletions), 'discarded accounts');
}
