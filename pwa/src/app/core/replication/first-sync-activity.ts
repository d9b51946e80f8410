/**
 * Whether a first sync (first-sync.ts) is storing pages in this tab right now, for work that can
 * wait for it: the service worker's idle prefetch of the app's files (fetch-asset-group.ts).
 * A page waiting on IndexedDB is idle, so without this the prefetch downloaded and cached ~130
 * chunks and the viewers (~1.5 MB) exactly while a doctor's 5,000 records were stored, on the same
 * cores and disk (bench/README.md, bench:browser, session 7: with the prefetch waiting, the first
 * sync took 0.73–0.87× as long in three A/B runs on a loaded machine).
 *
 * No imports: the prefetch's small chunk holds this file too.
 */
/** A device flag (localStorage): the prefetch runs during first syncs as before — for bench:browser's A/B only. */
export const PREFETCH_DURING_FIRST_SYNC_KEY = 'oblako:first-sync:prefetch-anyway';

/**
 * One state per page even where this file is loaded twice (Node's test loader evaluates it once
 * for the tests' CommonJS and once for the app's ES modules): kept on the global object.
 */
interface ActivityState {
  running: number;
  /** Told when the first one begins and when the last one stops (watchFirstSyncs, whenNoFirstSync). */
  watchers: Set<(running: boolean) => void>;
}
const state: ActivityState = ((globalThis as { [key: symbol]: unknown })[Symbol.for('oblako.first-sync-activity')] ??= {
  running: 0,
  watchers: new Set(),
}) as ActivityState;

/** A first sync begins storing pages; call the returned function once, when it stops (done, failed, stopped). */
export function firstSyncBegins(): () => void {
  if (globalThis.localStorage?.getItem(PREFETCH_DURING_FIRST_SYNC_KEY) === 'yes') return () => undefined;
  state.running += 1;
  if (state.running === 1) for (const watcher of [...state.watchers]) watcher(true);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    state.running -= 1;
    if (state.running > 0) return;
    for (const watcher of [...state.watchers]) watcher(false);
  };
}

/** Whether one runs now (tests; the prefetch only waits, whenNoFirstSync). */
export function firstSyncRunning(): boolean {
  return state.running > 0;
}

/** Resolves at once when no first sync runs, else when the last one running stops. */
export function whenNoFirstSync(): Promise<void> {
  if (state.running === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const stopped = (running: boolean) => {
      if (running) return;
      state.watchers.delete(stopped);
      resolve();
    };
    state.watchers.add(stopped);
  });
}

/**
 * Calls `watcher` with whether a first sync runs now, then each time that changes (the first
 * begins, the last stops), until the returned function is called. For work that reads a whole
 * collection live: every page a first sync stores would have it read and convert everything again.
 */
export function watchFirstSyncs(watcher: (running: boolean) => void): () => void {
  watcher(state.running > 0);
  state.watchers.add(watcher);
  return () => state.watchers.delete(watcher);
}
