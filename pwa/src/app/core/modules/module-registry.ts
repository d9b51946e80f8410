import { Injectable, InjectionToken, inject } from '@angular/core';
import type { ModuleDefinition } from '@oblako/domain';

/**
 * Loads the feature modules' registry (`@oblako/modules`: every module's definition with its
 * strings, schemas and rules, ~230 kB) as a chunk of its own, so the sign-in page does not wait
 * for it: the router loads it with the signed-in shell's routes, the data layer before it opens
 * a database, the sign-in page after it is drawn (for its links). Offline it comes from the
 * service worker's app shell like every other chunk.
 */
@Injectable({ providedIn: 'root' })
export class ModuleRegistryLoader {
  /**
   * One array for the app's lifetime, filled in place when the chunk arrives: the injector
   * keeps the first value MODULE_REGISTRY resolves to, so it must be this very array.
   */
  readonly registry: readonly ModuleDefinition[] = [];
  private loading: Promise<readonly ModuleDefinition[]> | null = null;
  private readonly listeners: ((modules: readonly ModuleDefinition[]) => void)[] = [];

  load(): Promise<readonly ModuleDefinition[]> {
    this.loading ??= import('@oblako/modules').then(({ MODULES }) => {
      const registry = this.registry as ModuleDefinition[];
      if (registry.length === 0) registry.push(...MODULES);
      for (const listener of this.listeners.splice(0)) listener(registry);
      return registry;
    });
    // A chunk that failed to load (offline before it was cached) is tried again next time.
    this.loading.catch(() => (this.loading = null));
    return this.loading;
  }

  /** Runs `listener` once the registry has loaded, before load() resolves. */
  whenLoaded(listener: (modules: readonly ModuleDefinition[]) => void): void {
    if (this.registry.length > 0) listener(this.registry);
    else this.listeners.push(listener);
  }
}

/**
 * The feature modules the shell runs with. Everything module-driven (routes, navigation,
 * collections, translations) reads this token, so tests can run the shell with any registry.
 * In the app it is empty until ModuleRegistryLoader.load() resolves: what reads it runs under the
 * signed-in shell's routes (loaded with the registry) or awaits load() first.
 */
export const MODULE_REGISTRY = new InjectionToken<readonly ModuleDefinition[]>('MODULE_REGISTRY', {
  providedIn: 'root',
  factory: () => inject(ModuleRegistryLoader).registry,
});
