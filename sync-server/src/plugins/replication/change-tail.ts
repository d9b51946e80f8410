import type { FastifyBaseLogger } from 'fastify';
import { partitionOf } from '@oblako/domain';

type ChangeRow = PouchDB.Core.ChangesResponseChange<object>;
/** What a one-shot `changes()` answers, as far as the pull code reads it. */
export type TailPage = Pick<PouchDB.Core.ChangesResponse<object>, 'results' | 'last_seq'>;

const RESTART_DELAY_MS = 1000;
/** Rows kept at least (once the window first fills) and at most twice that: one burst must fit. */
const KEEP_ROWS = 4096;
/** The store being at least this far ahead of the feed is a burst: read in ranges at once (catchUp). */
const BURST_ROWS = 64;
/** Positions per range read of a burst, and how many ranges are read at the same time. */
const RANGE_ROWS = 64;
const PARALLEL_RANGES = 32;

/**
 * The recent end of one collection's change log, in memory: every change this process's live
 * feed has seen since it started (trimmed to the last few thousand), each as `changes()` would
 * return it with `include_docs` and `style: 'all_docs'`, indexed by partition.
 *
 * Why: a write that wakes 2,000 waiting devices (one notice to every patient) made each of them
 * read the log from its position — 2,000 reads of the same 2,000 rows, quadratic store work that
 * took seconds. The feed reads every change once anyway; a woken device's next page is served
 * from here, and a device that reads only its own partition looks at its own rows only.
 *
 * Only for an embedded store (numeric sequence numbers): CouchDB's are opaque and cannot be
 * compared, so with COUCH_URL everything is read from the store as before.
 */
export class ChangeTail {
  private rows: Array<ChangeRow & { seq: number }> = [];
  private byPartition = new Map<string, Array<ChangeRow & { seq: number }>>();
  /** Every change after this position is in `rows` (null: nothing can be served). */
  private start: number | null = null;
  /** The last position the feed reached. */
  private end: number | null = null;
  private feed: PouchDB.Core.Changes<object> | null = null;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private withDocs = true;
  /** A look at how far the store is ahead (and a burst's catch-up) is under way. */
  private catchingUp = false;

  constructor(
    private readonly db: PouchDB.Database,
    private readonly onChange: (id: string) => void,
    private readonly log: FastifyBaseLogger,
    private readonly keepRows = KEEP_ROWS,
  ) {}

  /** Starts following from the store's current end; resolves once every later change is sure to be seen. */
  async begin(): Promise<void> {
    const since = (await this.db.info()).update_seq;
    if (typeof since === 'number') this.start = this.end = since;
    // CouchDB's positions cannot be compared: nothing will be served, so no documents are fetched.
    this.withDocs = typeof since === 'number';
    this.follow(since);
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.feed?.cancel();
    this.feed = null;
  }

  /**
   * What `db.changes({since, limit, include_docs: true, style: 'all_docs'})` would answer as of
   * the feed's last change — each document once, at its latest change — optionally only the rows
   * of one partition (the others would be filtered out by the caller anyway; `last_seq` then
   * still says how far the log was looked through). Null when the window cannot tell: `since`
   * before what it holds or after what the feed has seen.
   */
  read(since: unknown, limit: number, partition?: string): TailPage | null {
    if (typeof since !== 'number' || this.start === null || this.end === null || since < this.start || since > this.end) return null;
    const source = partition === undefined ? this.rows : (this.byPartition.get(partition) ?? []);
    const from = firstAfter(source, since);
    // A document changed twice since `since` is reported once, at its later change (as the store does).
    const lastIndexOf = new Map<string, number>();
    for (let index = from; index < source.length; index++) lastIndexOf.set(source[index]!.id, index);
    const results: ChangeRow[] = [];
    for (let index = from; index < source.length; index++) {
      const row = source[index]!;
      if (lastIndexOf.get(row.id) !== index) continue;
      results.push(row);
      if (results.length === limit) return { results, last_seq: row.seq };
    }
    return { results, last_seq: this.end };
  }

  /** Whether the window reaches back to `since` (it may still not have come as far). */
  reachesBackTo(since: unknown): boolean {
    return typeof since === 'number' && this.start !== null && since >= this.start;
  }

  /** Whether `seq` is a position of the store the feed has already reached. */
  hasSeen(seq: unknown): boolean {
    return typeof seq === 'number' && Number.isInteger(seq) && seq >= 0 && this.end !== null && seq <= this.end;
  }

  /** Whether the feed has seen every change up to the store's `updateSeq`. */
  hasCaughtUp(updateSeq: unknown): boolean {
    return typeof updateSeq === 'number' && this.end !== null && this.end >= updateSeq;
  }

  private follow(since: number | string): void {
    if (this.stopped) return;
    const feed = this.withDocs
      ? this.db.changes({ live: true, since: since as number, include_docs: true, style: 'all_docs', return_docs: false })
      : this.db.changes({ live: true, since: since as number, return_docs: false });
    this.feed = feed;
    feed.on('change', (change) => {
      // A feed cancelled for a burst's catch-up: its rows come from the catch-up, in order.
      if (this.feed !== feed) return;
      this.accept(change);
      this.lookForBurst();
    });
    feed.on('error', (error) => {
      if (this.stopped || this.feed !== feed) return;
      this.log.warn({ err: error }, 'change feed failed; restarting');
      const resumeAt = this.end ?? since;
      this.restartTimer = setTimeout(() => this.follow(resumeAt), RESTART_DELAY_MS);
      this.restartTimer.unref();
    });
  }

