import type { BulkWriteRow, EventBulk, RxDocumentData, RxStorageBulkWriteResponse, RxStorageChangeEvent, RxStorageInstance } from 'rxdb';
import type { Subject } from 'rxjs';
import type { Doc } from './couch-docs';

/** A device flag (localStorage) that stores first-sync pages with RxDB's own `bulkWrite`: for bench:browser's A/B only. */
export const STORAGE_BULK_WRITE_KEY = 'oblako:first-sync:storage-bulk-write';

/** What RxDB's Dexie storage instance holds (rxdb 17.6 `RxStorageInstanceDexie`), read duck-typed. */
interface DexieInternals {
  dexieDb: { transaction(mode: 'rw', table: unknown, scope: () => Promise<void>): Promise<void> };
  dexieTable: { bulkAdd(items: readonly unknown[]): Promise<unknown> };
  booleanIndexes: string[];
}
interface DexieStorageInstance {
  internals: Promise<DexieInternals>;
  changes$: Subject<EventBulk<RxStorageChangeEvent<RxDocumentData<Doc>>, unknown>>;
  primaryPath: string;
}

let bulkCounter = 0;

/**
 * Adds a first-sync page of new documents to RxDB's Dexie table in one transaction, without
 * the read RxDB's `bulkWrite` does first (it fetches every id of the page to compare: on an empty
 * collection 1,000 IndexedDB reads that find nothing). IndexedDB's `add` itself refuses an id
 * the table holds (a page stored by a run whose tab closed before it recorded it): those come
 * back as 409 errors with the stored copy, as RxDB's `bulkWrite` reports them, and the rest are
 * stored. Then the same change event RxDB's `bulkWrite` emits (the collection, its queries and
 * the other tabs see the documents). Undefined when the storage is not RxDB's Dexie storage.
 */
export async function addToEmptyStorage(
  storage: RxStorageInstance<Doc, unknown, unknown, unknown>,
  rows: BulkWriteRow<Doc>[],
  context: string,
): Promise<RxStorageBulkWriteResponse<Doc> | undefined> {
  const instance = storage as unknown as Partial<DexieStorageInstance>;
  if (!instance.internals || !instance.changes$ || !instance.primaryPath) return undefined;
  const state = await instance.internals;
  if (!state?.dexieDb || !state.dexieTable || !Array.isArray(state.booleanIndexes)) return undefined;
  // RxDB's Dexie storage keeps indexed booleans as '1'/'0' (IndexedDB cannot index booleans);
  // a nested one is left to RxDB's own bulkWrite.
  if (state.booleanIndexes.some((path) => path.includes('.'))) return undefined;
  const primaryPath = instance.primaryPath;
  const refused = new Set<number>();
  await state.dexieDb.transaction('rw', state.dexieTable, async () => {
    try {
      await state.dexieTable.bulkAdd(rows.map((row) => asStored(state.booleanIndexes, row.document)));
    } catch (error) {
      // Caught inside the transaction: the rows that were added stay (Dexie's BulkError).
      const byPosition = (error as { name?: string; failuresByPos?: Record<number, { name?: string }> }).failuresByPos;
      if ((error as { name?: string }).name !== 'BulkError' || !byPosition) throw error;
      for (const [position, failure] of Object.entries(byPosition)) {
        // Anything but "that id is there" (a full disk, …) fails the page as it is, unwrapped.
        if (failure?.name !== 'ConstraintError') throw failure ?? error;
        refused.add(Number(position));
      }
    }
  });
  const errors: RxStorageBulkWriteResponse<Doc>['error'] = [];
  if (refused.size > 0) {
    const ids = [...refused].map((position) => String(rows[position]!.document[primaryPath]));
    const stored = new Map((await storage.findDocumentsById(ids, true)).map((document) => [String(document[primaryPath]), document]));
    for (const position of refused) {
      const writeRow = rows[position]!;
      const documentId = String(writeRow.document[primaryPath]);
      errors.push({ status: 409, isError: true, documentId, writeRow, documentInDb: stored.get(documentId)!, context });
    }
  }
  // As RxDB's bulkWrite: an event per inserted document that is not a tombstone; the checkpoint is the last row written.
  const events: RxStorageChangeEvent<RxDocumentData<Doc>>[] = [];
  let newest: RxDocumentData<Doc> | undefined;
  rows.forEach((row, position) => {
    if (refused.has(position)) return;
    newest = row.document;
    if (row.document._deleted) return;
    events.push({ documentId: String(row.document[primaryPath]), operation: 'INSERT', documentData: row.document, previousDocumentData: undefined });
  });
  if (events.length > 0 && newest) {
    instance.changes$.next({
      id: `${context}-${Date.now().toString(36)}-${++bulkCounter}`,
      events,
      checkpoint: { id: newest[primaryPath], lwt: newest._meta.lwt },
      context,
    });
  }
  return { error: errors };
}

/**
 * A document as RxDB's Dexie storage stores it (its `fromStorageToDexie`, not imported: that
 * module loads Dexie, which must not happen before a test's fake IndexedDB): the indexed
 * booleans as '1'/'0'. Its other step, renaming keys that start with `|`, is for RxDB's key
 * compression, which the app does not use (a module's schema names its fields).
 */
function asStored(booleanIndexes: readonly string[], document: RxDocumentData<Doc>): Record<string, unknown> {
  const stored: Record<string, unknown> = { ...document };
  for (const path of booleanIndexes) stored[path] = document[path] ? '1' : '0';
  return stored;
}
