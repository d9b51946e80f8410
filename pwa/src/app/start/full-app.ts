import { inject, provideAppInitializer, type ApplicationConfig } from '@angular/core';
import type { SessionResponse } from '@oblako/domain';
import { AppComponent } from '../app.component';
import { appConfig } from '../app.config';
import { SessionControl } from '../core/session/session-control';

export { AppComponent };

/**
 * The full app (router, store, shell, modules), bootstrapped by pwa/src/main.ts or by the light
 * sign-in application. `session`: the light application has just signed the person in; the app
 * takes the session over as a sign-in made in it would (remembered, data opened, home page
 * through the onboarding gates).
 */
export function fullAppConfig(session?: SessionResponse): ApplicationConfig {
  const handOver = session ? [provideAppInitializer(() => inject(SessionControl).started(session))] : [];
  return { ...appConfig, providers: [...appConfig.providers, ...handOver] };
}
