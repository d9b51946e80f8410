/**
 * Whether a failed write failed because the device is out of storage. The browser says so with
 * a DOMException `QuotaExceededError`; Dexie wraps it (`Dexie.QuotaExceededError`, the original
 * in `inner`), and RxDB wraps Dexie's error again (in `parameters`, or a write's `error`). We
 * look through every wrapper, a few levels deep.
 */
export function isQuotaExceeded(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const candidate = error as { name?: unknown; code?: unknown; inner?: unknown; cause?: unknown; parameters?: Record<string, unknown>; innerErrors?: unknown };
  if (candidate.name === 'QuotaExceededError') return true;
  // Older WebKit: code 22 on a DOMException named otherwise.
  if (typeof DOMException !== 'undefined' && error instanceof DOMException && candidate.code === 22) return true;
  const nested: unknown[] = [candidate.inner, candidate.cause];
  if (candidate.parameters) nested.push(...Object.values(candidate.parameters));
  if (Array.isArray(candidate.innerErrors)) nested.push(...candidate.innerErrors);
  if (Array.isArray(error)) nested.push(...error);
  return nested.some((inner) => isQuotaExceeded(inner, depth + 1));
}

/** A change could not be kept on this device: it is out of storage even after freeing what it could. */
export class OutOfStorageError extends Error {
  constructor(readonly original: unknown) {
    super('This device is out of storage');
    this.name = 'OutOfStorageError';
  }
}
