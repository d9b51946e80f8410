import { RXDB_VERSION, categorizeBulkWriteRows, type BulkWriteRow, type RxDocumentData, type RxStorage, type RxStorageInstance, type RxStorageInstanceCreationParams } from 'rxdb';
import { createMemoryStorageInstance, getMemoryCollectionKey, type RxStorageInstanceMemory, type RxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { EarlierCopy } from './from-dexie';
import { LazyIndexes } from './lazy-indexes';
import { OpeningBatches } from './opening-batches';
import { PageFile, type InstanceRead, type LoggedWrite } from './page-file';
import { SharedOpenings } from './shared-openings';
import { writeLock, type WriteLock } from './write-lock';

/**
 * The device's RxDB storage: every document in memory (RxDB's memory storage: its indexes, its
 * queries), kept in IndexedDB as a few large records (PageFile) written before a write is
 * answered. Why not RxDB's Dexie storage: a record per document with five IndexedDB indexes
 * made a first sync of 5,000 documents cost 1.23 s in the storage alone (bench:browser
 * `rxdbFloor`, 2.18× a bare fetch + Dexie bulkPut), where these pages cost 0.35 s. The price:
 * a database is read whole into memory when it opens (bench:page measures the reload).
 *
 * Every tab holds its own copy in memory. Writes go one at a time across tabs (WriteLock):
 * a write first reads what other tabs appended to the log since this tab last looked, so its
 * conflict check sees their writes, then appends its own and tells the other tabs
 * (BroadcastChannel), which read it into their copy and emit it to their queries.
 */
export interface PagedStorageOptions {
  /** IndexedDB (Node's tests pass fake-indexeddb's). */
  indexedDB?: IDBFactory;
  /** An instance with more log records than this is compacted when it opens and no other tab has the database open. */
  compactAfter?: number;
  /**
   * What an instance holds in an earlier storage on this device, taken over when the paged
   * storage has nothing of it yet (a device updated from the Dexie storage: readDexieCopy).
   */
  earlierCopy?: (params: Params) => Promise<EarlierCopy | null>;
  /**
   * As `earlierCopy`, made anew for each opening of a database, so what it learns once (the
   * device's list of databases: dexieCopyReader) serves all of that opening's instances.
   */
  earlierCopies?: () => (params: Params) => Promise<EarlierCopy | null>;
}

type Doc = RxDocumentData<Record<string, unknown>>;
type Memory = RxStorageInstanceMemory<Record<string, unknown>>;
type Params = RxStorageInstanceCreationParams<Record<string, unknown>, unknown>;

const DEFAULT_COMPACT_AFTER = 64;
const OTHER_TAB_CONTEXT = 'paged-storage-other-tab';

/** One open instance's documents in this tab: the memory state every RxDB instance of it shares. */
interface OpenInstance {
  /** A memory instance of our own over the shared state: other tabs' writes are applied through it. */
  applier: Memory;
  primaryPath: string;
  /** Its indexes, built when first needed (shared by every RxDB instance of it, as the memory state is). */
  indexes: LazyIndexes;
}

/** One RxDB database's paged file as this tab has it open. */
class PagedDatabase {
  /** The instances this tab has open or is opening. */
  readonly instances = new SharedOpenings<OpenInstance>();
  /** Set under the write lock once an instance is read from the file: from then on catchUp applies other tabs' writes to it. */
  readonly loaded = new Map<string, OpenInstance>();
  /** Instances asked to open together are read together (one transaction). */
  readonly openings: OpeningBatches<OpenInstance>;
  private readonly channel: BroadcastChannel | null;
  private catchingUp: Promise<void> | null = null;
  private closed = false;
  constructor(
    readonly name: string,
    readonly file: PageFile,
    readonly lock: WriteLock,
    private readonly releaseOpen: () => void,
    /**
     * The newest log record this tab has read (its own, or another tab's). Known before the
     * channel listens: set after, it could overwrite a catch-up's newer one with the open's older
     * read (the writes between then applied twice).
     */
    public lastSequence: number,
    /** What an instance held in an earlier storage (PagedStorageOptions): asked for every instance found empty. */
    readonly earlierCopy: PagedStorageOptions['earlierCopy'],
  ) {
    this.openings = new OpeningBatches(lock, async (keys) => {
      const { read, others } = await file.readMany(keys, this.lastSequence);
      // Other tabs' writes to the instances already open; the ones being opened read them with the rest.
      this.applyOthers(others);
      return read;
    });
    this.channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(announcementsChannel(name));
    this.channel?.addEventListener('message', (event: MessageEvent<{ sequence: number }>) => {
      if (event.data.sequence > this.lastSequence) void this.catchUpSoon();
    });
  }

  static async open(factory: IDBFactory, name: string, earlierCopy: PagedStorageOptions['earlierCopy']): Promise<PagedDatabase> {
    const lock = writeLock(name);
    const releaseOpen = await lock.holdOpen();
    try {
      const file = await PageFile.open(factory, name);
      return new PagedDatabase(name, file, lock, releaseOpen, await file.lastSequence(), earlierCopy);
    } catch (error) {
      releaseOpen();
      throw error;
    }
  }

  /** Under the write lock: reads other tabs' writes since this tab last looked into the open instances. */
  async catchUp(): Promise<void> {
    // Closed while this waited for the lock (another tab's announcement came as this tab closed
    // the database): nothing left to bring up to date, and the file is closed.
    if (this.closed) return;
    this.applyOthers(await this.file.since(this.lastSequence));
  }

  /**
   * Under the write lock, synchronously (inside a write's IndexedDB transaction too): other
   * tabs' log records, in order, into the instances already read from the file. One still
   * opening reads them with the rest of the file (its opening waits for this same lock).
   */
  applyOthers(writes: readonly LoggedWrite[]): void {
    for (const write of writes) {
      const loaded = this.loaded.get(write.instance);
      if (loaded) applyOtherTabsWrite(loaded, write.docs as Doc[]);
      this.lastSequence = write.sequence;
    }
  }

  /** Under the write lock: a write of this tab was committed as `sequence`; the other tabs are told. */
  appended(sequence: number): void {
    this.lastSequence = sequence;
    this.channel?.postMessage({ sequence });
  }

  close(): void {
    this.closed = true;
    this.channel?.close();
    this.file.close();
    this.releaseOpen();
  }

  private catchUpSoon(): Promise<void> {
    // Nobody awaits this one: a failure is left to the next write's own catch-up, which reads
    // again from the last write applied (an unhandled rejection helps nobody).
    this.catchingUp ??= this.lock
      .run(() => this.catchUp())
      .catch(() => undefined)
      .finally(() => (this.catchingUp = null));
    return this.catchingUp;
  }
}

/** Where a tab announces the sequence of each write it appended, so the other tabs catch up soon. */
export function announcementsChannel(databaseName: string): string {
  return `oblako-pages:${databaseName}`;
}

export function getRxStoragePaged(options: PagedStorageOptions = {}): RxStorage<unknown, unknown> {
  const factory = (): IDBFactory => options.indexedDB ?? indexedDB;
  const compactAfter = options.compactAfter ?? DEFAULT_COMPACT_AFTER;
  // This tab's memory states (RxDB's memory storage keeps its own in a module-wide map that
  // outlives a close: a person's data would stay in memory after sign-out).
  const memoryStorage = { name: 'memory', rxdbVersion: RXDB_VERSION, collectionStates: new Map() } as unknown as RxStorageMemory;
  const databases = new SharedOpenings<PagedDatabase>();

  /** Resolves once the database is closed if this was its last user (the close waits for it: then the file and the open-lock are let go). */
  function releaseDatabase(name: string): Promise<void> {
    return databases.release(name)?.then((database) => database.close()) ?? Promise.resolve();
  }

  /** Under the write lock, with the instance's records read (PagedDatabase.openings: with the others asked meanwhile). */
  async function finishOpening(database: PagedDatabase, key: string, params: Params, read: InstanceRead): Promise<OpenInstance> {
    const primaryPath = memoryPrimaryPath(params);
    let { docs, logRecords } = read;
    const earlier = docs.length === 0 && logRecords === 0 && database.earlierCopy ? await database.earlierCopy(params) : null;
    if (earlier && earlier.docs.length > 0) {
      // Kept here before the earlier copy goes: a failure in between leaves both, never neither.
      database.appended(await database.file.append(key, { primaryPath, docs: earlier.docs }));
      docs = earlier.docs;
      logRecords = 1;
    }
    if (earlier) await earlier.forget();
    const applier = await memoryInstance(params);
    const indexes = LazyIndexes.load(applier.internals, primaryPath, docs as Doc[]);
    // A long log makes every open slower: rewritten as pages while no other tab reads it. Only
    // that: a compaction IndexedDB refuses (a full disk) leaves pages and log as they were, and
    // the instance opens from them all the same (it failed to open at all, on a full phone).
    if (logRecords > compactAfter && !(await database.lock.othersHoldOpen())) await database.file.compact(key, { primaryPath, docs }).catch(() => undefined);
    const open = { applier, primaryPath, indexes };
    database.loaded.set(key, open);
    return open;
  }

  /** A memory storage instance over this tab's state of the instance (created by the first, shared by the rest). */
  async function memoryInstance(params: Params): Promise<Memory> {
    return (await createMemoryStorageInstance(memoryStorage, params as never, { ...(params.options as object) })) as Memory;
  }

  function forgetMemory(params: Params): void {
    memoryStorage.collectionStates.delete(getMemoryCollectionKey(params.databaseName, params.collectionName, params.schema.version));
  }

  return {
    name: 'oblako-paged',
    rxdbVersion: RXDB_VERSION,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, unknown>): Promise<RxStorageInstance<RxDocType, unknown, unknown>> {
      if (params.schema.attachments) throw new Error(`${params.collectionName}: the paged storage keeps no attachments (files never go through replication)`);
      const database = await databases.use(params.databaseName, () => PagedDatabase.open(factory(), params.databaseName, options.earlierCopies?.() ?? options.earlierCopy));
      const key = instanceKey(params as unknown as Params);
      try {
        const open = await database.instances.use(key, () => database.openings.open(key, (read) => finishOpening(database, key, params as unknown as Params, read)));
        const memory = await memoryInstance(params as unknown as Params);
        return new PagedInstance(memory, open, key, database, () => {
          if (database.instances.release(key)) {
            // The last of this tab's users: the next open reads IndexedDB again.
            database.loaded.delete(key);
            void open.applier.close();
            forgetMemory(params as unknown as Params);
          }
          return releaseDatabase(params.databaseName);
        }) as unknown as RxStorageInstance<RxDocType, unknown, unknown>;
      } catch (error) {
        void releaseDatabase(params.databaseName);
        throw error;
      }
    },
  };
}

