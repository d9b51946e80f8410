import type { RxDocumentData } from 'rxdb';
import { getMemoryIndexName, type MemoryStorageInternals, type MemoryStorageInternalsByIndex } from 'rxdb/plugins/storage-memory';

type Doc = RxDocumentData<Record<string, unknown>>;
type Internals = MemoryStorageInternals<Record<string, unknown>>;
type MemoryIndex = MemoryStorageInternalsByIndex<Record<string, unknown>>;

/** The idle time an index's build is given (5,000 documents: ~4 ms on a busy 2-core machine). */
const IDLE_MS_FOR_ONE_INDEX = 8;

/**
 * An instance's documents read from IndexedDB into RxDB's memory storage with its indexes built
 * when first needed, not at open. The memory storage keeps every index as a sorted array of
 * `[index string, document, id]`, and building all of them was most of an open's own work: a
 * documents instance of 5,000 has three indexes (RxDB's `[_meta.lwt, id]`, the memory storage's
 * `[_deleted, _meta.lwt, id]`, the review order `[_deleted, patientId, listKey, id]`): 15,000
 * entries and their strings, sorted, and a scavenge of all of them, while a reload's list walks
 * only the review order. The replication's `_meta.lwt` queries need theirs after the list is drawn.
 *
 * The rest are built in the browser's idle time, one per idle callback, as RxDB's memory storage
 * did all of them: a reload's open waits for IndexedDB in between, and an index built then is
 * one a query does not build later on the page's busy thread.
 *
 * The memory storage updates every index in place on a write (it finds a document's old entry by
 * binary search), so an index that is not built must never see a write: every write builds all
 * of them first (`beforeWrite`).
 */
export class LazyIndexes {
  private readonly unbuilt = new Set<MemoryIndex>();

  private constructor(
    private readonly internals: Internals,
    private readonly primaryPath: string,
  ) {}

  /**
   * The documents as the memory state of a freshly created instance (no document, no pending
   * write), none of its indexes built. What RxDB's own write would do minus its checks, events and
   * index entries: these documents are what this storage itself wrote.
   */
  static load(internals: Internals, primaryPath: string, docs: readonly Doc[]): LazyIndexes {
    const lazy = new LazyIndexes(internals, primaryPath);
    for (const doc of docs) internals.documents.set(doc[primaryPath] as string, doc);
    if (docs.length > 0) for (const index of internals.byIndexArray) lazy.unbuilt.add(index);
    lazy.buildWhenIdle();
    return lazy;
  }

  /** Before a query or a count: the index its plan walks. */
  beforeRead(plannedIndex: readonly string[]): void {
    if (this.unbuilt.size === 0) return;
    const index = this.internals.byIndex[getMemoryIndexName(plannedIndex as string[])];
    if (index && this.unbuilt.has(index)) this.build(index);
  }

  /** Before any write to the memory state: every index. */
  beforeWrite(): void {
    for (const index of this.unbuilt) this.build(index);
  }

  private buildWhenIdle(): void {
    if (this.unbuilt.size === 0 || typeof requestIdleCallback !== 'function') return;
    requestIdleCallback((deadline) => {
      const [next] = this.unbuilt;
      // Another index's build is a few milliseconds for 5,000 documents: only into a real gap.
      if (next && deadline.timeRemaining() > IDLE_MS_FOR_ONE_INDEX) this.build(next);
      this.buildWhenIdle();
    });
  }

  private build(index: MemoryIndex): void {
    this.unbuilt.delete(index);
    const entries: MemoryIndex['docsWithIndex'] = [];
    for (const doc of this.internals.documents.values()) entries.push([index.getIndexableString(doc), doc, doc[this.primaryPath] as string]);
    // The memory storage's own order (memory-helper.js sortByIndexStringComparator): its binary searches assume it.
    entries.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    index.docsWithIndex = entries;
  }
}
