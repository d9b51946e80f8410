import type { RxDocument } from 'rxdb';

/** RxDB's fields on every stored document, which pages never see (RxDocument.toJSON() leaves them out). */
const STORAGE_FIELDS = new Set(['_rev', '_attachments', '_deleted', '_meta']);

/**
 * A document as RxDocument.toJSON() gives it, without RxDB's storage fields, built key by key.
 * toJSON copies the whole document and `delete`s those fields from the copy, which turns every
 * copy into a slow dictionary-mode object: for a list of 5,000 that was 8 ms of copying on a
 * reload, and every later filter and sort over the list read fields through a hash lookup.
 */
export function plainDocument<T>(stored: Readonly<Record<string, unknown>>): T {
  return copyWithout(stored, STORAGE_FIELDS) as T;
}

/**
 * A shallow copy of `doc` without the `dropped` fields, built key by key: `delete` from a copy
 * would turn it into a slow dictionary-mode object for the rest of its life (RxDB's cache, a list).
 */
export function copyWithout<T extends object>(doc: Readonly<T>, dropped: ReadonlySet<string>): T {
  const copy: Record<string, unknown> = {};
  for (const key in doc) if (!dropped.has(key)) copy[key] = (doc as Record<string, unknown>)[key];
  return copy as T;
}

/** plainDocument of an RxDocument's data. */
export function plainOf<T>(doc: RxDocument<Record<string, unknown>>): T {
  return plainDocument<T>(doc._data as Record<string, unknown>);
}
