import { Injectable, Injector, inject } from '@angular/core';
import { ModuleRegistryLoader } from '../modules/module-registry';
import type { DataLayer } from './data-layer.service';

/**
 * The data layer (RxDB, Dexie, replication: ~260 kB of JavaScript) for code that runs before
 * anyone is signed in. Importing `DataLayer` directly would put all of it into the start bundle
 * that the sign-in page waits for; through this class it loads when a person's data is first
 * opened (sign-in, or a remembered session at start, offline too: the chunk is in the service
 * worker's prefetched app shell).
 */
@Injectable({ providedIn: 'root' })
export class LazyDataLayer {
  private readonly injector = inject(Injector);
  private readonly registry = inject(ModuleRegistryLoader);
  private loaded: Promise<DataLayer> | null = null;

  get(): Promise<DataLayer> {
    // The data layer reads the modules' collections: the registry first.
    this.loaded ??= Promise.all([import('./data-layer.service'), this.registry.load()]).then(([m]) => this.injector.get(m.DataLayer));
    // A chunk that failed to load (offline before it was cached) is tried again next time.
    this.loaded.catch(() => (this.loaded = null));
    return this.loaded;
  }

}
