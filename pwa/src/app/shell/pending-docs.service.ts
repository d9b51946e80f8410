import { Injectable, inject } from '@angular/core';
import { Observable, from, map, switchMap } from 'rxjs';
import { LazyDataLayer } from '../core/db/lazy-data-layer';

/**
 * Which documents of a collection were changed on this device and not yet confirmed by the
 * server, live: pages mark them «ждёт отправки». The same record the sync status counts.
 */
@Injectable({ providedIn: 'root' })
export class PendingDocs {
  // Lazily: pages that show these marks draw before RxDB's chunk has loaded (see DataService).
  private readonly layer = inject(LazyDataLayer);

  ids$(collection: string): Observable<ReadonlySet<string>> {
    return from(this.layer.database()).pipe(
      switchMap((database) => database.pending.counts$.pipe(switchMap(() => from(database.pending.ids(collection))))),
      map((ids) => new Set(ids)),
    );
  }
}
