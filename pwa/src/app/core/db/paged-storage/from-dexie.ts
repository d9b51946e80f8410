import type { RxJsonSchema } from 'rxdb';
import { fromDexieToStorage, getBooleanIndexes } from 'rxdb/plugins/storage-dexie';
import { dexieDatabasePrefix } from './names';
import { deleteIndexedDb } from './page-file';

/** What a device stored before the paged storage: documents to take over, and the old copy's deletion once they are kept. */
export interface EarlierCopy {
  docs: Record<string, unknown>[];
  forget(): Promise<void>;
}

/**
 * The documents an instance has in RxDB's Dexie storage on this device (the storage before this
 * one), read as that storage hands them to RxDB: every document, deleted ones too, with its
 * revision and `_meta`, so unsent changes and the replication's own records (checkpoints, the
 * master states it assumed) carry on exactly where they were. Null when there is none.
 */
export async function readDexieCopy(factory: IDBFactory, databaseName: string, collectionName: string, schema: RxJsonSchema<unknown>): Promise<EarlierCopy | null> {
  const name = `${dexieDatabasePrefix(databaseName)}${schema.version}--${collectionName}`;
  const listed = typeof factory.databases === 'function' ? await factory.databases() : [];
  if (!listed.some((database) => database.name === name)) return null;
  const idb = await new Promise<IDBDatabase | null>((resolve, reject) => {
    const opening = factory.open(name);
    // It was deleted after it was listed (an earlier take-over's deletion, held back until a
    // tab of the app before let go of it): opening would create it again, empty, for good.
    opening.onupgradeneeded = () => opening.transaction?.abort();
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => (opening.error?.name === 'AbortError' ? resolve(null) : reject(opening.error));
  });
  if (!idb) return null;
  try {
    if (!idb.objectStoreNames.contains('docs')) return null;
    const stored = await new Promise<unknown[]>((resolve, reject) => {
      const reading = idb.transaction('docs', 'readonly').objectStore('docs').getAll();
      reading.onsuccess = () => resolve(reading.result);
      reading.onerror = () => reject(reading.error);
    });
    const booleans = getBooleanIndexes(schema as never);
    return {
      docs: stored.map((doc) => fromDexieToStorage(booleans, doc as never) as Record<string, unknown>),
      forget: () => deleteIndexedDb(factory, name),
    };
  } finally {
    idb.close();
  }
}
