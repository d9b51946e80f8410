import type { StoredDoc } from './types';

/**
 * Store fields that are the store's business. Everything else starting with `_`
 * (`_attachments`, `_revisions`, `_conflicts`, `_meta`, …) is refused on write.
 */
export const STORE_FIELDS: ReadonlySet<string> = new Set(['_id', '_rev', '_deleted']);

/**
 * Ids starting with `_` are the store's own (`_design/…`, `_local/…`): never readable or
 * writable through replication, whatever the role.
 */
export function isReservedId(id: unknown): boolean {
  return typeof id === 'string' && id.startsWith('_');
}

/**
 * The document as RxDB sees it: RxDB's CouchDB replication swaps its primary key for `_id`
 * before pushing (and back after pulling), and keeps `_rev` to itself. Schema checks and a
 * collection's `validate()` run on this view, so the server and the PWA check the same shape.
 */
export function toDocumentData(doc: StoredDoc, primaryKey: string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(doc)) {
    if (!STORE_FIELDS.has(field)) data[field] = value;
  }
  data[primaryKey] = doc._id;
  return data;
}

/** Structural equality for JSON values (what survives a round trip through the store). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  }
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  const aKeys = Object.keys(aRecord).filter((key) => aRecord[key] !== undefined);
  const bKeys = Object.keys(bRecord).filter((key) => bRecord[key] !== undefined);
  return aKeys.length === bKeys.length && aKeys.every((key) => sameJson(aRecord[key], bRecord[key]));
}
