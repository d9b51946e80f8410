import { pagedDatabaseName } from './names';

/**
 * The IndexedDB side of the paged storage (paged-storage.ts): one IndexedDB database per RxDB
 * database, holding each storage instance's documents as a few large records instead of one
 * indexed record per document.
 *  - `log`: what each write stored, appended in order (auto-incremented key, the *sequence*):
 *    `{ instance, primaryPath, docs }`, the documents as written. A first sync's page of 1,000
 *    documents is one record; a page's edit is one small record.
 *  - `pages`: an instance's documents compacted (key `[instance, page]`, `{ primaryPath, docs }`),
 *    written when the log has grown long (compact) and nobody else has the database open.
 * An instance's documents are its pages, then its log records in order, the last state of a
 * document winning.
 */

const LOG = 'log';
const PAGES = 'pages';
const BY_INSTANCE = 'instance';
/** Documents a compacted page holds: large records are what makes IndexedDB fast here. */
export const COMPACTED_PAGE_SIZE = 1000;

export interface StoredDocs {
  primaryPath: string;
  docs: Record<string, unknown>[];
}

interface LogRecord extends StoredDocs {
  instance: string;
}

/** What an instance holds: its documents' last states, and how many log records they took. */
export interface InstanceRead {
  docs: Record<string, unknown>[];
  logRecords: number;
}

/** A log record read back, with its sequence. */
export interface LoggedWrite extends LogRecord {
  sequence: number;
}

export class PageFile {
  private constructor(private readonly idb: IDBDatabase) {}

  static async open(factory: IDBFactory, databaseName: string): Promise<PageFile> {
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(pagedDatabaseName(databaseName), 1);
      request.onupgradeneeded = () => {
        const log = request.result.createObjectStore(LOG, { autoIncrement: true });
        log.createIndex(BY_INSTANCE, 'instance');
        request.result.createObjectStore(PAGES);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error(`${pagedDatabaseName(databaseName)} is blocked by an older version open elsewhere`));
    });
    const file = new PageFile(idb);
    // Deleted elsewhere (another tab removed this person's data): let that deletion go through.
    idb.onversionchange = () => idb.close();
    return file;
  }

  /** The newest sequence in the log (0 when empty). */
  async lastSequence(): Promise<number> {
    const transaction = this.idb.transaction(LOG, 'readonly');
    const cursor = await request(transaction.objectStore(LOG).openKeyCursor(null, 'prev'));
    return cursor ? Number(cursor.key) : 0;
  }

  /**
   * Every document each of these instances holds (pages, then its log; the last state of each)
   * and how many log records it took; in the same transaction, the log records after `sequence`
   * (what other tabs wrote since this tab last looked), for the instances already open. One
   * transaction for all of them: a database opens its collections together, and a transaction
   * each was a wait each for this tab's busy thread (four empty instances took 90 ms on a reload).
   */
  async readMany(instances: readonly string[], sequence: number): Promise<{ read: Map<string, InstanceRead>; others: LoggedWrite[] }> {
    const transaction = this.idb.transaction([PAGES, LOG], 'readonly');
    const log = transaction.objectStore(LOG);
    const after = logAfter(log, sequence);
    const [reads] = await Promise.all([
      Promise.all(
        instances.map(async (instance): Promise<[string, InstanceRead]> => {
          const [pages, logged] = await Promise.all([
            request(transaction.objectStore(PAGES).getAll(instanceRange(instance)) as IDBRequest<StoredDocs[]>),
            request(log.index(BY_INSTANCE).getAll(instance) as IDBRequest<LogRecord[]>),
          ]);
          // The index returns records in key (sequence) order within one instance value.
          return [instance, { docs: lastStates([...pages, ...logged]), logRecords: logged.length }];
        }),
      ),
      request(after.values),
    ]);
    return { read: new Map(reads), others: after.read() };
  }

  /** The log records after `sequence`, in order (what other tabs wrote since this one last looked). */
  async since(sequence: number): Promise<LoggedWrite[]> {
    const after = logAfter(this.idb.transaction(LOG, 'readonly').objectStore(LOG), sequence);
    await request(after.values);
    return after.read();
  }

  /**
   * One write, in one IndexedDB transaction: reads the log records after `sequence` (what other
   * tabs wrote since this tab last looked), hands them to `decide` — synchronously, inside the
   * transaction — which returns what to append (null: nothing), and appends it. Resolves once
   * IndexedDB has committed, with the records read and the new record's sequence. A full disk
   * rejects (QuotaExceededError, thrown by `add` itself or by the transaction's commit).
   * Why one transaction: a separate read before every write cost a round trip each (47 reads
   * beside 31 writes during a first sync, 148 ms).
   */
  writeAfter(sequence: number, instance: string, decide: (others: LoggedWrite[]) => StoredDocs | null): Promise<{ others: LoggedWrite[]; sequence: number | null }> {
    return new Promise((resolve, reject) => {
      try {
        const transaction = this.idb.transaction(LOG, 'readwrite');
        const store = transaction.objectStore(LOG);
        const after = logAfter(store, sequence);
        let others: LoggedWrite[] = [];
        let added: IDBRequest<IDBValidKey> | null = null;
        after.values.onsuccess = () => {
          try {
            others = after.read();
            const stored = decide(others);
            if (stored) added = store.add({ instance, primaryPath: stored.primaryPath, docs: stored.docs } satisfies LogRecord);
          } catch (error) {
            transaction.abort();
            reject(error);
          }
        };
        transaction.oncomplete = () => resolve({ others, sequence: added ? Number(added.result) : null });
        transaction.onerror = () => reject(transaction.error ?? added?.error);
        transaction.onabort = () => reject(transaction.error ?? new DOMException('The write was aborted', 'AbortError'));
      } catch (error) {
        reject(error);
      }
    });
  }

  /** Appends one record (a copy taken over from an earlier storage); resolves with its sequence once committed. */
  append(instance: string, stored: StoredDocs): Promise<number> {
    return this.writeAfter(Number.MAX_SAFE_INTEGER, instance, () => stored).then(({ sequence }) => sequence!);
  }

  /** Rewrites an instance as pages of its current documents and drops its log records: one transaction. */
  compact(instance: string, stored: StoredDocs): Promise<void> {
    return this.write([PAGES, LOG], (transaction) => {
      const pages = transaction.objectStore(PAGES);
      pages.delete(instanceRange(instance));
      for (let page = 0; page * COMPACTED_PAGE_SIZE < stored.docs.length; page++) {
        pages.put({ primaryPath: stored.primaryPath, docs: stored.docs.slice(page * COMPACTED_PAGE_SIZE, (page + 1) * COMPACTED_PAGE_SIZE) } satisfies StoredDocs, [instance, page]);
      }
      deleteLogOf(transaction, instance);
    });
  }

  /** Everything an instance held (RxDB removes an instance: a migrated schema version, a removed collection). */
  remove(instance: string): Promise<void> {
    return this.write([PAGES, LOG], (transaction) => {
      transaction.objectStore(PAGES).delete(instanceRange(instance));
      deleteLogOf(transaction, instance);
    });
  }

  close(): void {
    this.idb.close();
  }

  /** One transaction: all of `body`'s requests, or none. */
  private write(stores: string[], body: (transaction: IDBTransaction) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      let transaction: IDBTransaction | undefined;
      try {
        transaction = this.idb.transaction(stores, 'readwrite');
        const started = transaction;
        body(started);
        started.oncomplete = () => resolve();
        started.onerror = () => reject(started.error);
        started.onabort = () => reject(started.error ?? new DOMException('The write was aborted', 'AbortError'));
      } catch (error) {
        // A request that throws (a full disk: `put` throws QuotaExceededError) does not abort
        // its transaction: the requests queued before it would commit. A compaction on a full
        // disk committed its deletion of the old pages without the new ones, losing them.
        try {
          transaction?.abort();
        } catch {
          // Already finished: nothing was queued.
        }
        reject(error);
      }
    });
  }
}

