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
 * readDexieCopy for the instances of one opening of a database (PagedStorageOptions.earlierCopies),
 * with the device's IndexedDB databases listed once: the paged storage asks for every instance it
 * finds empty, on every start (a doctor's device has five: referrals, consultations …), and each
 * `indexedDB.databases()` is a round trip to the browser that waited, one after another, behind
 * the first screen being drawn (bench:page, session 15). A listing kept from the opening's start
 * can only name too many: no page of this app creates a Dexie database, and one deleted since
 * (taken over) is opened as gone (see readDexieCopy).
 */
export function dexieCopyReader(factory: IDBFactory): (databaseName: string, collectionName: string, schema: RxJsonSchema<unknown>) => Promise<EarlierCopy | null> {
  let listed: Promise<readonly IDBDatabaseInfo[]> | null = null;
  const listing = () => {
    listed ??= listDatabases(factory);
    // A failed listing is asked again next time, not kept.
    listed.catch(() => (listed = null));
    return listed;
  };
  return (databaseName, collectionName, schema) => readDexieCopy(factory, databaseName, collectionName, schema, listing);
}

async function listDatabases(factory: IDBFactory): Promise<readonly IDBDatabaseInfo[]> {
  return typeof factory.databases === 'function' ? factory.databases() : [];
}

/**
 * The documents an instance has in RxDB's Dexie storage on this device (the storage before this
 * one), read as that storage hands them to RxDB: every document, deleted ones too, with its
 * revision and `_meta`, so unsent changes and the replication's own records (checkpoints, the
 * master states it assumed) carry on exactly where they were. Null when there is none.
 */
export async function readDexieCopy(
  factory: IDBFactory,
  databaseName: string,
  collectionName: string,
  schema: RxJsonSchema<unknown>,
  listing: () => Promise<readonly IDBDatabaseInfo[]> = () => listDatabases(factory),
): Promise<EarlierCopy | null> {
  const name = `${dexieDatabasePrefix(databaseName)}${schema.version}--${collectionName}`;
  if (!(await listing()).some((database) => database.name === name)) return null;
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
