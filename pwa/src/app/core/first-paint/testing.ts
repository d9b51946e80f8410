import { writeFirstPaintCopy } from './page-copy';

/**
 * Specs only: writes `userId`'s copy of `page` (and its address) straight into localStorage, as
 * an earlier session on this device would have left it. saveFirstPaintCopy writes only the
 * signed-in person's copy; a spec that plants someone else's, to show it is never read, writes
 * it here.
 */
export function plantFirstPaintCopy(page: string, userId: string, value: unknown, address?: string): void {
  writeFirstPaintCopy(localStorage, page, userId, value, address);
}
