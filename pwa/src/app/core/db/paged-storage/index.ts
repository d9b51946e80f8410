export { getRxStoragePaged, type PagedStorageOptions } from './paged-storage';
export { deletePagedDatabase } from './page-file';
export { readDexieCopy, deleteIndexedDb } from './from-dexie';
export { PAGED_DATABASE_PREFIX, dexieDatabasePrefix, pagedDatabaseName } from './names';
