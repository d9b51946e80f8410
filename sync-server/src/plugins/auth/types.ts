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
  createdAt: string;
}

export interface NewAccount {
  role: Role;
  /** Any format a person types; stored normalised to E.164. */
  phone: string;
  password: string;
  name: string;
}

export type AccountListener = (account: Account) => Promise<void>;

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
  setPassword(id: string, password: string): Promise<void>;
  /** Ends every session of the account on every device, including access tokens already issued. */
  endAllSessions(id: string): Promise<void>;
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
  passwordHash: string;
  disabled: boolean;
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
