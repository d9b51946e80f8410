/**
 * A page's first-paint copy: a small summary of what the page last showed, kept in localStorage
 * so the page can draw its content at once on the next start, before RxDB's chunk (~290 kB) has
 * loaded and the local query has answered; the live query replaces it moments later.
 *
 * Only the signed-in person's own data, keyed by their id (a copy of someone else is never
 * read), and wiped with the session on sign-out (SessionStore.clear). It holds no more than what
 * IndexedDB on the same device already holds. Never a source of truth: writes go through
 * DataService, and a copy that is missing, unreadable or of another shape is simply not used.
 *
 * This file holds what the start bundle needs (the sign-out wipe, FirstPageDrawn's question);
 * the pages read and write their copies with page-copy.ts, which loads with them.
 */
const PREFIX = 'oblako.first-paint.';
/** The addresses whose page a person has a copy of: one small list per person, wiped with the copies. */
const ADDRESSES = '@addresses';

export function firstPaintKey(page: string, userId: string): string {
  return `${PREFIX}${page}.${userId}`;
}

export function firstPaintAddressesKey(userId: string): string {
  return firstPaintKey(ADDRESSES, userId);
}

/** The addresses (`/consultations`) whose page last drew from a copy of `userId`. */
export function firstPaintAddresses(userId: string): string[] {
  try {
    const value: unknown = JSON.parse(globalThis.localStorage?.getItem(firstPaintAddressesKey(userId)) ?? '[]');
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/** `path` as the copies record addresses: a trailing `/` ignored. */
export function firstPaintAddress(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** Whether the page at `path` last drew from a first-paint copy of `userId`. */
export function drawsFromFirstPaintCopy(path: string, userId: string): boolean {
  return firstPaintAddresses(userId).includes(firstPaintAddress(path));
}

/**
 * Whether this start draws its first screen from `userId`'s copy (nobody remembered: no): its
 * page at `path` last drew from one, and no service worker serves the app — from its cache the
 * full app draws as soon, and nothing competes for the network. FirstPageDrawn holds work back
 * then, and main draws the page's snapshot (start-decision.ts).
 */
export function startsFromFirstPaintCopy(path: string, userId: string | undefined, serviceWorker: ServiceWorkerContainer | undefined): boolean {
  return !serviceWorker?.controller && userId !== undefined && drawsFromFirstPaintCopy(path, userId);
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
