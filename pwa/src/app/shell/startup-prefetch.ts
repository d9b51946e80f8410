import { EnvironmentInjector, inject, provideEnvironmentInitializer, runInInjectionContext, type EnvironmentProviders } from '@angular/core';
import type { Route, Routes } from '@angular/router';
import { Actions, ofType } from '@ngrx/effects';
import type { ModuleDefinition, SessionUser } from '@oblako/domain';
import { LazyDataLayer } from '../core/db/lazy-data-layer';
import { AppIcons } from '../core/icons/app-icons';
import { ModuleRegistryLoader } from '../core/modules/module-registry';
import { sessionActions } from '../core/session/session.actions';
import { loadPageRoutesById } from '@oblako/modules/page-routes';
import { buildNav } from './module-nav';

/**
 * The signed-in app is a chain of lazy chunks: the modules' registry, then the shell, then the
 * module's routes, then the page; the data layer (RxDB) beside them. Left to the router, each
 * starts only when the one before it has arrived and run. This starts them side by side as soon
 * as it is known they will be needed:
 *  - a sign-in is sent: the registry, icons, shell and data layer load while the server checks
 *    the password (the slowest step of a sign-in);
 *  - signed in, or a session remembered at start: also the chunks of the page that will open
 *    (the person's home page for `/`); a module's page at once, by the module's id, beside the
 *    registry (the home page needs the registry's navigation first).
 * It only fetches and evaluates chunks (imports are cached: the router's own import of the same
 * chunk resolves at once); it never navigates, and a failed fetch is left to the router.
 */
export function provideStartupPrefetch(): EnvironmentProviders {
  return provideEnvironmentInitializer(() => {
    const injector = inject(EnvironmentInjector);
    const registry = inject(ModuleRegistryLoader);
    const icons = inject(AppIcons);
    const dataLayer = inject(LazyDataLayer);
    const shell = () => {
      ignoreFailure(registry.load());
      ignoreFailure(icons.ready());
      ignoreFailure(import('./shell-layout.component'));
    };
    const page = (user: SessionUser, url: string) => {
      if (user.mustChangePassword) return;
      // An address of a module's page: its routes and page beside the registry, not after it.
      const direct = url === '/' || url === '' ? Promise.resolve(undefined) : pageRouteById(injector, url);
      ignoreFailure(
        direct
          .catch(() => undefined)
          .then(async (route) => route ?? pageToPrefetch(injector, await registry.load(), user, url))
          .then((route) => runInInjectionContext(injector, () => void route?.loadComponent?.())),
      );
    };
    inject(Actions)
      .pipe(ofType(sessionActions.signInRequested, sessionActions.signedIn, sessionActions.restored))
      .subscribe((action) => {
        shell();
        if (action.type === sessionActions.signInRequested.type) ignoreFailure(dataLayer.get());
        // After a sign-in the app goes home (SessionEffects); a remembered session opens the address.
        else page(action.user, action.type === sessionActions.signedIn.type ? '/' : location.pathname);
      });
  });
}

/**
 * The route of the page at `url` (not `/`) found without the registry: the module mounted at the
 * first segment, by its id (@oblako/modules/page-routes); undefined when that is not a module's
 * id, and the role guards decide as below.
 */
export async function pageRouteById(injector: EnvironmentInjector, url: string): Promise<Route | undefined> {
  const [first = '', ...rest] = url.split(/[?#]/)[0]!.split('/').filter(Boolean);
  const routes = await loadPageRoutesById(first);
  return routes && runInInjectionContext(injector, () => pageRouteOf(routes, rest));
}

/**
 * The route of the page `url` opens for `user` (its module's routes loaded on the way): `/` is
 * the role's home, the first navigation entry, as the shell's home guard decides.
 */
export async function pageToPrefetch(injector: EnvironmentInjector, modules: readonly ModuleDefinition[], user: SessionUser, url: string): Promise<Route | undefined> {
  const path = url === '/' || url === '' ? (buildNav(modules, user.role)[0]?.path ?? '') : url;
  const [first = '', ...rest] = path.split(/[?#]/)[0]!.split('/').filter(Boolean);
  const ui = modules.find((module) => module.ui?.path === first && module.ui.roles.includes(user.role))?.ui;
  if (!ui) return undefined;
  const routes = (await ui.loadRoutes()) as Routes;
  return runInInjectionContext(injector, () => pageRouteOf(routes, rest));
}

/**
 * The route a page's remaining path opens, among a module's routes: a literal first-segment
 * match (or `''` for none), skipping redirects and routes whose synchronous `canMatch` guards
 * (the role guards) say no. Parameterised and guarded-by-promise routes are left to the router.
 */
function pageRouteOf(routes: Routes, rest: readonly string[]): Route | undefined {
  const segment = rest[0] ?? '';
  return routes.find(
    (route) =>
      route.path === segment &&
      route.loadComponent !== undefined &&
      route.redirectTo === undefined &&
      (route.canMatch ?? []).every((guard) => passesAtOnce(guard, route)),
  );
}

function passesAtOnce(guard: unknown, route: Route): boolean {
  if (typeof guard !== 'function') return false;
  try {
    return (guard as (route: Route, segments: []) => unknown)(route, []) === true;
  } catch {
    return false; // a class-based guard, or one that needs the router's context
  }
}

function ignoreFailure(work: Promise<unknown>): void {
  // The router loads the same chunk when it needs it, and reports a failure then.
  work.catch(() => undefined);
}
