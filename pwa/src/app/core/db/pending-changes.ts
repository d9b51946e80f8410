import type { RxDatabase } from 'rxdb';
import { Observable, map } from 'rxjs';
import { modifyLocal, watchLocal } from './local-state';

const PENDING_DOC = 'pending-changes';

interface PendingData {
  byCollection: Record<string, string[]>;
}

/**
 * Ids of documents changed on this device and not yet confirmed by the server, per
 * collection: the "N changes waiting to sync" figure. Persisted, so it survives reloads
 * and offline restarts; ids leave when the replication reports them sent.
 */
export class PendingChanges {
  readonly counts$: Observable<Readonly<Record<string, number>>>;

  constructor(private readonly db: RxDatabase) {
    this.counts$ = watchLocal<PendingData>(db, PENDING_DOC).pipe(
      map((doc) => {
        const byCollection = (doc?.get('byCollection') as PendingData['byCollection'] | undefined) ?? {};
        return Object.fromEntries(Object.entries(byCollection).map(([name, ids]) => [name, ids.length]));
      }),
    );
  }

  add(collection: string, id: string): Promise<void> {
    return modifyLocal<PendingData>(this.db, PENDING_DOC, { byCollection: {} }, (data) => {
      const ids = data.byCollection[collection] ?? [];
      if (ids.includes(id)) return data;
      return { byCollection: { ...data.byCollection, [collection]: [...ids, id] } };
    });
  }

  settle(collection: string, settled: readonly string[]): Promise<void> {
    if (settled.length === 0) return Promise.resolve();
    return modifyLocal<PendingData>(this.db, PENDING_DOC, { byCollection: {} }, (data) => {
      const ids = data.byCollection[collection] ?? [];
      const remaining = ids.filter((id) => !settled.includes(id));
      if (remaining.length === ids.length) return data;
      return { byCollection: { ...data.byCollection, [collection]: remaining } };
    });
  }

  async ids(collection: string): Promise<readonly string[]> {
    const doc = await this.db.getLocal<PendingData>(PENDING_DOC);
    return (doc?.get('byCollection') as PendingData['byCollection'] | undefined)?.[collection] ?? [];
  }
}
