import { Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import { BehaviorSubject, Subscription, filter, firstValueFrom } from 'rxjs';
import { MODULE_REGISTRY } from '../modules/module-registry';
import { ReplicationService } from '../replication/replication.service';
import { syncActions } from '../sync/sync.actions';
import { FIRST_SCREEN_MAX_WAIT_MS, FirstScreenReads } from './first-screen-reads';
import { DATABASE_OPENED_AT_SIGN_IN, type DatabaseOpenedAtSignIn } from './opened-at-sign-in';
import { readFirst } from './read-first';
import { collectionsOf } from '../modules/collections-of';
import { DATA_OPEN_MARK, DATA_OPEN_START_MARK, closeUnadopted } from './start-at-sign-in';
import { databaseName, openUserDatabase, removeUserDatabase, type UserDatabase } from './user-database';

// What the light sign-in application calls from this chunk (one dynamic import for it and DataLayer).
export { DATA_OPEN_MARK, DATA_OPEN_START_MARK, closeUnadopted, openAtSignIn, startAtSignIn } from './start-at-sign-in';

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
  private readonly definitions = collectionsOf(inject(MODULE_REGISTRY));
  /** Not yet adopted (see DATABASE_OPENED_AT_SIGN_IN): taken by the first open, dropped by a close before it. */
  private openedAtSignIn: DatabaseOpenedAtSignIn | null = inject(DATABASE_OPENED_AT_SIGN_IN, { optional: true });
  private readonly current$ = new BehaviorSubject<{ userId: string; database: UserDatabase } | null>(null);
  private opening: { userId: string; promise: Promise<void> } | null = null;
  /** Settles once the first screen of a reload has drawn its data (or at the bound); at once otherwise. */
  private firstScreenWait: Promise<unknown> = Promise.resolve();
  private subscriptions = new Subscription();

  open(user: SessionUser, options: OpenOptions = {}): Promise<void> {
    if (this.opening?.userId === user.id) return this.opening.promise;
    const early = this.takeOpenedAtSignIn(user.id);
    const opening: { userId: string; promise: Promise<void> } = { userId: user.id, promise: Promise.resolve() };
    opening.promise = (async () => {
      await this.close();
      // A new person's data (a sign-in): nothing of a past start to wait for.
      this.firstScreenWait = Promise.resolve();
      let database = early ? await early.database : null;
      let firstPages = (await early?.firstPages) ?? undefined;
      if (!database) {
        firstPages?.drop();
        firstPages = undefined;
        performance.mark(DATA_OPEN_START_MARK);
        database = await openUserDatabase(databaseName(user.id), this.definitions);
        performance.mark(DATA_OPEN_MARK);
      }
      // Closed (signed out) or another person's data asked for while it opened: not theirs to keep.
      if (this.opening !== opening) {
        firstPages?.drop();
        await database.db.close();
        return;
      }
      this.subscriptions.add(database.notices.notices$.subscribe((notices) => this.store.dispatch(syncActions.noticesChanged({ notices }))));
      this.subscriptions.add(database.pending.counts$.subscribe((pending) => this.store.dispatch(syncActions.pendingChanged({ pending }))));
      this.current$.next({ userId: user.id, database });
      if (!options.replicationAfterFirstScreen || globalThis.localStorage?.getItem(REPLICATION_AT_ONCE_KEY) === 'yes') {
        if (firstPages) this.replication.start(database, user.role, firstPages);
        else this.replication.start(database, user.role);
        return;
      }
      firstPages?.drop();
      // Not awaited: `open` resolves as the database opens, pages read at once.
      this.firstScreenWait = this.firstScreen.drawn();
      void this.firstScreenWait.then(() => {
        // Closed (signed out) or another person's data opened meanwhile: nothing to start.
        if (this.current$.value?.database === database) this.replication.start(database, user.role);
      });
    })();
    this.opening = opening;
    return opening.promise;
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
    // Asked before the database is open (a reload's start), the first screen has not begun: wait
    // for the open too, or work meant to come after it comes before the data's own open (the
    // device views' queue opened its database first, bench/README.md, bench:page, session 13).
    // Bounded like the first screen: an open that never ends must not hold that work for good.
    const opening = this.opening?.promise;
    if (!opening) return this.firstScreenWait.then(() => undefined);
    let bound: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<void>((resolve) => (bound = setTimeout(resolve, FIRST_SCREEN_MAX_WAIT_MS)));
    return Promise.race([opening.catch(() => undefined), timedOut])
      .finally(() => clearTimeout(bound))
      .then(() => this.firstScreenWait)
      .then(() => undefined);
  }

  /** The first `limit` documents in the sort's order, read once from the storage (see readFirst). */
  async readFirst<T>(collectionName: string, selector: Record<string, unknown>, sort: readonly Readonly<Record<string, 'asc' | 'desc'>>[], limit: number): Promise<T[]> {
    const collection = (await this.database()).db.collections[collectionName];
    if (!collection) throw new Error(`Unknown collection ${collectionName}`);
    return readFirst<T>(collection, selector as never, sort, limit);
  }

  async close(): Promise<void> {
    this.opening = null;
    // Opened at sign-in for a person who signed out before the app asked for their data.
    const unadopted = this.takeOpenedAtSignIn(null);
    if (unadopted) await closeUnadopted(unadopted);
    await this.replication.stop();
    this.subscriptions.unsubscribe();
    this.subscriptions = new Subscription();
    const current = this.current$.value;
    this.current$.next(null);
    if (current) await current.database.db.close();
    // Not «nothing pending»: a reload's open closes first, and until its database answers the
    // shell must not say «Все изменения отправлены» (there may be changes from last time).
    this.store.dispatch(syncActions.pendingUnknown());
    this.store.dispatch(syncActions.noticesChanged({ notices: [] }));
  }

  /**
   * The database the light sign-in application opened (once): for `userId`, to adopt; for anyone
   * else, closed here (never kept open for a person who is not the one signed in).
   */
  private takeOpenedAtSignIn(userId: string | null): DatabaseOpenedAtSignIn | null {
    const opened = this.openedAtSignIn;
    this.openedAtSignIn = null;
    if (!opened) return null;
    // Adopted, or (no one to adopt it: a close) closed by the caller.
    if (opened.userId === userId || userId === null) return opened;
    void closeUnadopted(opened);
    return null;
  }

  /** Wipes a person's data from this device (their session ended on the server). */
  async removeLocalData(userId: string): Promise<void> {
    // IndexedDB waits for other tabs to close the database; they follow the sign-out within
    // moments (storage event), but never let a stuck tab hang the sign-in page.
    await Promise.race([removeUserDatabase(databaseName(userId)), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
}
