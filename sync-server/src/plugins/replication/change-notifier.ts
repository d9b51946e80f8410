import type { FastifyBaseLogger } from 'fastify';
import { LiveFeed } from '../access/index';

export type ChangeListener = (id: string) => void;

/**
 * One live change feed per collection database per process, fanned out to every waiting
 * longpoll. Waiters hold no state another instance needs: a change written through any
 * instance (or straight into CouchDB) reaches every instance's feed.
 */
export class ChangeNotifier {
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private readonly feeds: LiveFeed[] = [];

  constructor(private readonly log: FastifyBaseLogger) {}

  /** Starts following a database; resolves once every later change is sure to be seen. */
  async follow(name: string, db: PouchDB.Database): Promise<void> {
    const feed = new LiveFeed(db, (id) => this.notify(name, id), this.log);
    this.feeds.push(feed);
    await feed.start();
  }

  subscribe(name: string, listener: ChangeListener): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  stop(): void {
    for (const feed of this.feeds) feed.stop();
    this.feeds.length = 0;
    this.listeners.clear();
  }

  private notify(name: string, id: string): void {
    for (const listener of this.listeners.get(name) ?? []) listener(id);
  }
}
