import type { ChangeNotifier } from './change-notifier';

/**
 * What this process's longpolls are doing, observable from outside: how many are held waiting
 * for a change right now, and when a change has reached the waiters. Tests (and anything that
 * must act only once a device is really waiting) wait for these signals instead of pausing for
 * a guessed time, which breaks on a loaded machine.
 */
export class ReplicationWaits {
  private heldNow = 0;
  private readonly watchers = new Set<() => void>();

  constructor(private readonly notifier: ChangeNotifier) {}

  /** Longpolls held right now: read everything they may see, found nothing, subscribed and waiting. */
  get held(): number {
    return this.heldNow;
  }

  /** Resolves as soon as at least `count` longpolls are held (at once if they already are). */
  until(count: number): Promise<void> {
    if (this.heldNow >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.heldNow < count) return;
        this.watchers.delete(check);
        resolve();
      };
      this.watchers.add(check);
    });
  }

  /**
   * Resolves once this process's change feed of `collection` has handed a change of document `id`
   * to the waiting longpolls (call it before the write). After it, a longpoll that was going to
   * wake for that change has been told.
   */
  changeSeen(collection: string, id: string): Promise<void> {
    return new Promise((resolve) => {
      const stop = this.notifier.subscribe(collection, (changed) => {
        if (changed !== id) return;
        stop();
        // After the other listeners of this change (subscribed earlier) have run.
        queueMicrotask(resolve);
      });
    });
  }

  /** Called by the longpoll when it starts holding (`+1`) and when it ends (`-1`). */
  track(delta: 1 | -1): void {
    this.heldNow += delta;
    for (const check of [...this.watchers]) check();
  }
}
