import { Injectable } from '@angular/core';
import { isRole, isUserId, type SessionUser } from '@oblako/domain';

export const SESSION_STORAGE_KEY = 'oblako.session';
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
    localStorage.setItem(KEY, JSON.stringify({ id, role, name, phone }));
  }

  clear(): void {
    localStorage.removeItem(KEY);
  }
}

function isSessionUser(value: unknown): value is SessionUser {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return isUserId(v['id']) && isRole(v['role']) && typeof v['name'] === 'string' && typeof v['phone'] === 'string';
}
