import { Injectable, signal, type Signal, type WritableSignal } from '@angular/core';

/**
 * Counters on navigation entries (NavEntry.badge): a module publishes a number under its key
 * («consultations.unread»), the shell shows it on the entry while it is above 0.
 */
@Injectable({ providedIn: 'root' })
export class NavBadges {
  private readonly counts = new Map<string, WritableSignal<number>>();

  set(key: string, count: number): void {
    this.slot(key).set(Math.max(0, Math.floor(count)));
  }

  /** The live count under `key` (0 while nothing was published). */
  count(key: string): Signal<number> {
    return this.slot(key).asReadonly();
  }

  private slot(key: string): WritableSignal<number> {
    let entry = this.counts.get(key);
    if (!entry) {
      entry = signal(0);
      this.counts.set(key, entry);
    }
    return entry;
  }
}
