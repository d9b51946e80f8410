import { mkdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import PouchDB from 'pouchdb-node';

/**
 * The one way server code reaches stored data: PouchDB databases by logical name. The same API
 * whether the data lives in embedded LevelDB files or in Apache CouchDB 3 (the scale-out path),
 * so no caller knows or cares which.
 */
export interface Store {
  /** The database `name` (a logical name such as `users` or a collection name), opened once and cached. */
  db(name: string): PouchDB.Database;
  /** The physical database name: the configured prefix + the logical name. */
  dbName(name: string): string;
  /** Resolves when the store answers; rejects when it does not (health checks). */
  ping(): Promise<void>;
  /** Closes every database opened through db(). */
  close(): Promise<void>;
}

export interface StoreOptions {
  dataDir: string;
  couchUrl?: string;
  dbPrefix: string;
}

/** Logical names: what collections and server databases are called. */
export const DB_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

export function createStore(options: StoreOptions): Store {
  const open = databaseFactory(options);
  const databases = new Map<string, PouchDB.Database>();
  let closed = false;

  const dbName = (name: string): string => {
    if (!DB_NAME_PATTERN.test(name)) throw new Error(`Invalid database name "${name}"`);
    return `${options.dbPrefix}${name}`;
  };

  const db = (name: string): PouchDB.Database => {
    if (closed) throw new Error('The store is closed');
    let database = databases.get(name);
    if (!database) {
      database = open(dbName(name));
      databases.set(name, database);
    }
    return database;
  };

  return {
    db,
    dbName,
    async ping() {
      await db('users').info();
    },
    async close() {
      closed = true;
      const open = [...databases.values()];
      databases.clear();
      await Promise.allSettled(open.map((database) => database.close()));
    },
  };
}

function databaseFactory(options: StoreOptions): (physicalName: string) => PouchDB.Database {
  if (options.couchUrl) {
    const base = options.couchUrl.replace(/\/+$/, '');
    return (physicalName) => new PouchDB(`${base}/${encodeURIComponent(physicalName)}`);
  }
  const directory = join(options.dataDir, 'db');
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const LocalPouchDB = PouchDB.defaults({ prefix: `${directory}${sep}` });
  return (physicalName) => new LocalPouchDB(physicalName);
}
