/**
 * One writer at a time for a paged database, across every tab of the origin (Web Locks), so a
 * write's conflict check sees what other tabs wrote before it and the log's order is the order
 * the writes were checked in. In-process only where there are no Web Locks (Node's tests,
 * fake-indexeddb: one process is one "tab").
 */
export interface WriteLock {
  run<T>(body: () => Promise<T>): Promise<T>;
  /** Whether any other tab has this database open (compaction waits until none has). */
  othersHoldOpen(): Promise<boolean>;
  /** Marks this tab as having the database open (once granted) until the returned release is called. */
  holdOpen(): Promise<() => void>;
}

export function writeLock(databaseName: string): WriteLock {
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  return locks ? webLock(locks, databaseName) : processLock();
}

function webLock(locks: LockManager, databaseName: string): WriteLock {
  const writing = `oblako-pages-write:${databaseName}`;
  const open = `oblako-pages-open:${databaseName}`;
  let mine = 0;
  return {
    run: (body) => locks.request(writing, { mode: 'exclusive' }, body) as Promise<Awaited<ReturnType<typeof body>>>,
    async othersHoldOpen() {
      const state = await locks.query();
      // Each of this tab's holds is one entry; more holders than this tab's own are other tabs.
      return (state.held ?? []).filter((lock) => lock.name === open).length > mine;
    },
    async holdOpen() {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      // Counted once granted: othersHoldOpen compares the holders with this tab's own.
      await new Promise<void>((granted) => void locks.request(open, { mode: 'shared' }, () => (granted(), held)));
      mine++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        mine--;
        release();
      };
    },
  };
}

function processLock(): WriteLock {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(body) {
      const result = tail.then(body, body);
      tail = result.catch(() => undefined);
      return result;
    },
    othersHoldOpen: async () => false,
    holdOpen: async () => () => undefined,
  };
}
