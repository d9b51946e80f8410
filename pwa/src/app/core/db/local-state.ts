import type { RxDatabase, RxLocalDocument } from 'rxdb';
import { concatMap, filter, startWith, type Observable } from 'rxjs';

/**
 * Read-modify-write of one RxDB local document (device-only state: pending changes, notices).
 * Local documents are shared by the tabs of this origin; incremental writes retry on a
 * concurrent change, so no tab overwrites another's update.
 */
export async function modifyLocal<T extends object>(db: RxDatabase, id: string, empty: T, change: (current: T) => T): Promise<void> {
  for (;;) {
    const existing = await db.getLocal<T>(id);
    if (existing) {
      await existing.incrementalModify((data: T) => change(data ?? empty));
      return;
    }
    try {
      await db.insertLocal<T>(id, change(empty));
      return;
    } catch (error) {
      // Another tab created it first: loop and modify theirs.
      if ((error as { status?: number }).status !== 409) throw error;
    }
  }
}

/** A device flag (localStorage) that watches local documents with RxDB's own `getLocal$`: for bench:browser's A/B only. */
export const RXDB_LOCAL_WATCH_KEY = 'oblako:local-watch:rxdb';

/**
 * One of the database's local documents, live: now, then after every write of it (null while it
 * does not exist). RxDB's `db.getLocal$` does the same, but runs two `mergeMap(async …)` steps
 * for every change event of every collection: a first-sync page of 1,000 documents became 2,000
 * promises per watcher, whose finished inner subscriptions rxjs removes one by one from an array
 * of up to 1,000 (O(n²): 126 ms of a doctor's first sync in a CPU profile, bench/README.md
 * «Session 8»). This looks at a change bulk only when it is the database's local documents'.
 */
export function watchLocal<T>(db: RxDatabase, id: string): Observable<RxLocalDocument<RxDatabase, T> | null> {
  if (globalThis.localStorage?.getItem(RXDB_LOCAL_WATCH_KEY) === 'yes') return db.getLocal$<T>(id);
  return db.eventBulks$.pipe(
    // A collection's local documents may use the same id: only the database's own (no collectionName).
    filter((bulk) => bulk.isLocal && !bulk.collectionName && bulk.events.some((event) => event.documentId === id)),
    startWith(null),
    // In order: the last value is always the document as its last write left it.
    concatMap(() => db.getLocal<T>(id)),
  );
}
