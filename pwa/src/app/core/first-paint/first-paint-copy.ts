/**
 * A page's first-paint copy: a small summary of what the page last showed, kept in localStorage
 * so the page can draw its content at once on the next start, before RxDB's chunk (~290 kB) has
 * loaded and the local query has answered; the live query replaces it moments later.
 *
 * Only the signed-in person's own data, keyed by their id (a copy of someone else is never
 * read), and wiped with the session on sign-out (SessionStore.clear). It holds no more than what
 * IndexedDB on the same device already holds. Never a source of truth: writes go through
 * DataService, and a copy that is missing, unreadable or of another shape is simply not used.
 */
const PREFIX = 'oblako.first-paint.';

function keyOf(page: string, userId: string): string {
  return `${PREFIX}${page}.${userId}`;
}

/** The copy `page` last saved for `userId`, if it passes `isValid`. */
export function readFirstPaintCopy<T>(page: string, userId: string, isValid: (value: unknown) => value is T): T | null {
  try {
    const raw = globalThis.localStorage?.getItem(keyOf(page, userId));
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}

/** Saves what `page` shows now; a full storage only costs the next start its head start. */
export function saveFirstPaintCopy(page: string, userId: string, value: unknown): void {
  try {
    const text = JSON.stringify(value);
    const key = keyOf(page, userId);
    if (globalThis.localStorage?.getItem(key) !== text) globalThis.localStorage?.setItem(key, text);
  } catch {
    // QuotaExceededError or no localStorage: nothing is lost, the page reads RxDB as before.
  }
}

/** Removes every page's copy (sign-out: the next person on this device sees none of it). */
export function forgetFirstPaintCopies(): void {
  try {
    const storage = globalThis.localStorage;
    if (!storage) return;
    const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index)).filter((key): key is string => key?.startsWith(PREFIX) ?? false);
    for (const key of keys) storage.removeItem(key);
  } catch {
    // no localStorage: nothing was saved either
  }
}
