import { addRxPlugin, type RxStorage } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { dexieCopyReader, getRxStoragePaged } from './paged-storage';

// No dev-mode plugin, ever: it loads an iframe from the internet and slows every write.
addRxPlugin(RxDBLocalDocumentsPlugin);
addRxPlugin(RxDBLeaderElectionPlugin);
// Devices keep their data across schema versions (CollectionDefinition.migrations).
addRxPlugin(RxDBMigrationSchemaPlugin);

/**
 * Benches only (bench:browser, bench:page): the Dexie storage the app used before the paged one,
 * to measure one against the other in the same run. Never set on a real device: the two do not
 * share data (a device moves from Dexie to pages, not back).
 */
export const DEXIE_STORAGE_FLAG = 'oblako:storage:dexie';

function dexieAskedFor(): boolean {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem(DEXIE_STORAGE_FLAG) !== null;
  } catch {
    return false;
  }
}

/**
 * The device's storage: documents in memory, kept in IndexedDB as a few large records
 * (paged-storage.ts says why); what an updated device kept in the Dexie storage before is taken
 * over on first open.
 */
export const storage: RxStorage<unknown, unknown> = dexieAskedFor() ? getRxStorageDexie() : pagedStorage();

function pagedStorage(): RxStorage<unknown, unknown> {
  return getRxStoragePaged({
    earlierCopies: () => {
      const fromDexie = dexieCopyReader(indexedDB);
      return (params) => fromDexie(params.databaseName, params.collectionName, params.schema as never);
    },
  });
}
