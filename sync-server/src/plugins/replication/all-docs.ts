import type { CollectionPolicy, StoredDoc } from '@oblako/domain';
import { readStates } from '../store/bulk';

export interface AllDocsRow {
  id?: string;
  key: unknown;
  value?: { rev: string; deleted?: true };
  doc?: StoredDoc | null;
  error?: 'not_found';
}

export interface AllDocsOptions {
  includeDocs: boolean;
  /**
   * RxDB asks with `deleted: 'ok'` before pushing: it then gets the body of a deleted document
   * and can see that the server deleted what the device edited (a conflict to resolve) instead
   * of silently recreating it.
   */
  deletedBodies: boolean;
}

/**
 * `_all_docs` by keys: a visible document as CouchDB shows it, and the same `not_found` row
 * for a missing document and for one the viewer may not see, so asking never reveals whether
 * someone else's document exists.
 */
export async function readByKeys(
  db: PouchDB.Database,
  policy: CollectionPolicy,
  keys: readonly string[],
  options: AllDocsOptions,
): Promise<{ total_rows: number; offset: 0; rows: AllDocsRow[] }> {
  const visibleKeys = [...new Set(keys.filter((key) => policy.canReadId(key)))];
  const found = new Map<string, AllDocsRow>();
  if (visibleKeys.length > 0) {
    const states = await readStates<StoredDoc>(db, visibleKeys);
    for (const [id, state] of states) {
      const deleted = state.kind === 'deleted';
      const rev = state.kind === 'live' ? state.doc._rev : state.rev;
      let doc: StoredDoc | null | undefined = options.includeDocs ? (state.kind === 'live' ? state.doc : null) : undefined;
      if (deleted && options.includeDocs && options.deletedBodies) {
        doc = (await db.get(id, { rev })) as unknown as StoredDoc;
      }
      if (doc && !policy.canRead(doc)) continue;
      found.set(id, {
        id,
        key: id,
        value: { rev, ...(deleted ? { deleted: true as const } : {}) },
        ...(doc !== undefined ? { doc } : {}),
      });
    }
  }
  const rows = keys.map((key) => found.get(key) ?? { key, error: 'not_found' as const });
  return { total_rows: rows.length, offset: 0, rows };
}
