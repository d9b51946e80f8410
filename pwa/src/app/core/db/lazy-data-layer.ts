import { Injectable, InjectionToken, Injector, inject, signal } from '@angular/core';
import { FirstPageDrawn } from '../first-paint/first-page-drawn';
import { ModuleRegistryLoader } from '../modules/module-registry';
import type { DataLayer } from './data-layer.service';

/** Loads the data layer's chunk; a token so a spec can make the download fail. */
export const DATA_LAYER_CHUNK = new InjectionToken<() => Promise<typeof import('./data-layer.service')>>('DATA_LAYER_CHUNK', {
  providedIn: 'root',
  factory: () => () => import('./data-layer.service'),
});

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
  private readonly chunk = inject(DATA_LAYER_CHUNK);
  private readonly firstScreen = inject(FirstPageDrawn);
  private loaded: Promise<DataLayer> | null = null;
  private arrive!: (layer: DataLayer) => void;
  private readonly arrived = new Promise<DataLayer>((resolve) => (this.arrive = resolve));
  private readonly failedState = signal(false);
  /**
   * The chunk could not be downloaded (offline before the service worker cached it, a network
   * error): the shell says so with a retry instead of pages that look as if there were no data.
   */
  readonly failed = this.failedState.asReadonly();

  get(): Promise<DataLayer> {
    if (this.loaded) return this.loaded;
    // The data layer reads the modules' collections: the registry first.
    // After the first page is painted when that page draws from its copy (FirstPageDrawn).
    const loading = this.firstScreen
      .whenFirstScreenNeedsNothingElse()
      .then(() => Promise.all([this.chunk(), this.registry.load()]))
      .then(([m]) => this.injector.get(m.DataLayer));
    this.loaded = loading;
    loading.then(
      (layer) => {
        this.failedState.set(false);
        this.arrive(layer);
      },
      // Tried again on the next call (the retry, or a page asking for data).
      () => {
        if (this.loaded === loading) this.loaded = null;
        this.failedState.set(true);
      },
    );
    return loading;
  }

  /**
   * The data layer, however long it takes: at once when its code is here or downloads now, else
   * when any later `get()` downloads it (the shell's «Повторить», a page asking for its data).
   * For what must happen once the code is here whoever fetched it: opening the signed-in
   * person's data. A caller that waits here must check on arrival that it is still wanted.
   */
  whenArrived(): Promise<DataLayer> {
    return this.get().catch(() => this.arrived);
  }

  /** The person's database (DataLayer.database), its code loaded first: for code that reads before RxDB's chunk is needed. */
  async database(): ReturnType<DataLayer['database']> {
    return (await this.get()).database();
  }
}
