import { EnvironmentInjector, Injectable, inject, runInInjectionContext } from '@angular/core';

/**
 * The app's icons (svg-icons.ts) with Material's icon registry and the HttpClient it brings:
 * ~40 kB the sign-in page's start bundle does not need before its first route. The router loads
 * them next to a route's own chunk (see app-routes.ts), in parallel, so a page never draws a
 * `mat-icon` before its icon is registered (an icon missing then stays blank).
 */
@Injectable({ providedIn: 'root' })
export class AppIcons {
  private readonly injector = inject(EnvironmentInjector);
  private registered: Promise<void> | null = null;

  ready(): Promise<void> {
    this.registered ??= import('./svg-icons').then(({ registerSvgIcons }) => runInInjectionContext(this.injector, registerSvgIcons));
    // A chunk that failed to load (offline before it was cached) is tried again next time.
    this.registered.catch(() => (this.registered = null));
    return this.registered;
  }
}
