import { addRxPlugin, type RxStorage } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';

// No dev-mode plugin, ever: it loads an iframe from the internet and slows every write.
addRxPlugin(RxDBLocalDocumentsPlugin);
addRxPlugin(RxDBLeaderElectionPlugin);
// Devices keep their data across schema versions (CollectionDefinition.migrations).
addRxPlugin(RxDBMigrationSchemaPlugin);

/** IndexedDB through Dexie: the only storage the app uses in the browser. */
export const storage: RxStorage<unknown, unknown> = getRxStorageDexie();
