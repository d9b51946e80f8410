import { SessionStore } from '../core/auth/session-store';
import { drawsFromFirstPaintCopy } from '../core/first-paint/first-paint-copy';
import { hasPageSnapshot } from '../core/first-paint/page-snapshot';

/** The addresses a person without a session lands on: the sign-in page is all they need. */
const SIGN_IN_PATHS = new Set(['/', '/sign-in']);

/**
 * Which application this page starts: nobody remembered on this device and the address is the
 * sign-in page (or `/`, which leads there) → the light sign-in application; anything else (a
 * remembered session, a module's public page, a deep link, which the full app sends to its own
 * sign-in page and keeps in the address) → the full app.
 */
export function startsWithLightSignIn(pathname: string, sessions: Pick<SessionStore, 'load'> = new SessionStore()): boolean {
  return SIGN_IN_PATHS.has(pathname) && sessions.load() === null;
}

/**
 * The person whose page snapshot a start draws at once (start/first-paint-light.ts), or null: a
 * person is remembered, the address is one whose page last drew from their first-paint copy, a
 * snapshot of theirs is stored, and no service worker serves the app (from its cache the full
 * app draws as soon, and nothing competes for the network).
 */
export function lightFirstPaintUser(pathname: string, sessions: Pick<SessionStore, 'load'> = new SessionStore(), serviceWorker = globalThis.navigator?.serviceWorker): string | null {
  if (serviceWorker?.controller) return null;
  const user = sessions.load();
  return user && drawsFromFirstPaintCopy(pathname, user.id) && hasPageSnapshot(user.id) ? user.id : null;
}
