import type { CollectionPolicy, StoredDoc } from '@oblako/domain';

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
    const result = await db.allDocs({ keys: visibleKeys, include_docs: options.includeDocs });
    for (const row of result.rows) {
      if ('error' in row || !row.value) continue;
      const deleted = row.value.deleted === true;
      let doc: StoredDoc | null | undefined = options.includeDocs ? ((row.doc as StoredDoc | null | undefined) ?? null) : undefined;
      if (deleted && options.includeDocs && options.deletedBodies) {
        doc = (await db.get(row.id, { rev: row.value.rev })) as unknown as StoredDoc;
      }
      if (doc && !policy.canRead(doc)) continue;
      found.set(row.id, {
        id: row.id,
        key: row.id,
        value: { rev: row.value.rev, ...(deleted ? { deleted: true as const } : {}) },
        ...(doc !== undefined ? { doc } : {}),
      });
    }
  }
  const rows = keys.map((key) => found.get(key) ?? { key, error: 'not_found' as const });
  return { total_rows: rows.length, offset: 0, rows };
}
