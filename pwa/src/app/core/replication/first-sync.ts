import {
  createRevision,
  getChangedDocumentsSince,
  getComposedPrimaryKeyOfDocumentData,
  getHeightOfRevision,
  now,
  type BulkWriteRow,
  type ReplicationPullHandlerResult,
  type RxCollection,
  type RxDocumentData,
  type RxStorageInstance,
  type WithDeleted,
} from 'rxdb';
import type { Subscription } from 'rxjs';
import type { Doc } from './couch-docs';
import type { CouchCheckpoint } from './couch-pull';
import { firstSyncBegins } from './first-sync-activity';
import { readFirstSyncProgress, storeFirstSyncProgress, type FirstSyncProgress, type StoragePosition } from './first-sync-progress';

/** The write context of the first sync's pages (told apart from the person's edits in the change stream). */
export const FIRST_SYNC_CONTEXT = 'oblako-first-sync';
/** A device flag (localStorage) that leaves the first sync to RxDB's own pull: for bench:browser's comparison only. */
export const RXDB_PULL_ONLY_KEY = 'oblako:first-sync:rxdb-pull';
/**
 * Device flags (localStorage) that give session 7's page loop back — each page's progress record
 * awaited before the next page is written, a `setTimeout` between pages: for bench:browser's A/B only.
 */
export const AWAIT_PROGRESS_KEY = 'oblako:first-sync:await-progress';
export const YIELD_BETWEEN_PAGES_KEY = 'oblako:first-sync:yield';
/** Prefix of the User Timing mark set when a collection's first sync starts asking for pages (`…:<collection>`). */
export const FIRST_SYNC_MARK = 'oblako:first-sync-start:';
/** …and when its last page is stored (RxDB's replication starts next). */
export const FIRST_SYNC_END_MARK = 'oblako:first-sync-end:';

export interface FirstSyncOptions {
  collection: RxCollection<Doc>;
  /** The replication's identifier (RxDB's `replicationIdentifier`). */
  identifier: string;
  /** The next page after a checkpoint (couch-pull.ts). */
  pull: (checkpoint: CouchCheckpoint | undefined, batchSize: number) => Promise<ReplicationPullHandlerResult<Doc, CouchCheckpoint>>;
  batchSize: number;
  isStopped: () => boolean;
  onError: (error: unknown) => void;
  /** Waits before a failed page is asked again. */
  retryDelay: () => Promise<void>;
}

/** Where RxDB's replication takes over (its `initialCheckpoint`s; it uses them only when it has none of its own). */
export interface Handover {
  downstream?: CouchCheckpoint;
  upstream?: StoragePosition;
}

type Storage = RxStorageInstance<Doc, unknown, unknown, StoragePosition>;

/**
 * A collection's first sync (nothing of it on the device yet), written straight into RxDB's
 * storage: one `bulkWrite` per page of 1,000, the next page fetched while one is written. RxDB's
 * own pull reads the device's copy and RxDB's bookkeeping of every document and writes both
 * back, per page: on an empty device that is work with nothing to compare (bench/README.md).
 *
 * The documents are stored as RxDB's pull stores them, marked as the server's (`_meta.o`, RxDB's
 * "came from the master at this revision" mark), so a later server change to one is taken; they
 * carry no "assumed master state": an edit of one is pushed on the version it was made on
 * (EditBases), the server asked first (couch-push.ts). Then RxDB's replication starts from the
 * server position of the last page and — so its push does not walk the thousands of documents
 * just pulled — from the storage position of that page, unless an edit on this device came
 * first: then from the page before that edit.
 *
 * Returns undefined when this is not a first sync (RxDB replicates as always), or the handover;
 * nothing when the replication was stopped meanwhile.
 */
