import { signedInHere } from '../auth/session-store';
import { firstPaintAddresses, firstPaintAddressesKey, firstPaintKey } from './first-paint-copy';

/** The copy `page` last saved for `userId`, if it passes `isValid` (see first-paint-copy.ts). */
export function readFirstPaintCopy<T>(page: string, userId: string, isValid: (value: unknown) => value is T): T | null {
  try {
    const raw = globalThis.localStorage?.getItem(firstPaintKey(page, userId));
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Saves what `page` shows now; a full storage only costs the next start its head start.
 * Only while `userId` is the one signed in on this device: another tab's sign-out wipes the
 * copies before this tab has closed its data (the storage event comes later), and a live change
 * in between would write a copy that outlives the wipe (a patient's data left on a shared device).
 * Asked here, so no page can forget it.
 * `address`: the path the page is drawn at (`/consultations`), so that a start at that address
 * knows its first screen needs no data layer to draw (FirstPageDrawn).
 */
export function saveFirstPaintCopy(page: string, userId: string, value: unknown, address?: string): void {
  try {
    const storage = globalThis.localStorage;
    if (!storage || !signedInHere(userId)) return;
    writeFirstPaintCopy(storage, page, userId, value, address);
  } catch {
    // QuotaExceededError or no localStorage: nothing is lost, the page reads RxDB as before.
  }
}

/**
 * Writes `userId`'s copy of `page` and remembers its address, asking nobody who is signed in:
 * pages save through saveFirstPaintCopy; specs plant someone else's copy with it (testing.ts).
 */
export function writeFirstPaintCopy(storage: Storage, page: string, userId: string, value: unknown, address?: string): void {
  const text = JSON.stringify(value);
  const key = firstPaintKey(page, userId);
  if (storage.getItem(key) !== text) storage.setItem(key, text);
  const addresses = firstPaintAddresses(userId);
  if (address !== undefined && !addresses.includes(address)) storage.setItem(firstPaintAddressesKey(userId), JSON.stringify([...addresses, address]));
}
