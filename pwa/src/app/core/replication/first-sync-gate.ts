/** A device flag (localStorage) that starts each collection's RxDB replication right after its own first sync: for bench:browser's A/B only. */
export const FIRST_SYNC_GATE_OFF_KEY = 'oblako:first-sync:no-gate';

/**
 * Holds RxDB's replication of every collection of a sign-in until the first syncs of all of
 * them have ended, so nothing but the first syncs' own pages uses the device's IndexedDB while
 * the big one (a doctor's thousands of documents) is stored.
 *
 * Why: Chromium keeps every IndexedDB database of an origin in one backing store, and starting
 * RxDB's replication of a collection is a dozen transactions (its replication-meta database
 * created, checkpoints read and written, the internal store told): on a doctor's sign-in the
 * seven small collections' starts ran while the documents' pages were stored and were measured
 * in the middle of them (bench/README.md, bench:browser, session 7).
 *
 * Never a wait behind a failing first sync: an error in any of them opens the gate at once (the
 * others then replicate as before, the failing one retries on its own), and so does stopping.
 */
export class FirstSyncGate {
  private waiting: number;
  private release!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.release = resolve));

  /** `collections`: how many first syncs the gate waits for. */
  constructor(collections: number) {
    this.waiting = collections;
    if (collections <= 0 || globalThis.localStorage?.getItem(FIRST_SYNC_GATE_OFF_KEY) === 'yes') this.open();
  }

  /** One collection's first sync has ended (done, not needed, or stopped). */
  ended(): void {
    this.waiting -= 1;
    if (this.waiting <= 0) this.open();
  }

  /** Lets every replication start now (an error, or the end of the wait). */
  open(): void {
    this.waiting = 0;
    this.release();
  }

  /** Resolves once RxDB's replications may start. */
  whenOpen(): Promise<void> {
    return this.opened;
  }
}
