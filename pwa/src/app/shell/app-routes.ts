import { inject } from '@angular/core';
import { Router, type CanActivateFn, type Routes } from '@angular/router';
import { Store } from '@ngrx/store';
import type { ModuleDefinition } from '@oblako/domain';
import { onboardingGuard, signedInGuard, signedOutGuard } from '../core/auth/guards';
import { MODULE_REGISTRY } from '../core/modules/module-registry';
import { selectRole } from '../core/session/session.selectors';
import { buildModuleRoutes, buildPublicModuleRoutes } from './module-routes';
import { buildNav } from './module-nav';

/** The whole route table: sign-in, and the signed-in shell with every module's pages. */
export function buildAppRoutes(modules: readonly ModuleDefinition[]): Routes {
  return [
    {
      path: 'sign-in',
      canActivate: [signedOutGuard],
      loadComponent: () => import('../sign-in/sign-in.page').then((m) => m.SignInPage),
    },
    ...buildPublicModuleRoutes(modules),
    {
      path: '',
      canActivate: [signedInGuard],
      canActivateChild: [onboardingGuard],
      loadComponent: () => import('./shell-layout.component').then((m) => m.ShellLayoutComponent),
      children: [
        ...buildModuleRoutes(modules),
        { path: '', pathMatch: 'full', canActivate: [homeGuard], loadComponent: () => import('./welcome.page').then((m) => m.WelcomePage) },
        { path: '**', loadComponent: () => import('./not-found.page').then((m) => m.NotFoundPage) },
      ],
    },
  ];
}

/** Home is the first navigation entry of the person's role (a welcome page when there is none). */
const homeGuard: CanActivateFn = () => {
  const role = inject(Store).selectSignal(selectRole)();
  const first = buildNav(inject(MODULE_REGISTRY), role)[0];
  return first ? inject(Router).parseUrl(first.path) : true;
};
