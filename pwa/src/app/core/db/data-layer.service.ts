import { Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import { BehaviorSubject, Subscription, filter, firstValueFrom } from 'rxjs';
import { MODULE_REGISTRY } from '../modules/module-registry';
import { ReplicationService } from '../replication/replication.service';
import { syncActions } from '../sync/sync.actions';
import { FirstScreenReads } from './first-screen-reads';
import { readFirst } from './read-first';
import { databaseName, openUserDatabase, removeUserDatabase, type UserDatabase } from './user-database';

/** User Timing marks: the person's database is asked to open, and is open (bench:page reads them). */
export const DATA_OPEN_START_MARK = 'oblako:data-open-start';
export const DATA_OPEN_MARK = 'oblako:data-open';

/** A device flag (localStorage) that starts a reload's replication at once: for bench:page's before/after only. */
export const REPLICATION_AT_ONCE_KEY = 'oblako:replication-at-once';

export interface OpenOptions {
  /**
   * Start the replication once the first screen has read and drawn its data (bounded by
   * FIRST_SCREEN_MAX_WAIT_MS): a remembered session at start, whose data is on the
   * device — the page's read and the replication's start-up would otherwise share IndexedDB.
   */
  replicationAfterFirstScreen?: boolean;
}

/**
 * Opens the signed-in person's database on this device (no network needed) and starts its
 * replication — after a sign-in at once, on a reload once the first screen has drawn its data
 * (OpenOptions) — and closes it on sign-out. Pages wait for it through `database()`.
 */
@Injectable({ providedIn: 'root' })
export class DataLayer {
  private readonly store = inject(Store);
  private readonly replication = inject(ReplicationService);
  private readonly firstScreen = inject(FirstScreenReads);
  private readonly definitions = inject(MODULE_REGISTRY).flatMap((m) => m.collections ?? []);
  private readonly current$ = new BehaviorSubject<{ userId: string; database: UserDatabase } | null>(null);
  private opening: { userId: string; promise: Promise<void> } | null = null;
  /** Settles once the first screen of a reload has drawn its data (or at the bound); at once otherwise. */
  private firstScreenWait: Promise<unknown> = Promise.resolve();
  private subscriptions = new Subscription();

  open(user: SessionUser, options: OpenOptions = {}): Promise<void> {
    if (this.opening?.userId === user.id) return this.opening.promise;
    const promise = (async () => {
      await this.close();
      // A new person's data (a sign-in): nothing of a past start to wait for.
      this.firstScreenWait = Promise.resolve();
      performance.mark(DATA_OPEN_START_MARK);
      const database = await openUserDatabase(databaseName(user.id), this.definitions);
      performance.mark(DATA_OPEN_MARK);
      this.subscriptions.add(database.notices.notices$.subscribe((notices) => this.store.dispatch(syncActions.noticesChanged({ notices }))));
      this.subscriptions.add(database.pending.counts$.subscribe((pending) => this.store.dispatch(syncActions.pendingChanged({ pending }))));
      this.current$.next({ userId: user.id, database });
      if (!options.replicationAfterFirstScreen || globalThis.localStorage?.getItem(REPLICATION_AT_ONCE_KEY) === 'yes') {
        this.replication.start(database, user.role);
        return;
      }
      // Not awaited: `open` resolves as the database opens, pages read at once.
      this.firstScreenWait = this.firstScreen.drawn();
      void this.firstScreenWait.then(() => {
        // Closed (signed out) or another person's data opened meanwhile: nothing to start.
        if (this.current$.value?.database === database) this.replication.start(database, user.role);
      });
    })();
    this.opening = { userId: user.id, promise };
    return promise;
  }

  /** The open database of the signed-in person (waits while it opens). */
  async database(): Promise<UserDatabase> {
    const current = await firstValueFrom(this.current$.pipe(filter((c) => c !== null)));
    return current.database;
  }

  /**
   * Settles once a reload's first screen has read and drawn its data (FirstScreenReads, bounded
   * like the replication's wait), at once after a sign-in: background work that reads much (a
   * module's whole collections) waits for it, as the replication does, instead of sharing
   * IndexedDB with the first screen's reads.
   */
  afterFirstScreen(): Promise<void> {
    return this.firstScreenWait.then(() => undefined);
  }

  /** The first `limit` documents in the sort's order, read once from the storage (see readFirst). */
  async readFirst<T>(collectionName: string, selector: Record<string, unknown>, sort: readonly Readonly<Record<string, 'asc' | 'desc'>>[], limit: number): Promise<T[]> {
    const collection = (await this.database()).db.collections[collectionName];
    if (!collection) throw new Error(`Unknown collection ${collectionName}`);
    return readFirst<T>(collection, selector as never, sort, limit);
  }

  async close(): Promise<void> {
    this.opening = null;
    await this.replication.stop();
    this.subscriptions.unsubscribe();
    this.subscriptions = new Subscription();
    const current = this.current$.value;
    this.current$.next(null);
    if (current) await current.database.db.close();
    this.store.dispatch(syncActions.pendingChanged({ pending: {} }));
    this.store.dispatch(syncActions.noticesChanged({ notices: [] }));
  }

  /** Wipes a person's data from this device (their session ended on the server). */
  async removeLocalData(userId: string): Promise<void> {
    // IndexedDB waits for other tabs to close the database; they follow the sign-out within
    // moments (storage event), but never let a stuck tab hang the sign-in page.
    await Promise.race([removeUserDatabase(databaseName(userId)), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
}
