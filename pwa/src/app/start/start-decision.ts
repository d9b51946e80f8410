import { SessionStore } from '../core/auth/session-store';
import { startsFromFirstPaintCopy } from '../core/first-paint/first-paint-copy';
import { HANDSET_QUERY, lightPaintReleased, readPageSnapshot, type PageSnapshot } from '../core/first-paint/page-snapshot';
import { readStoredLanguage } from '../core/i18n/stored-language';

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
 * The page snapshot a start draws at once (start/first-paint-light.ts), or null: a person is
 * remembered, the address is one whose page last drew from their first-paint copy, a snapshot of
 * theirs recorded there in the language and layout (phone or wider) of this start, no service
 * worker serving the app (from its cache the full app draws as soon, and nothing competes for
 * the network), and not already released by the full app. Read here, in main, so that the
 * light paint's chunk needs nothing else.
 */
export function lightFirstPaintSnapshot(
  pathname: string,
  sessions: Pick<SessionStore, 'load'> = new SessionStore(),
  serviceWorker = globalThis.navigator?.serviceWorker,
  document: Document = globalThis.document,
): PageSnapshot | null {
  if (lightPaintReleased(document)) return null;
  const user = sessions.load();
  if (!user || !startsFromFirstPaintCopy(pathname, user.id, serviceWorker)) return null;
  const snapshot = readPageSnapshot(user.id, pathname);
  if (!snapshot || snapshot.language !== readStoredLanguage() || snapshot.handset !== globalThis.matchMedia?.(HANDSET_QUERY).matches) return null;
  return snapshot;
}
