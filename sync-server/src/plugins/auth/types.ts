import type { Role, SessionUser } from '@oblako/domain';

/** Who made the request, as `app.authenticate` established it (role from the account, not the token). */
export type AuthUser = SessionUser;

/** An account as the rest of the server sees it: never the password hash. */
export interface Account {
  id: string;
  role: Role;
  /** E.164, the sign-in login; unique. */
  phone: string;
  name: string;
  disabled: boolean;
  /** Only a one-time password so far: the person must set their own before anything else (absent: false). */
  mustChangePassword?: boolean;
  createdAt: string;
}

export interface NewAccount {
  role: Role;
  /** Any format a person types; stored normalised to E.164. */
  phone: string;
  password: string;
  name: string;
  /** What the person told about themselves at sign-up, passed to the onCreated listeners (the profile). */
  details?: AccountDetails;
}

/** Facts about a new person that belong to other features (the profile), handed to the listeners. */
export interface AccountDetails {
  /** YYYY-MM-DD. */
  birthDate?: string;
  region?: string;
  /** IANA zone. */
  timeZone?: string;
}

/** `details` is `{}` when the account was made without them (staff, seeds). */
export type AccountListener = (account: Account, details?: AccountDetails) => Promise<void>;

/**
 * An account made by a bulk import (the manager's referral import): a given id, no usable
 * password until credentials are issued by SMS, listeners run only when the import commits.
 */
export interface PendingAccount {
  id: string;
  role: Role;
  /** E.164. */
  phone: string;
  name: string;
}

export type PendingResult = 'created' | 'already_pending' | 'phone_taken';

export interface Accounts {
  /** Creates an account (409 `phone_taken` if the phone is in use), then runs the onCreated listeners. */
  create(input: NewAccount): Promise<Account>;
  get(id: string): Promise<Account | null>;
  /** By phone in any format; null when unknown or not a phone number. */
  findByPhone(phone: string): Promise<Account | null>;
  /** Runs after every successful create, in registration order (e.g. create the patient's profile). */
  onCreated(listener: AccountListener): void;
  /** A disabled account cannot sign in, refresh or use an access token it still holds. */
  setDisabled(id: string, disabled: boolean): Promise<Account>;
  /**
   * Sets the password and ends every session of the account (a changed password signs out
   * the other devices). `oneTime`: a password issued by the service (SMS credentials) that the
   * person must replace at the next sign-in; otherwise the must-change flag is cleared.
   */
  setPassword(id: string, password: string, options?: { oneTime?: boolean }): Promise<void>;
  /** Ends every session of the account on every device, including access tokens already issued. */
  endAllSessions(id: string): Promise<void>;
  /** Accounts by E.164 phone, for many phones at once (a 5,000-row import). Unknown phones are absent. */
  findManyByPhone(phones: readonly string[]): Promise<Map<string, Account>>;
  /** Accounts by id, many at once; unknown ids are absent. */
  getMany(ids: readonly string[]): Promise<Map<string, Account>>;
  /**
   * Bulk import, step 1: claims the phones and writes the accounts, tagged with `tag` (the
   * import id), unusable (no password yet) and unseen by listeners. Idempotent per tag: an
   * account already written by the same tag reports `already_pending`; a phone someone else
   * holds reports `phone_taken`. The caller (the import's journal) knows whether the import
   * committed; the tag stays on the accounts as their provenance.
   */
  createPending(accounts: readonly PendingAccount[], tag: string): Promise<Map<string, PendingResult>>;
  /**
   * Bulk import, rollback before its commit point: deletes the accounts written with `tag`
   * (and their phone claims). Only the import that wrote them may call it, only before it committed.
   */
  discardPending(accounts: readonly Pick<PendingAccount, 'id' | 'phone'>[], tag: string): Promise<void>;
  /**
   * Bulk import, after its commit point: runs the onCreated listeners (which must be idempotent)
   * for the accounts createPending wrote with `tag` (the same list). Safe to repeat after a crash.
   */
  confirmPending(accounts: readonly PendingAccount[], tag: string, details?: ReadonlyMap<string, AccountDetails>): Promise<void>;
}

/** The stored account document in the server-only `users` database. */
export interface AccountDoc {
  _id: string;
  _rev?: string;
  type: 'account';
  id: string;
  role: Role;
  phone: string;
  name: string;
  /** argon2id; '' while an imported account waits for its SMS credentials (no sign-in possible). */
  passwordHash: string;
  disabled: boolean;
  /** True while the password is one the service issued (SMS credentials); see Account. */
  mustChangePassword?: boolean;
  /** The bulk import that created the account (its import id): provenance, and what a rollback removes. */
  importTag?: string;
  /**
   * Tokens carry the generation they were issued in; ending all sessions increments it, which
   * invalidates every access and refresh token at once without listing them (and without
   * depending on clocks of several instances agreeing to the millisecond).
   */
  sessionGeneration: number;
  /** When all sessions were last ended (audit trail for the generation bump). */
  sessionsValidAfter?: string;
  createdAt: string;
  updatedAt: string;
}

/** Fixed-id document that makes a phone number unique across concurrent creates and instances. */
export interface PhoneClaimDoc {
  _id: string;
  _rev?: string;
  type: 'phone';
  accountId: string;
}

/**
 * When a request's session was checked: a longpoll waiting on it re-checks only what may have
 * changed since, which the session and account feeds tell (session-revocations.ts).
 */
export interface SessionCheck {
  /** Until when its access token is accepted (ms since the epoch): the token's expiry. */
  validUntilMs: number;
  /** `SessionRevocations.told` when the check began: anything told after may concern it. */
  toldBefore: number;
}
