/**
 * The IndexedDB database names a person's data has on a device, on their own (no imports): the
 * sign-in page asks whether the device holds a database before the data layer's code is loaded.
 */

/** The paged storage's: one per RxDB database. */
export const PAGED_DATABASE_PREFIX = 'oblako-pages-';

export function pagedDatabaseName(databaseName: string): string {
  return PAGED_DATABASE_PREFIX + databaseName;
}

/** RxDB's Dexie storage's (the storage before): one per storage instance, `rxdb-dexie-<database>--<version>--<collection>`. */
export function dexieDatabasePrefix(databaseName: string): string {
  return `rxdb-dexie-${databaseName}--`;
}
