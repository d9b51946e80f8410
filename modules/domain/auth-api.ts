import type { Role } from './roles';

/**
 * The HTTP contract of sign-in, shared by the server (which implements it) and the PWA
 * (which calls it). The refresh token never reaches JavaScript: it travels in an httpOnly
 * cookie scoped to AUTH_COOKIE_PATH.
 */
export const AUTH_API = {
  signIn: '/api/auth/sign-in',
  refresh: '/api/auth/refresh',
  signOut: '/api/auth/sign-out',
  signOutEverywhere: '/api/auth/sign-out-everywhere',
  me: '/api/auth/me',
  /** POST {currentPassword?, newPassword} (Bearer) → SessionResponse; ends the account's other sessions. */
  changePassword: '/api/auth/password',
} as const;

export const AUTH_COOKIE_NAME = 'oblako_refresh';
export const AUTH_COOKIE_PATH = '/api/auth';
/** Sent with cookie-authenticated calls: a cross-site form cannot set it (CSRF guard). */
export const CLIENT_HEADER = 'x-oblako-client';

export interface SessionUser {
  id: string;
  role: Role;
  /** E.164, the sign-in login. */
  phone: string;
  /** Full name for the header and greetings; may be empty for a fresh self-registration. */
  name: string;
  /**
   * True while the account has only a one-time password (a referred patient's first sign-in,
   * credentials resent by a manager): the person must set their own password first; until
   * then the server answers every other API with 403 `password_change_required`.
   * Absent means false.
   */
  mustChangePassword?: boolean;
}

export interface SignInRequest {
  phone: string;
  password: string;
}

export interface SessionResponse {
  accessToken: string;
  /** ISO time the access token stops working; the client refreshes a little before. */
  accessTokenExpiresAt: string;
  user: SessionUser;
}

export interface ChangePasswordRequest {
  /** Required unless the account has a one-time password (`mustChangePassword`). */
  currentPassword?: string;
  newPassword: string;
}
