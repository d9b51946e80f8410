import type { WithDeleted } from 'rxdb';
import type { AllDocsRow, CouchDoc } from './couch-types';

export type Doc = Record<string, unknown>;

/**
 * A server document in RxDB's view: the id under the schema's primary key, `_deleted` always
 * set, attachments dropped (files never travel through replication) and the server's `_rev`
 * KEPT. RxDB's own CouchDB plugin deletes `_rev`, which leaves the device unable to tell an
 * older server version from a newer one; RxDB stores it with what it assumes the server holds
 * and the conflict handler compares it (see known-revisions.ts).
 */
export function fromCouch(primaryPath: string, doc: CouchDoc): WithDeleted<Doc> {
  // A plain copy, not `{ ...rest }`: the app's build turns object rest/spread into helpers that
  // copy through property descriptors (Object.defineProperties), which took ~170 ms of the main
  // thread for a doctor's 5,000 records at sign-in (bench/README.md, bench:browser, session 7).
  const copy: Doc = {};
  for (const key of Object.keys(doc)) {
    // `__proto__` is never a field (the schemas refuse it) and must not become a prototype here.
    if (key === '_id' || key === '_attachments' || key === '__proto__') continue;
    copy[key] = (doc as Doc)[key];
  }
  copy[primaryPath] = copy[primaryPath] ?? doc._id;
  copy['_deleted'] = doc._deleted === true;
  return copy as WithDeleted<Doc>;
}

/** A device document as the server stores it, written on top of `baseRev` (none: a new one). */
export function toCouch(primaryPath: string, doc: Readonly<Doc>, baseRev: string | undefined): CouchDoc {
  const { [primaryPath]: id, _rev: _localRev, _meta: _meta, _attachments: _attachments, ...rest } = doc;
  return { ...rest, _id: String(id), ...(baseRev ? { _rev: baseRev } : {}) } as CouchDoc;
}

/**
 * What an `_all_docs` row says the server holds: the document, a tombstone for a deleted one
 * (CouchDB answers `doc: null` there), or null when the server never had it.
 */
export function serverVersion(row: AllDocsRow): CouchDoc | null {
  if (row.doc) return row.doc;
  const id = row.id ?? row.key;
  if (id && row.value?.deleted) return { _id: id, _rev: row.value.rev, _deleted: true };
  return null;
}
