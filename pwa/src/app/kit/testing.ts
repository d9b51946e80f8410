import { inject, provideEnvironmentInitializer, provideZonelessChangeDetection, type EnvironmentProviders, type Provider } from '@angular/core';
import { provideRouter } from '@angular/router';
import { provideStore } from '@ngrx/store';
import type { ModuleDefinition, SessionUser } from '@oblako/domain';
import { MODULES } from '@oblako/modules';
import type { RxCollection } from 'rxdb';
import { connectivityFeature } from '../core/connectivity/connectivity.reducer';
import type { DataLayer } from '../core/db/data-layer.service';
import { ERROR_TRANSLATIONS } from '../core/i18n/error-translations';
import { TranslationService } from '../core/i18n/translation.service';
import { registerSvgIcons } from '../core/icons/svg-icons';
import { MODULE_REGISTRY } from '../core/modules/module-registry';
import { ReplicationService } from '../core/replication/replication.service';
import { sessionFeature } from '../core/session/session.reducer';
import { syncFeature } from '../core/sync/sync.reducer';

// Another person's first-paint copy, planted (saveFirstPaintCopy writes only the signed-in person's).
export { plantFirstPaintCopy } from '../core/first-paint/testing';

/**
 * Test set-up for module pages (specs only; never imported by the app, so it stays out of the
 * bundle): the shell's real NgRx state (session, connectivity, sync) with a signed-in person, a
 * real local RxDB database when the spec opens one, and no network replication.
 */
export interface SignedInOptions {
  /** Provide an empty router (pages with links). */
  router?: boolean;
  /** The module registry to use instead of the app's (its collections and strings). */
  modules?: readonly ModuleDefinition[];
}

export function signedInTestProviders(user: SessionUser, online: boolean, options: SignedInOptions = {}): (Provider | EnvironmentProviders)[] {
  return [
    provideZonelessChangeDetection(),
    ...(options.router ? [provideRouter([])] : []),
    provideEnvironmentInitializer(registerSvgIcons),
    // The app loads the error strings as a chunk of their own; a spec has them from the start.
    provideEnvironmentInitializer(() => inject(TranslationService).extend(ERROR_TRANSLATIONS)),
    // The app loads the registry lazily (ModuleRegistryLoader); a spec has it from the start.
    { provide: MODULE_REGISTRY, useValue: options.modules ?? MODULES },
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

/** Polls until `probe` holds (IndexedDB, dialogs and live queries settle asynchronously). */
export async function until(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Lets a rendered page settle: a few rounds of «wait a little, then until Angular is stable»,
 * for live queries, HTTP stubs and dialogs that resolve one after another.
 */
export async function settleFixture(fixture: { whenStable(): Promise<unknown> }, rounds: number, ms: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await fixture.whenStable();
  }
}
