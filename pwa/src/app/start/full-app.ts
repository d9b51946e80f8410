import { inject, provideAppInitializer, type ApplicationConfig } from '@angular/core';
import type { SessionResponse } from '@oblako/domain';
import { AppComponent } from '../app.component';
import { appConfig } from '../app.config';
import { DATABASE_OPENED_AT_SIGN_IN, type DatabaseOpenedAtSignIn } from '../core/db/opened-at-sign-in';
import { SessionControl } from '../core/session/session-control';

export { AppComponent };

/**
 * The full app (router, store, shell, modules), bootstrapped by pwa/src/main.ts or by the light
 * sign-in application. `session`: the light application has just signed the person in; the app
 * takes the session over as a sign-in made in it would (remembered, data opened, home page
 * through the onboarding gates). `opened`: the person's database, which the light application
 * began to open when the sign-in was answered; the data layer adopts it.
 */
export function fullAppConfig(session?: SessionResponse, opened?: DatabaseOpenedAtSignIn): ApplicationConfig {
  const handOver = [
    ...(opened ? [{ provide: DATABASE_OPENED_AT_SIGN_IN, useValue: opened }] : []),
    ...(session ? [provideAppInitializer(() => inject(SessionControl).started(session))] : []),
  ];
  return { ...appConfig, providers: [...appConfig.providers, ...handOver] };
}