/**
 * An RxDB storage instance: reads from memory; a write is checked against memory, stored in
 * IndexedDB, then applied to memory (and its change events emitted). A write IndexedDB refuses
 * (a full disk) rejects with IndexedDB's error and leaves memory as it was.
 */
class PagedInstance implements RxStorageInstance<Record<string, unknown>, unknown, unknown> {
  private closed = false;

  constructor(
    private readonly memory: Memory,
    private readonly open: OpenInstance,
    private readonly key: string,
    private readonly database: PagedDatabase,
    private readonly release: () => Promise<void>,
  ) {}

  get databaseName() { return this.memory.databaseName; }
  get internals() { return this.memory.internals; }
  get options() { return this.memory.options; }
  get schema() { return this.memory.schema; }
  get collectionName() { return this.memory.collectionName; }

  bulkWrite(written: BulkWriteRow<Record<string, unknown>>[], context: string) {
    return this.database.lock.run(async () => {
      this.open.indexes.beforeWrite();
      const memory = this.memory;
      const primaryPath = this.open.primaryPath;
      let rows = written;
      // Inside the transaction: other tabs' writes first, so the conflict check below sees them.
      const { sequence } = await this.database.file.writeAfter(this.database.lastSequence, this.key, (others) => {
        this.database.applyOthers(others);
        memory.ensurePersistence();
        rows = asStored(written, memory.internals.documents, primaryPath);
        const categorized = categorizeBulkWriteRows(memory, primaryPath as never, memory.internals.documents, rows, context);
        const kept: Doc[] = [];
        for (const row of categorized.bulkInsertDocs) kept.push(row.document);
        for (const row of categorized.bulkUpdateDocs) kept.push(row.document);
        return kept.length > 0 ? { primaryPath, docs: kept } : null;
      });
      if (sequence !== null) this.database.appended(sequence);
      // Nothing else wrote meanwhile (the lock): memory categorizes these rows exactly as above.
      return memory.bulkWrite(rows, context);
    });
  }

