import { provideEnvironmentInitializer, provideZonelessChangeDetection, type EnvironmentProviders, type Provider } from '@angular/core';
import { provideRouter } from '@angular/router';
import { provideStore } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import type { RxCollection } from 'rxdb';
import { connectivityFeature } from '../../../../pwa/src/app/core/connectivity/connectivity.reducer';
import { DataLayer } from '../../../../pwa/src/app/core/db/data-layer.service';
import { registerSvgIcons } from '../../../../pwa/src/app/core/icons/svg-icons';
import { ReplicationService } from '../../../../pwa/src/app/core/replication/replication.service';
import { sessionFeature } from '../../../../pwa/src/app/core/session/session.reducer';
import { syncFeature } from '../../../../pwa/src/app/core/sync/sync.reducer';

/**
 * Test set-up of the consultations specs: the shell's real NgRx state (session, connectivity,
 * sync) with a signed-in person, a real local RxDB database, no network replication.
 */
export function consultationsTestProviders(user: SessionUser, online: boolean): (Provider | EnvironmentProviders)[] {
  return [
    provideZonelessChangeDetection(),
    provideRouter([]),
    provideEnvironmentInitializer(registerSvgIcons),
    provideStore(
      { [sessionFeature.name]: sessionFeature.reducer, [connectivityFeature.name]: connectivityFeature.reducer, [syncFeature.name]: syncFeature.reducer },
      {
        initialState: {
          [sessionFeature.name]: { user, status: 'signed-in' as const, error: null },
          [connectivityFeature.name]: { network: online, serverReachable: true },
        },
      },
    ),
    { provide: ReplicationService, useValue: { start: () => undefined, stop: async () => undefined } },
  ];
}

/** Writes a document straight into the local database (as replication would). */
export async function insertLocal(layer: DataLayer, collection: string, doc: object): Promise<void> {
  const db = (await layer.database()).db;
  await (db.collections[collection] as RxCollection<Record<string, unknown>>).insert(doc as Record<string, unknown>);
}

/** Polls until `probe` holds (IndexedDB and live queries settle asynchronously). */
export async function until(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
