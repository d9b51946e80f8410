/**
 * The HTTP contract of self-registration, password restore and the first-sign-in password
 * change. The server (modules/registration/server + sync-server/src/plugins/auth) implements
 * it; the PWA pages (modules/registration/ui) call it. Errors are ApiError `{code, message,
 * field?, retryAfterSeconds?}` (texts in modules/domain/errors.ts).
 *
 * Flows (the UI is a stepper; every call is JSON):
 *  Register: requestCode {phone, purpose:'register'} → verifyCode → if `registered` is false:
 *            complete {verificationToken, fullName, birthDate, region, timeZone, password}
 *            → SessionResponse (+ refresh cookie, as sign-in) → consent (GET/POST /api/consent) → cabinet.
 *            If `registered` is true: "Этот номер уже зарегистрирован. Войдите или восстановите
 *            пароль" — and the same verificationToken can go straight to restorePassword.
 *  Restore:  requestCode {phone, purpose:'restore'} → verifyCode → restorePassword
 *            {verificationToken, password} → SessionResponse (other devices are signed out).
 *            If `registered` is false: "Этот номер не зарегистрирован" → offer registration
 *            with the same verificationToken.
 *  First sign-in with a one-time password (a referred patient): sign-in answers a session whose
 *            `user.mustChangePassword` is true. Until the password is changed every other API and
 *            /sync answers 403 `password_change_required`; only `GET /api/auth/me`, sign-out,
 *            refresh and `POST /api/auth/password` work. The UI sends the person to the
 *            password page, then to consent (patients), then to the cabinet.
 *
 * Account enumeration (decided): requestCode answers the same for every valid phone and always
 * sends a code — to the phone's owner. Whether the number is registered is told only after the
 * code is verified (verifyCode's `registered`), i.e. only to whoever holds the phone. Sign-in
 * already answers the same 401 for unknown phones. The cost is one SMS per attempt, bounded by
 * the per-phone limits (one code per 60 s, CODE_LIMITS.maxCodesPerPhonePerDay) and per-IP rate limits.
 */
import type { SessionResponse } from '@oblako/domain';

export const REGISTRATION_API = {
  /** POST RequestCodeRequest → 200 CodeChallenge. 429 `code_resend_too_soon` / `code_limit_reached` with retryAfterSeconds. */
  requestCode: '/api/registration/codes',
  /** POST VerifyCodeRequest → 200 PhoneVerification. 400 `code_invalid`, 410 `code_expired`, 429 `code_attempts_exhausted`. */
  verifyCode: '/api/registration/codes/verify',
  /** POST CompleteRegistrationRequest → 201 SessionResponse + refresh cookie. 409 `phone_taken`, 401 `verification_expired`. */
  complete: '/api/registration/accounts',
  /** POST RestorePasswordRequest → 200 SessionResponse + refresh cookie. 404 `phone_not_registered`, 401 `verification_expired`. */
  restorePassword: '/api/registration/password',
  /**
   * POST ChangePasswordRequest (Bearer) → 200 SessionResponse (+ a new refresh cookie; every
   * other session of the account ends). Lives in the auth core: the same as AUTH_API.changePassword.
   */
  changePassword: '/api/auth/password',
} as const;

export const CODE_LIMITS = {
  /** Digits in an SMS code. */
  codeLength: 6,
  codeTtlSeconds: 300,
  /** Wrong codes per challenge; then a new code must be requested. */
  maxAttempts: 5,
  /** A new code for the same phone not sooner than this. */
  resendAfterSeconds: 60,
  /** Codes per phone per 24 h (SMS cost and annoyance to the phone's owner). */
  maxCodesPerPhonePerDay: 10,
  /** How long a verified phone may be used to complete registration or restore. */
  verificationTtlSeconds: 900,
} as const;

export type CodePurpose = 'register' | 'restore';

export interface RequestCodeRequest {
  /** Any usual format; normalised to E.164 (400 `invalid_phone`). */
  phone: string;
  /** Chooses the SMS wording only; the verified phone works for either completion. */
  purpose: CodePurpose;
}

export interface CodeChallenge {
  challengeId: string;
  /** E.164, for "the code was sent to +7 900 123-45-67". */
  phone: string;
  expiresAt: string;
  /** Not before this time may a new code be requested (the "send again" button). */
  resendAvailableAt: string;
  codeLength: number;
  attemptsLeft: number;
}

export interface VerifyCodeRequest {
  challengeId: string;
  /** Six digits. */
  code: string;
}

export interface PhoneVerification {
  /** Single use; proves possession of `phone` for CODE_LIMITS.verificationTtlSeconds. */
  verificationToken: string;
  phone: string;
  expiresAt: string;
  /** Whether an account already uses this phone (told only after the code proved possession). */
  registered: boolean;
}

export interface CompleteRegistrationRequest {
  verificationToken: string;
  /** «Фамилия Имя Отчество», 2–200 characters. */
  fullName: string;
  /** YYYY-MM-DD, in the past, not before 1900. */
  birthDate: string;
  /** Free text (subject of the Russian Federation), 2–200 characters. */
  region: string;
  /** One of RUSSIAN_TIME_ZONES ids, e.g. `Asia/Yekaterinburg`. */
  timeZone: string;
  /** At least 8 characters. */
  password: string;
}

export interface RestorePasswordRequest {
  verificationToken: string;
  password: string;
}

export interface ChangePasswordRequest {
  /** Required unless the account still has a one-time password (`mustChangePassword`). */
  currentPassword?: string;
  newPassword: string;
}

export type RegistrationSession = SessionResponse;

/** Error codes these routes answer with (texts in modules/domain/errors.ts). */
export type RegistrationErrorCode =
  | 'invalid_phone'
  | 'code_invalid'
  | 'code_expired'
  | 'code_attempts_exhausted'
  | 'code_resend_too_soon'
  | 'code_limit_reached'
  | 'verification_expired'
  | 'phone_taken'
  | 'phone_not_registered'
  | 'weak_password'
  | 'password_unchanged'
  | 'current_password_wrong'
  | 'password_change_required'
  | 'validation'
  | 'rate_limited';