  private accept(change: ChangeRow): void {
    this.record(change);
    this.onChange(change.id);
  }

  /**
   * After a row of the live feed: is the store far ahead (one write of many documents)? The live
   * feed reads the log one row at a time, each row waiting for a store read of its metadata, and
   * under a burst each of those waits behind everything else the event loop has to do — the
   * woken devices' answers, their next requests, other feeds. 2,000 notices written at once took
   * the feed 3–4 s to report, one device answered per row: the last device heard of its notice
   * seconds after the first. A burst is instead read in ranges of positions at the same time
   * (one-shot reads, PARALLEL_RANGES in flight), its rows recorded and reported in order, and
   * the live feed restarted after it. Rows are the same as the feed's: each document once, at
   * its latest change; one superseded by a change after the burst comes with that change.
   */
  private lookForBurst(): void {
    if (this.catchingUp || this.stopped || !this.withDocs) return;
    this.catchingUp = true;
    void this.catchUp()
      .catch((error: unknown) => {
        // Stopped during the reads (shutdown closes the store): nothing failed that matters.
        if (!this.stopped) this.log.warn({ err: error }, 'reading a burst of changes failed; the live feed goes on from the last row taken');
      })
      .finally(() => {
        this.catchingUp = false;
      });
  }

  private async catchUp(): Promise<void> {
    const { update_seq: target } = await this.db.info();
    const from = this.end;
    if (this.stopped || typeof target !== 'number' || from === null || target - from < BURST_ROWS) return;
    const feed = this.feed;
    this.feed = null;
    feed?.cancel();
    // Every one-shot read listens for the database's 'destroyed' while it runs: the ranges in
    // flight are expected listeners, not a leak for Node to warn about.
    const emitter = this.db as unknown as { getMaxListeners(): number; setMaxListeners(count: number): void };
    if (emitter.getMaxListeners() < PARALLEL_RANGES + 10) emitter.setMaxListeners(PARALLEL_RANGES + 10);
    try {
      const ranges: Array<{ after: number; upTo: number }> = [];
      for (let after = from; after < target; after += RANGE_ROWS) ranges.push({ after, upTo: Math.min(target, after + RANGE_ROWS) });
      const read = (range: { after: number; upTo: number }) =>
        this.db
          // A row past the range comes when positions in it were superseded: the next range has it.
          .changes({ since: range.after, limit: range.upTo - range.after, include_docs: true, style: 'all_docs', return_docs: true })
          .then((page) => page.results.filter((row) => (row.seq as number) <= range.upTo));
      // A wave of ranges is read whole before any of its rows is reported: reporting wakes
      // devices whose answers and next requests would otherwise slow the reads still going.
      for (let first = 0; first < ranges.length; first += PARALLEL_RANGES) {
        const pages = await Promise.all(ranges.slice(first, first + PARALLEL_RANGES).map(read));
        if (this.stopped) return;
        for (const rows of pages) for (const row of rows) if ((row.seq as number) > (this.end as number)) this.accept(row);
      }
    } finally {
      // From the last row taken: whatever came since (or was not read) the live feed brings.
      if (!this.stopped) this.follow(this.end ?? from);
    }
  }

  private record(change: ChangeRow): void {
    const seq = change.seq;
    if (typeof seq !== 'number' || this.end === null || seq <= this.end) {
      // Not an embedded store's position, or out of order: stop serving rather than guess.
      this.start = this.end = typeof seq === 'number' ? seq : null;
      this.clear();
      if (typeof seq !== 'number') return;
    }
    const row = change as ChangeRow & { seq: number };
    this.rows.push(row);
    const partition = partitionOf(row.id);
    if (partition !== null) {
      const rows = this.byPartition.get(partition) ?? [];
      rows.push(row);
      this.byPartition.set(partition, rows);
    }
    this.end = seq;
    if (this.rows.length >= 2 * this.keepRows) this.trim();
  }

  /** Keeps the last `keepRows` rows; every change after the last dropped one is still held. */
  private trim(): void {
    const dropped = this.rows.length - this.keepRows;
    this.start = this.rows[dropped - 1]!.seq;
    this.rows = this.rows.slice(dropped);
    this.byPartition = new Map();
    for (const row of this.rows) {
      const partition = partitionOf(row.id);
      if (partition === null) continue;
      const rows = this.byPartition.get(partition) ?? [];
      rows.push(row);
      this.byPartition.set(partition, rows);
    }
  }

  private clear(): void {
    this.rows = [];
    this.byPartition = new Map();
  }
}

/** Index of the first row with a sequence after `since` (rows are in sequence order). */
function firstAfter(rows: ReadonlyArray<{ seq: number }>, since: number): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (rows[middle]!.seq <= since) low = middle + 1;
    else high = middle;
  }
  return low;
}
