import { firstPaintAddresses, firstPaintAddressesKey, firstPaintKey } from './first-paint-copy';

/**
 * Specs only: writes `userId`'s copy of `page` (and its address) straight into localStorage, as
 * an earlier session on this device would have left it. saveFirstPaintCopy writes only the
 * signed-in person's copy; a spec that plants someone else's, to show it is never read, writes
 * it here.
 */
export function plantFirstPaintCopy(page: string, userId: string, value: unknown, address?: string): void {
  localStorage.setItem(firstPaintKey(page, userId), JSON.stringify(value));
  const addresses = firstPaintAddresses(userId);
  if (address !== undefined && !addresses.includes(address)) localStorage.setItem(firstPaintAddressesKey(userId), JSON.stringify([...addresses, address]));
}
