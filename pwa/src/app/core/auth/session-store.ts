import { Injectable } from '@angular/core';
import { isRole, isUserId, type SessionUser } from '@oblako/domain';
import { forgetFirstPaintCopies } from '../first-paint/first-paint-copy';

export const SESSION_STORAGE_KEY = 'oblako.session';
/** The onboarding gate's note that this person accepted the consent (core/session/onboarding-gate.ts). */
export const CONSENT_STORAGE_KEY = 'oblako.consent';
const KEY = SESSION_STORAGE_KEY;

/**
 * Remembers who is signed in on this device: only the non-secret account details (id, role,
 * name, phone), so an offline reload opens straight into the app with the local data. Tokens
 * never go here: the access token lives in memory, the refresh token in an httpOnly cookie.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  load(): SessionUser | null {
    try {
      const raw = localStorage.getItem(KEY);
      if (!raw) return null;
      const value: unknown = JSON.parse(raw);
      return isSessionUser(value) ? value : null;
    } catch {
      return null;
    }
  }

  save(user: SessionUser): void {
    const { id, role, name, phone } = user;
    // The one-time-password state survives a reload: the gate must still ask for a new password.
    localStorage.setItem(KEY, JSON.stringify({ id, role, name, phone, ...(user.mustChangePassword ? { mustChangePassword: true } : {}) }));
  }

  clear(): void {
    localStorage.removeItem(KEY);
    localStorage.removeItem(CONSENT_STORAGE_KEY);
    forgetFirstPaintCopies();
  }
}

/**
 * Whether `userId` is the person this device remembers as signed in now. What keeps a copy of
 * someone's data outside the database asks first (saveFirstPaintCopy, for every page's copy):
 * another tab's sign-out wipes those copies before this tab has closed its data (the storage
 * event comes later), and a copy written in between would outlive the wipe.
 */
export function signedInHere(userId: string): boolean {
  return new SessionStore().load()?.id === userId;
}

function isSessionUser(value: unknown): value is SessionUser {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    isUserId(v['id']) && isRole(v['role']) && typeof v['name'] === 'string' && typeof v['phone'] === 'string' &&
    (v['mustChangePassword'] === undefined || typeof v['mustChangePassword'] === 'boolean')
  );
}
