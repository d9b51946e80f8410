import { Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import { BehaviorSubject, Subscription, filter, firstValueFrom } from 'rxjs';
import { MODULE_REGISTRY } from '../modules/module-registry';
import { ReplicationService } from '../replication/replication.service';
import { syncActions } from '../sync/sync.actions';
import { databaseName, openUserDatabase, removeUserDatabase, type UserDatabase } from './user-database';

/**
 * Opens the signed-in person's database on this device (no network needed) and starts its
 * replication; closes it on sign-out. Pages wait for it through `database()`.
 */
@Injectable({ providedIn: 'root' })
export class DataLayer {
  private readonly store = inject(Store);
  private readonly replication = inject(ReplicationService);
  private readonly definitions = inject(MODULE_REGISTRY).flatMap((m) => m.collections ?? []);
  private readonly current$ = new BehaviorSubject<{ userId: string; database: UserDatabase } | null>(null);
  private opening: { userId: string; promise: Promise<void> } | null = null;
  private subscriptions = new Subscription();

  open(user: SessionUser): Promise<void> {
    if (this.opening?.userId === user.id) return this.opening.promise;
    const promise = (async () => {
      await this.close();
      const database = await openUserDatabase(databaseName(user.id), this.definitions);
      this.subscriptions.add(database.notices.notices$.subscribe((notices) => this.store.dispatch(syncActions.noticesChanged({ notices }))));
      this.subscriptions.add(database.pending.counts$.subscribe((pending) => this.store.dispatch(syncActions.pendingChanged({ pending }))));
      this.current$.next({ userId: user.id, database });
      this.replication.start(database, user.role);
    })();
    this.opening = { userId: user.id, promise };
    return promise;
  }

  /** The open database of the signed-in person (waits while it opens). */
  async database(): Promise<UserDatabase> {
    const current = await firstValueFrom(this.current$.pipe(filter((c) => c !== null)));
    return current.database;
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
