import { EnvironmentInjector, inject, runInInjectionContext } from '@angular/core';
import { Store } from '@ngrx/store';
import { FirstPageDrawn } from '../first-paint/first-page-drawn';
import { selectUser } from '../session/session.selectors';
import { ModuleRegistryLoader } from './module-registry';

/**
 * Starts the background work of modules (`ui.loadBackground`) once someone of the module's roles
 * is signed in, so it runs whichever page is open: an upload queue resumes after the app was
 * closed and reopened on another page. Each module starts once per page load; its services
 * follow the signed-in person themselves.
 */
export function startModuleBackgroundWork(): void {
  const injector = inject(EnvironmentInjector);
  const registry = inject(ModuleRegistryLoader);
  const started = new Set<string>();
  const firstScreen = inject(FirstPageDrawn);
  inject(Store)
    .select(selectUser)
    .subscribe(async (user) => {
      if (!user) return;
      // Nothing of it is needed to draw the first screen: not in front of it (FirstPageDrawn).
      await firstScreen.whenFirstScreenNeedsNothingElse();
      const modules = await registry.load().catch((error: unknown) => {
        console.error('the module registry did not load', error);
        return [];
      });
      for (const module of modules) {
        const ui = module.ui;
        if (!ui?.loadBackground || !ui.roles.includes(user.role) || started.has(module.id)) continue;
        started.add(module.id);
        ui.loadBackground()
          .then((start) => runInInjectionContext(injector, start))
          .catch((error: unknown) => {
            // A chunk that failed to load (offline before it was cached): try again at the next sign-in.
            started.delete(module.id);
            console.error(`background work of module ${module.id} did not start`, error);
          });
      }
    });
}
