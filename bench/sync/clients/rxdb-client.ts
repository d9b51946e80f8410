/**
 * The client the PWA runs: RxDB 17 with the Dexie storage (here on fake-indexeddb, a fresh
 * in-memory IndexedDB per run) and RxDB's CouchDB replication, one-shot (`live: false`,
 * `waitForLeadership: false`). Only the replication is timed, not opening the database.
 */
import { createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { replicateCouchDB, type RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { recordSchema, type StoredRecord } from '../records';
import { authorizedFetch, verifyPushed, withTimeout, type Endpoint, type Measured } from './endpoint';

export interface RunOptions {
  batchSize: number;
  timeoutMs: number;
}

let databaseCounter = 0;

// RxDB prints a one-time advert for its paid storages on the first Dexie write; it is not a
// finding of the bench, so it is kept out of the figures (see bench/README.md).
const RXDB_NOTICE = '-------------- RxDB Open Core RxStorage';
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith(RXDB_NOTICE)) return;
  warn(...args);
};

async function openFreshDatabase(): Promise<{ db: RxDatabase; records: RxCollection }> {
  const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange });
  // One tab: no cross-tab broadcast in Node. Same settings for every server.
  const db = await createRxDatabase({ name: `bench-${process.pid}-${++databaseCounter}`, storage, multiInstance: false, eventReduce: true });
  const collections = await db.addCollections({ records: { schema: recordSchema as unknown as RxJsonSchema<unknown> } });
  return { db, records: collections['records']! };
}

/** Runs a one-shot replication to completion; any replication error fails the run at once. */
async function runToCompletion(state: RxCouchDBReplicationState<unknown>, options: RunOptions, what: string): Promise<void> {
  const failed = new Promise<never>((_, reject) => {
    state.error$.subscribe((error) => reject(new Error(`${what}: ${error.message ?? error}`, { cause: error })));
  });
  await withTimeout(Promise.race([state.awaitInitialReplication(), failed]), options.timeoutMs, what);
}

/** Pulls every document into a fresh client; returns the milliseconds the replication took. */
export async function rxdbPull(endpoint: Endpoint, expectedDocs: number, options: RunOptions): Promise<Measured> {
  const { db, records } = await openFreshDatabase();
  try {
    const started = performance.now();
    const state = replicateCouchDB({
      replicationIdentifier: `bench-pull-${databaseCounter}`,
      collection: records,
      url: endpoint.url,
      fetch: authorizedFetch(endpoint),
      live: false,
      waitForLeadership: false,
      pull: { batchSize: options.batchSize },
    });
    try {
      await runToCompletion(state, options, 'RxDB pull');
    } finally {
      await state.cancel();
    }
    const elapsed = performance.now() - started;
    const count = await records.count().exec();
    if (count !== expectedDocs) throw new Error(`RxDB pull stored ${count} documents, expected ${expectedDocs}`);
    return { ms: elapsed };
  } finally {
    await db.close();
  }
}

/** Pushes `docs` (written locally first, not timed) from a fresh client; returns the milliseconds. */
export async function rxdbPush(endpoint: Endpoint, docs: readonly StoredRecord[], options: RunOptions): Promise<Measured> {
  const { db, records } = await openFreshDatabase();
  try {
    await records.bulkInsert(docs.map(({ _id, ...rest }) => ({ id: _id, ...rest })));
    const started = performance.now();
    const state = replicateCouchDB({
      replicationIdentifier: `bench-push-${databaseCounter}`,
      collection: records,
      url: endpoint.url,
      fetch: authorizedFetch(endpoint),
      live: false,
      waitForLeadership: false,
      push: { batchSize: options.batchSize },
    });
    try {
      await runToCompletion(state, options, 'RxDB push');
    } finally {
      await state.cancel();
    }
    const elapsed = performance.now() - started;
    return { ms: elapsed, verify: verifyPushed(endpoint, docs.map((doc) => doc._id), 'RxDB push') };
  } finally {
    await db.close();
  }
}
