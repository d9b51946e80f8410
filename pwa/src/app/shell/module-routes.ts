import type { Routes } from '@angular/router';
import type { ModuleDefinition } from '@oblako/domain';
import { roleGuard, signedOutGuard } from '../core/auth/guards';

/**
 * The routes modules contribute: each module's pages load lazily under `/<ui.path>` and only
 * match for the roles the module names. A module that is not registered has no route at all.
 */
export function buildModuleRoutes(modules: readonly ModuleDefinition[]): Routes {
  return modules.flatMap((module) => {
    const ui = module.ui;
    if (!ui) return [];
    return [
      {
        path: ui.path,
        canMatch: [roleGuard(ui.roles)],
        loadChildren: () => ui.loadRoutes() as Promise<Routes>,
      },
    ];
  });
}

/** Pages modules offer without sign-in (self-registration …), outside the signed-in layout. */
export function buildPublicModuleRoutes(modules: readonly ModuleDefinition[]): Routes {
  return modules.flatMap((module) => {
    const ui = module.publicUi;
    if (!ui) return [];
    return [{ path: ui.path, canActivate: [signedOutGuard], loadChildren: () => ui.loadRoutes() as Promise<Routes> }];
  });
}
