import { inject } from '@angular/core';
import { Router, type CanActivateFn, type CanMatchFn, type Route, type Routes } from '@angular/router';
import { Store } from '@ngrx/store';
import type { ModuleDefinition } from '@oblako/domain';
import { onboardingGuard, signedInGuard, signedOutGuard } from '../core/auth/guards';
import { AppIcons } from '../core/icons/app-icons';
import { MODULE_REGISTRY, ModuleRegistryLoader } from '../core/modules/module-registry';
import { selectRole, selectUser } from '../core/session/session.selectors';
import { buildModuleRoutes, buildPublicModuleRoutes } from './module-routes';
import { buildNav } from './module-nav';

const SIGN_IN_ROUTE: Route = {
  path: 'sign-in',
  canActivate: [signedOutGuard],
  // Its form draws its icons itself (sign-in/sign-in-form.component.ts): no icon registry first.
  loadComponent: () => import('../sign-in/sign-in.page').then((m) => m.SignInPage),
};

/**
 * Nobody signed in on this device: the start page is the sign-in page. A guard, not a
 * `redirectTo` route: the router ignores guards on redirects, and a signed-in person's `/` must
 * fall through to the shell.
 */
const signInFirst: CanMatchFn = () => (inject(Store).selectSignal(selectUser)() === null ? inject(Router).parseUrl('/sign-in') : false);

/**
 * The app's route table: the sign-in page at once; everything else (modules' public pages, the
 * signed-in shell) with the modules' registry, which loads when one of them is first matched.
 * `/` for someone signed out goes straight to the sign-in page, without the registry.
 */
export const APP_ROUTES: Routes = [
  SIGN_IN_ROUTE,
  { path: '', pathMatch: 'full', canMatch: [signInFirst], children: [] },
  {
    path: '',
    // The registry and the icons in parallel: every page below shows icons.
    loadChildren: () =>
      Promise.all([inject(ModuleRegistryLoader).load(), inject(AppIcons).ready()]).then(([modules]) =>
        buildAppRoutes(modules).filter((route) => route !== SIGN_IN_ROUTE),
      ),
  },
];

/** The whole route table: sign-in, and the signed-in shell with every module's pages. */
export function buildAppRoutes(modules: readonly ModuleDefinition[]): Routes {
  return [
    SIGN_IN_ROUTE,
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