export async function runFirstSync(options: FirstSyncOptions): Promise<Handover | undefined> {
  const { collection, identifier } = options;
  // bench:browser measures RxDB's own pull in the same run (its scenario `appRxdbPull` sets this).
  if (globalThis.localStorage?.getItem(RXDB_PULL_ONLY_KEY) === 'yes') return undefined;
  const db = collection.database;
  let progress = await readFirstSyncProgress(db, identifier);
  if (progress?.state === 'done') return handoverOf(progress);
  // Below the collection's storage wrapper, which replaces `_meta` (and the `_meta.o` mark) on
  // inserts; the collection still sees the writes (the wrapper's change stream is this storage's).
  const storage = ((collection.storageInstance as unknown as { originalStorageInstance?: Storage }).originalStorageInstance ??
    collection.storageInstance) as unknown as Storage;
  if (!progress) {
    const anything = await getChangedDocumentsSince(storage, 1);
    if (anything.documents.length > 0) return undefined;
    progress = { state: 'running' };
    // Recorded before the first page: a run cut after it goes on from here, not through RxDB's slow pull.
    await storeFirstSyncProgress(db, identifier, progress);
  } else if (progress.upstream && !progress.upstreamFrozen) {
    // Edited on this device since the last page stored (before this run): the push must see it.
    const since = await getChangedDocumentsSince(storage, 1, progress.upstream);
    if (since.documents.length > 0) progress.upstreamFrozen = true;
  }

  // User Timing, for performance tools and bench/browser: when the first sync's pages began.
  globalThis.performance?.mark?.(`${FIRST_SYNC_MARK}${collection.name}`);
  const primaryPath = collection.schema.primaryPath as string;
  const hash = await db.hashFunction(`rxdbreplication${identifier}`);
  const edits = watchEdits(storage);
  // Work that can wait (the service worker's prefetch) waits while pages are stored, not while
  // a failing page is retried: a server that keeps failing must not hold it for ever.
  let activityEnds: (() => void) | null = firstSyncBegins();
  const awaitProgress = globalThis.localStorage?.getItem(AWAIT_PROGRESS_KEY) === 'yes';
  const yieldBetweenPages = globalThis.localStorage?.getItem(YIELD_BETWEEN_PAGES_KEY) === 'yes';
  // The last page's progress record, written while the next page is stored (another IndexedDB
  // database, and a transaction the other collections' first syncs queue on): each record is
  // written after its page is stored and after the record before it, and a failed one (a full
  // disk) stops the run at the next page as before, so a cut run still goes on from a page it stored.
  let recorded: Promise<void> = Promise.resolve();
  const record = async (snapshot: FirstSyncProgress) => {
    await recorded;
    recorded = storeFirstSyncProgress(db, identifier, snapshot);
    recorded.catch(() => undefined); // awaited before the next record, or at the end
    if (awaitProgress) await recorded;
  };
  try {
    let next = fetchPage(progress.sequence);
    for (;;) {
      if (options.isStopped()) return undefined;
      let page: ReplicationPullHandlerResult<Doc, CouchCheckpoint>;
      try {
        page = await next;
      } catch (error) {
        if (options.isStopped()) return undefined;
        activityEnds?.();
        activityEnds = null;
        options.onError(error);
        await options.retryDelay();
        next = fetchPage(progress.sequence);
        continue;
      }
      activityEnds ??= firstSyncBegins();
      const more = page.documents.length >= options.batchSize;
      if (more) next = fetchPage(page.checkpoint!.sequence);
      const written = await writePage(storage, page.documents, { primaryPath, hash, collection });
      if (written === 'edited here') break; // RxDB's own pull takes this page on, from before it.
      progress.sequence = page.checkpoint!.sequence;
      if (written && !progress.upstreamFrozen) {
        if (edits.firstLwt !== undefined && edits.firstLwt <= written.lwt) progress.upstreamFrozen = true;
        else progress.upstream = written;
      }
      if (!more) break;
      // A copy: the next page changes `progress` while this one is being written.
      await record({ ...progress, ...(progress.upstream ? { upstream: { ...progress.upstream } } : {}) });
      // The page draws and reads while IndexedDB stores a page (the main thread waits for it
      // then); a timer between pages only added its own delay (bench/README.md «Session 8»).
      if (yieldBetweenPages) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    progress.state = 'done';
    await recorded;
    await storeFirstSyncProgress(db, identifier, progress);
    globalThis.performance?.mark?.(`${FIRST_SYNC_END_MARK}${collection.name}`);
    return handoverOf(progress);
  } catch (error) {
    if (options.isStopped()) return undefined;
    // Whatever went wrong here, RxDB's own replication goes on from the last page stored.
    options.onError(error);
    return handoverOf(progress);
  } finally {
    edits.stop();
    activityEnds?.();
  }

  function fetchPage(sequence: string | undefined): Promise<ReplicationPullHandlerResult<Doc, CouchCheckpoint>> {
    const page = options.pull(sequence === undefined ? undefined : { sequence }, options.batchSize);
    page.catch(() => undefined); // awaited later, or dropped when the run stops
    return page;
  }
}

function handoverOf(progress: FirstSyncProgress): Handover {
  return {
    ...(progress.sequence !== undefined ? { downstream: { sequence: progress.sequence } } : {}),
    ...(progress.upstream ? { upstream: progress.upstream } : {}),
  };
}

/** The earliest edit written on this device while the first sync runs (anything but its own pages). */
function watchEdits(storage: Storage): { firstLwt: number | undefined; stop(): void } {
  const watch = { firstLwt: undefined as number | undefined, stop: () => subscription.unsubscribe() };
  const subscription: Subscription = storage.changeStream().subscribe((bulk) => {
    if (bulk.context === FIRST_SYNC_CONTEXT) return;
    for (const event of bulk.events) {
      const lwt = event.documentData?._meta?.lwt ?? 0;
      if (watch.firstLwt === undefined || lwt < watch.firstLwt) watch.firstLwt = lwt;
    }
  });
  return watch;
}

/**
 * Stores one page; returns the storage position after it (nothing for an empty page), or
 * `edited here` when a document of the page was changed on this device since an earlier run put
 * it there (RxDB's pull knows how to leave such an edit for the push; this does not try).
 */
async function writePage(
  storage: Storage,
  documents: WithDeleted<Doc>[],
  context: { primaryPath: string; hash: string; collection: RxCollection<Doc> },
): Promise<StoragePosition | 'edited here' | undefined> {
  if (documents.length === 0) return undefined;
  const lwt = now();
  const jsonSchema = context.collection.schema.jsonSchema;
  let lastId = '';
  const pulledById = new Map<string, RxDocumentData<Doc>>();
  const rows: BulkWriteRow<Doc>[] = documents.map((pulled) => {
    const document = fromServer(pulled, undefined);
    document[context.primaryPath] = getComposedPrimaryKeyOfDocumentData(jsonSchema, document);
    const id = String(document[context.primaryPath]);
    if (id > lastId) lastId = id;
    pulledById.set(id, document);
    return { document };
  });
  const result = await storage.bulkWrite(rows, FIRST_SYNC_CONTEXT);
  // Already on the device: a page the last run stored without recording it (the tab closed).
  const again: BulkWriteRow<Doc>[] = [];
  for (const error of result.error) {
    const stored = error.status === 409 ? (error as { documentInDb?: RxDocumentData<Doc> }).documentInDb : undefined;
    if (!stored) throw new Error(`first sync: storing ${error.documentId} failed with ${error.status}`);
    if (!untouched(stored, context.hash)) return 'edited here';
    again.push({ previous: stored, document: fromServer(pulledById.get(error.documentId)!, stored) });
  }
  if (again.length > 0) {
    const retried = await storage.bulkWrite(again, FIRST_SYNC_CONTEXT);
    if (retried.error.length > 0) return 'edited here';
  }
  return { id: lastId, lwt };

  function fromServer(pulled: Doc, previous: RxDocumentData<Doc> | undefined): RxDocumentData<Doc> {
    const height = previous ? getHeightOfRevision(previous._rev) + 1 : 1;
    // Object.assign, not `{ ...pulled }`: the build's spread helper is slow (couch-docs.ts fromCouch).
    return Object.assign({}, pulled, {
      _deleted: pulled['_deleted'] === true,
      _attachments: {},
      _rev: createRevision(context.hash, previous),
      // RxDB's pull marks what it stores from the server so (downstream.ts `_meta.o`).
      _meta: { lwt, o: { _rev: height, hash: context.hash } },
    }) as unknown as RxDocumentData<Doc>;
  }
}

/** Still as a first sync stored it: not edited on this device since. */
function untouched(stored: RxDocumentData<Doc>, hash: string): boolean {
  const mark = (stored._meta as { o?: { _rev?: number; hash?: string } }).o;
  return mark?.hash === hash && mark._rev === getHeightOfRevision(stored._rev);
}
