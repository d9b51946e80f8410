import { SessionStore } from '../core/auth/session-store';

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
