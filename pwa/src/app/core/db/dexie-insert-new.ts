import { randomToken, type EventBulk, type RxDocumentData, type RxStorageChangeEvent, type RxStorageInstance } from 'rxdb';
import { fromStorageToDexie } from 'rxdb/plugins/storage-dexie';
import type { Subject } from 'rxjs';

type Data = RxDocumentData<Record<string, unknown>>;

/** What RxDB's Dexie storage instance holds at run time (rxdb 17.6 rx-storage-instance-dexie.ts). */
interface DexieInstanceInside {
  primaryPath: string;
  closed?: unknown;
  internals: Promise<{
    dexieDb: { transaction(mode: 'rw', table: unknown, scope: () => Promise<void>): Promise<void> };
    dexieTable: { bulkAdd(rows: unknown[]): Promise<unknown> };
    booleanIndexes: string[];
  }>;
  changes$: Subject<EventBulk<RxStorageChangeEvent<Data>, unknown>>;
}

/** Whether `instance` is RxDB's Dexie storage instance, which `insertNew` writes into. */
export function canInsertNew(instance: RxStorageInstance<Record<string, unknown>, unknown, unknown>): boolean {
  const inside = instance as unknown as Partial<DexieInstanceInside>;
  return inside.internals instanceof Promise && typeof inside.primaryPath === 'string' && typeof inside.changes$?.next === 'function';
}

/**
 * Inserts documents this device is not expected to hold (a first sync from an empty
 * collection), each with one IndexedDB `add`, which refuses an id the table already holds —
 * instead of RxDB's `bulkWrite`, which reads every id of the page first to tell inserts from
 * updates. The change events are RxDB's own for an insert (its storage emits none for a deleted
 * document), with the same checkpoint, so the collection, its queries and the other tabs see
 * the page as after `bulkWrite`. Returns the ids refused: already on the device; the caller
 * writes those through `bulkWrite` (a 409 with the stored document, as always).
 */
export async function insertNew(
  instance: RxStorageInstance<Record<string, unknown>, unknown, unknown>,
  documents: readonly Data[],
  context: string,
): Promise<Set<string>> {
  const inside = instance as unknown as DexieInstanceInside;
  if (inside.closed) throw new Error(`insertNew: the storage instance of ${instance.collectionName} is closed`);
  const { dexieDb, dexieTable, booleanIndexes } = await inside.internals;
  const id = (document: Data) => String(document[inside.primaryPath]);
  const refused = new Set<string>();
  const rows = documents.map((document) => fromStorageToDexie(booleanIndexes, document));
  await dexieDb.transaction('rw', dexieTable, async () => {
    try {
      await dexieTable.bulkAdd(rows);
    } catch (error) {
      // Dexie adds the others and reports each refused row; anything but an existing id (a full
      // disk) is thrown as it came, and the transaction stores nothing.
      const failures = (error as { name?: string; failuresByPos?: Record<number, { name?: string }> }).failuresByPos;
      if ((error as { name?: string }).name !== 'BulkError' || !failures) throw error;
      for (const [position, failure] of Object.entries(failures)) {
        if (failure?.name !== 'ConstraintError') throw error;
        refused.add(id(documents[Number(position)]!));
      }
    }
  });
  const events: RxStorageChangeEvent<Data>[] = [];
  let newest: Data | undefined;
  for (const document of documents) {
    if (refused.has(id(document))) continue;
    newest = document;
    if (!document._deleted) events.push({ documentId: id(document), operation: 'INSERT', documentData: document, previousDocumentData: undefined });
  }
  if (events.length > 0 && newest) {
    inside.changes$.next({ id: randomToken(10), events, checkpoint: { id: id(newest), lwt: newest._meta.lwt }, context });
  }
  return refused;
}
