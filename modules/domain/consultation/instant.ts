/** An instant as callers have it: a Date, an ISO string or epoch milliseconds. */
export type Instant = Date | string | number;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds, or NaN when the value is not an instant. */
export function instantMs(value: Instant): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  return isIsoTime(value) ? Date.parse(value) : Number.NaN;
}

/** An RFC 3339 date-time with an explicit offset (what the schemas' `date-time` format accepts). */
export function isIsoTime(value: unknown): value is string {
  return typeof value === 'string' && RFC3339.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Exactly what `Date.toISOString()` writes. Slots must be in this one spelling so that equal
 * times are equal strings (comparisons, booking keys, the store's indexes).
 */
export function isCanonicalInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !isIsoTime(value)) return false;
  return new Date(value).toISOString() === value;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