  findDocumentsById(ids: string[], withDeleted: boolean) { return this.memory.findDocumentsById(ids, withDeleted); }
  query(preparedQuery: Parameters<Memory['query']>[0]) {
    this.open.indexes.beforeRead(preparedQuery.queryPlan.index);
    return this.memory.query(preparedQuery);
  }
  count(preparedQuery: Parameters<Memory['count']>[0]) {
    this.open.indexes.beforeRead(preparedQuery.queryPlan.index);
    return this.memory.count(preparedQuery);
  }
  getAttachmentData(documentId: string, attachmentId: string, digest: string) { return this.memory.getAttachmentData(documentId, attachmentId, digest); }
  changeStream() { return this.memory.changeStream(); }

  /** Deleted documents are kept (as the app's Dexie storage kept them: the app runs no cleanup). */
  async cleanup(_minimumDeletedTime: number): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.memory.close();
    await this.release();
  }

  async remove(): Promise<void> {
    await this.database.lock.run(() => this.database.file.remove(this.key));
    this.closed = true;
    await this.memory.remove();
    await this.release();
  }
}

/**
 * The rows with `previous` as memory holds it when it is the same revision. RxDB's memory
 * storage finds a document's old index entries from `previous`, and a wrapper above (the
 * device-only fields, withDeviceFields) hands down a `previous` without the fields those
 * entries were built from: the old entry would stay in the index beside the new one.
 */
