import { Injectable, inject } from '@angular/core';
import { Observable, from, map, switchMap } from 'rxjs';
import { DataLayer } from '../core/db/data-layer.service';

/**
 * Which documents of a collection were changed on this device and not yet confirmed by the
 * server, live: pages mark them «ждёт отправки». The same record the sync status counts.
 */
@Injectable({ providedIn: 'root' })
export class PendingDocs {
  private readonly layer = inject(DataLayer);

  ids$(collection: string): Observable<ReadonlySet<string>> {
    return from(this.layer.database()).pipe(
      switchMap((database) => database.pending.counts$.pipe(switchMap(() => from(database.pending.ids(collection))))),
      map((ids) => new Set(ids)),
    );
  }
}
