import { inject, provideAppInitializer, type ApplicationRef } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import type { SessionResponse } from '@oblako/domain';
import { AppComponent } from '../app.component';
import { appConfig } from '../app.config';
import { SessionControl } from '../core/session/session-control';

/**
 * Starts the full app (router, store, shell, modules). `session`: the light sign-in application
 * has just signed the person in; the app takes the session over as a sign-in made in it would
 * (remembered, data opened, home page through the onboarding gates).
 */
export function startFullApp(session?: SessionResponse): Promise<ApplicationRef> {
  const handOver = session ? [provideAppInitializer(() => inject(SessionControl).started(session))] : [];
  return bootstrapApplication(AppComponent, { ...appConfig, providers: [...appConfig.providers, ...handOver] });
}