function asStored(rows: BulkWriteRow<Record<string, unknown>>[], stored: ReadonlyMap<string, Doc>, primaryPath: string): BulkWriteRow<Record<string, unknown>>[] {
  return rows.map((row) => {
    if (!row.previous) return row;
    const current = stored.get(row.document[primaryPath] as string);
    return current && current._rev === row.previous._rev && current !== row.previous ? { ...row, previous: current } : row;
  });
}

/**
 * Another tab's write, read from the log, made in this tab's memory (its queries see it).
 * Synchronous: the memory storage does a write's work before its promise is returned.
 */
function applyOtherTabsWrite(open: OpenInstance, docs: readonly Doc[]): void {
  const memory = open.applier;
  open.indexes.beforeWrite();
  memory.ensurePersistence();
  const current = memory.internals.documents;
  const rows = docs.map((document) => {
    const previous = current.get(document[open.primaryPath] as string);
    return previous ? { previous, document } : { document };
  });
  void memory.bulkWrite(rows, OTHER_TAB_CONTEXT);
}

function instanceKey(params: Params): string {
  return `${params.collectionName}--${params.schema.version}`;
}

function memoryPrimaryPath(params: Params): string {
  const primaryKey = params.schema.primaryKey as string | { key: string };
  return typeof primaryKey === 'string' ? primaryKey : primaryKey.key;
}
