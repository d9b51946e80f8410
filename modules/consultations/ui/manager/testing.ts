import { provideEnvironmentInitializer, provideZonelessChangeDetection, type EnvironmentProviders, type Provider } from '@angular/core';
import { provideRouter } from '@angular/router';
import { provideStore } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import { connectivityFeature } from '../../../../pwa/src/app/core/connectivity/connectivity.reducer';
import { registerSvgIcons } from '../../../../pwa/src/app/core/icons/svg-icons';
import { MODULE_REGISTRY } from '../../../../pwa/src/app/core/modules/module-registry';
import { ReplicationService } from '../../../../pwa/src/app/core/replication/replication.service';
import { sessionFeature } from '../../../../pwa/src/app/core/session/session.reducer';
import { syncFeature } from '../../../../pwa/src/app/core/sync/sync.reducer';
import { consultationsModule } from '../../index';

/**
 * Test set-up for the manager's and the doctor's settings specs (never imported by pages): the
 * shell's real NgRx state with a signed-in person, this module in the registry (its strings and
 * collections), no network replication.
 */
export function consultationsTestProviders(user: SessionUser, online: boolean): (Provider | EnvironmentProviders)[] {
  return [
    provideZonelessChangeDetection(),
    provideRouter([]),
    provideEnvironmentInitializer(registerSvgIcons),
    { provide: MODULE_REGISTRY, useValue: [consultationsModule] },
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

/** Polls until `probe` holds (IndexedDB, dialogs and live queries settle asynchronously). */
export async function until(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