/** Deletes a whole paged database (a person's data wiped from the device). */
export function deletePagedDatabase(factory: IDBFactory, databaseName: string): Promise<void> {
  return deleteIndexedDb(factory, pagedDatabaseName(databaseName));
}

/** Deletes an IndexedDB database; resolves at once when another tab still has it open (the deletion completes once that tab closes it). */
export function deleteIndexedDb(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deletion = factory.deleteDatabase(name);
    deletion.onsuccess = () => resolve();
    deletion.onerror = () => reject(deletion.error);
    deletion.onblocked = () => resolve();
  });
}

/** The last state of each document across records in order (later records win). */
export function lastStates(records: readonly StoredDocs[]): Record<string, unknown>[] {
  const byId = new Map<unknown, Record<string, unknown>>();
  for (const record of records) for (const doc of record.docs) byId.set(doc[record.primaryPath], doc);
  return [...byId.values()];
}

/**
 * The log records after `sequence`, asked for in the store's transaction: `values` settles after
 * the keys asked for first (requests of a transaction answer in order), then `read` gives the
 * records with their sequences.
 */
function logAfter(log: IDBObjectStore, sequence: number): { values: IDBRequest<LogRecord[]>; read(): LoggedWrite[] } {
  const range = IDBKeyRange.lowerBound(sequence, true);
  const keys = log.getAllKeys(range);
  const values = log.getAll(range) as IDBRequest<LogRecord[]>;
  return { values, read: () => values.result.map((value, index) => ({ ...value, sequence: Number(keys.result[index]) })) };
}

function instanceRange(instance: string): IDBKeyRange {
  // Array keys sort after numbers: [instance, []] is above every [instance, page].
  return IDBKeyRange.bound([instance], [instance, []]);
}

function deleteLogOf(transaction: IDBTransaction, instance: string): void {
  const cursor = transaction.objectStore(LOG).index(BY_INSTANCE).openKeyCursor(instance);
  cursor.onsuccess = () => {
    const at = cursor.result;
    if (!at) return;
    transaction.objectStore(LOG).delete(at.primaryKey);
    at.continue();
  };
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}
