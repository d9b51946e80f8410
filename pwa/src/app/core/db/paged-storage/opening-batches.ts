import type { InstanceRead } from './page-file';
import type { WriteLock } from './write-lock';

interface Waiting<Opened> {
  key: string;
  finish: (read: InstanceRead) => Promise<Opened>;
  resolve: (opened: Opened) => void;
  reject: (error: unknown) => void;
}

/**
 * The instances asked to open while this tab waits for the write lock are opened together: under
 * one hold of the lock, their records read in one IndexedDB transaction (PageFile.readMany), then
 * each finished in the order asked. RxDB creates a database's collections all at once; read one
 * transaction after another, each instance waited for its own answer on a thread busy drawing
 * the first screen (four empty instances took 90 ms of a reload, bench/README.md, session 15).
 */
export class OpeningBatches<Opened> {
  private queue: Waiting<Opened>[] = [];
  private draining = false;

  constructor(
    private readonly lock: WriteLock,
    /** Under the lock: the records of these instances (and whatever reading them brings up to date). */
    private readonly readAll: (keys: string[]) => Promise<Map<string, InstanceRead>>,
  ) {}

  /** Resolves with `finish` of the instance's records, called under the lock. */
  open(key: string, finish: (read: InstanceRead) => Promise<Opened>): Promise<Opened> {
    return new Promise<Opened>((resolve, reject) => {
      this.queue.push({ key, finish, resolve, reject });
      if (this.draining) return;
      this.draining = true;
      this.lock.run(() => this.drain()).catch((error: unknown) => {
        // The lock itself failed: nothing was read, everyone waiting is told.
        this.draining = false;
        for (const waiting of this.take()) waiting.reject(error);
      });
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const batch = this.take();
      if (batch.length === 0) {
        // Synchronously with finding the queue empty: the next `open` starts a drain of its own.
        this.draining = false;
        return;
      }
      let read: Map<string, InstanceRead>;
      try {
        read = await this.readAll(batch.map((waiting) => waiting.key));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
        continue;
      }
      for (const waiting of batch) {
        try {
          waiting.resolve(await waiting.finish(read.get(waiting.key)!));
        } catch (error) {
          waiting.reject(error);
        }
      }
    }
  }

  private take(): Waiting<Opened>[] {
    const batch = this.queue;
    this.queue = [];
    return batch;
  }
}
