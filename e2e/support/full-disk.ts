import type { Page } from 'playwright-core';

/**
 * Init script: while `globalThis.__diskFull` is set, IndexedDB refuses writes as a full disk does.
 * (Plain JavaScript text: tsx would wrap a function's inner functions in a helper the page lacks.)
 */
export const SIMULATE_FULL_DISK = `
  for (const method of ['put', 'add']) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (...args) {
      if (globalThis.__diskFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args);
    };
  }
`;

/** A full phone (true) or room again (false), for a page that has SIMULATE_FULL_DISK. */
export async function setDiskFull(page: Page, full: boolean): Promise<void> {
  await page.evaluate((value) => ((globalThis as { __diskFull?: boolean }).__diskFull = value), full);
}
