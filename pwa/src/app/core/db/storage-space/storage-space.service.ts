import { Injectable, computed, signal, type Signal } from '@angular/core';
import { OutOfStorageError, isQuotaExceeded } from './quota-error';

/**
 * Something on the device that may be deleted to make room, because it can be fetched again
 * (the doctor's offline copies of patients' files). Never a person's unsent change.
 */
export interface SpaceReclaimer {
  /** Translation key of what it is, e.g. «копии файлов для работы без связи». */
  labelKey: string;
  /** Bytes it takes now. */
  bytes: Signal<number>;
  /** Deletes it (and keeps it from filling the device again by itself). */
  free(): Promise<void>;
}

export interface StorageShortage {
  at: number;
  /**
   * `freed`: the change was kept after deleting what could be fetched again (`freedBytes`);
   * `full`: the change could not be kept — the caller still holds it.
   */
  kind: 'freed' | 'full';
  freedBytes: number;
}

/**
 * What to do when the device is out of storage (a phone full of photos): a write that fails
 * with QuotaExceededError first makes room by deleting what can be fetched again — the doctor's
 * offline file copies — and is tried once more; if it still fails, the change is not dropped
 * (the caller keeps it: the form stays filled, the queue keeps it) and the shell shows what to
 * free (`shortage`).
 */
@Injectable({ providedIn: 'root' })
export class StorageSpace {
  private readonly reclaimers = signal<readonly SpaceReclaimer[]>([]);
  private readonly shortageState = signal<StorageShortage | null>(null);

  /** The last time storage ran out, until the person closes the message. */
  readonly shortage = this.shortageState.asReadonly();
  /** What can be freed now, largest first. */
  readonly reclaimable = computed(() =>
    this.reclaimers()
      .map((reclaimer) => ({ labelKey: reclaimer.labelKey, bytes: reclaimer.bytes() }))
      .filter((item) => item.bytes > 0)
      .sort((a, b) => b.bytes - a.bytes),
  );
  readonly reclaimableBytes = computed(() => this.reclaimable().reduce((sum, item) => sum + item.bytes, 0));

  /** Registers something that may be deleted under storage pressure; returns the unregistration. */
  register(reclaimer: SpaceReclaimer): () => void {
    this.reclaimers.update((list) => [...list, reclaimer]);
    return () => this.reclaimers.update((list) => list.filter((r) => r !== reclaimer));
  }

  /**
   * Runs a write; out of storage, frees what may be freed and runs it once more. Throws
   * OutOfStorageError (and shows the shortage) when that did not help; other errors pass as they are.
   */
  async write<T>(attempt: () => Promise<T>): Promise<T> {
    let freedBytes = 0;
    try {
      return await attempt();
    } catch (error) {
      if (!isQuotaExceeded(error)) throw error;
      freedBytes = await this.freeAll();
      if (freedBytes === 0) {
        this.report();
        throw new OutOfStorageError(error);
      }
    }
    try {
      const result = await attempt();
      this.shortageState.set({ at: Date.now(), kind: 'freed', freedBytes });
      return result;
    } catch (error) {
      if (!isQuotaExceeded(error)) throw error;
      this.report(freedBytes);
      throw new OutOfStorageError(error);
    }
  }

  /** A change could not be kept for lack of storage (e.g. the file queue's): show what to free. */
  report(freedBytes = 0): void {
    this.shortageState.set({ at: Date.now(), kind: 'full', freedBytes });
  }

  /** The «free» button: deletes everything that may be fetched again. */
  async freeNow(): Promise<void> {
    await this.freeAll();
  }

  dismiss(): void {
    this.shortageState.set(null);
  }

  /** Frees every reclaimer that holds something; resolves to the bytes they held. */
  private async freeAll(): Promise<number> {
    let freed = 0;
    for (const reclaimer of this.reclaimers()) {
      const bytes = reclaimer.bytes();
      if (bytes === 0) continue;
      await reclaimer.free().then(
        () => (freed += bytes),
        (error) => console.error('freeing storage failed', error),
      );
    }
    return freed;
  }
}
