export { getRxStoragePaged, type PagedStorageOptions } from './paged-storage';
export { deleteIndexedDb, deletePagedDatabase } from './page-file';
export { dexieCopyReader, readDexieCopy } from './from-dexie';
export { PAGED_DATABASE_PREFIX, dexieDatabasePrefix, pagedDatabaseName } from './names';
