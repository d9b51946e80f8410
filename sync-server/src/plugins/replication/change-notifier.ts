import type { FastifyBaseLogger } from 'fastify';
import { partitionOf } from '@oblako/domain';
import { ChangeTail } from './change-tail';

export type ChangeListener = (id: string) => void;

/** The listeners of one collection: those of one partition each, and those of any change. */
interface CollectionListeners {
  byPartition: Map<string, Set<ChangeListener>>;
  any: Set<ChangeListener>;
  /** Changes seen so far (see generation()). */
  generation: number;
}

/**
 * One live change feed per collection database per process, fanned out to every waiting
 * longpoll. Waiters hold no state another instance needs: a change written through any
 * instance (or straight into CouchDB) reaches every instance's feed.
 *
 * A listener that can only ever care about one partition (a patient's device: its own) is
 * filed under it, so a change costs one lookup and wakes only that partition's listeners —
 * not one check per waiting device (2,000 idle devices × a 2,000-document write was 4 million
 * checks on the event loop).
 */
export class ChangeNotifier {
  private readonly collections = new Map<string, CollectionListeners>();
  private readonly tails = new Map<string, ChangeTail>();

  constructor(private readonly log: FastifyBaseLogger) {}

  /** Starts following a database; resolves once every later change is sure to be seen. */
  async follow(name: string, db: PouchDB.Database): Promise<void> {
    const tail = new ChangeTail(db, (id) => this.notify(name, id), this.log);
    this.tails.set(name, tail);
    await tail.begin();
  }

  /** The recent changes of a followed collection, in memory (change-tail.ts). */
  tail(name: string): ChangeTail | undefined {
    return this.tails.get(name);
  }

  /**
   * Calls `listener` with the id of every change of the collection — or, with `partition`,
   * only of the changes whose id lies in that partition.
   */
  subscribe(name: string, listener: ChangeListener, partition?: string): () => void {
    const listeners = this.listenersOf(name);
    let set = listeners.any;
    if (partition !== undefined) {
      set = listeners.byPartition.get(partition) ?? new Set();
      listeners.byPartition.set(partition, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (partition !== undefined && set.size === 0 && listeners.byPartition.get(partition) === set) listeners.byPartition.delete(partition);
    };
  }

  /**
   * How many changes of the collection this process has seen. A store read that starts when
   * this is `g` sees every change counted up to `g` (the feed reports a change once it is stored).
   */
  generation(name: string): number {
    return this.collections.get(name)?.generation ?? 0;
  }

  stop(): void {
    for (const tail of this.tails.values()) tail.stop();
    this.tails.clear();
    this.collections.clear();
  }

  private listenersOf(name: string): CollectionListeners {
    let listeners = this.collections.get(name);
    if (!listeners) {
      listeners = { byPartition: new Map(), any: new Set(), generation: 0 };
      this.collections.set(name, listeners);
    }
    return listeners;
  }

  private notify(name: string, id: string): void {
    const listeners = this.listenersOf(name);
    listeners.generation++;
    const partition = partitionOf(id);
    if (partition !== null) for (const listener of listeners.byPartition.get(partition) ?? []) listener(id);
    for (const listener of listeners.any) listener(id);
  }
}
