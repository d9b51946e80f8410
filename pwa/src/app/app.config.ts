import { ApplicationConfig, isDevMode, provideAppInitializer, provideEnvironmentInitializer, provideZonelessChangeDetection, inject } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideServiceWorker } from '@angular/service-worker';
import { provideEffects } from '@ngrx/effects';
import { Store, provideStore } from '@ngrx/store';
import { SessionStore } from './core/auth/session-store';
import { TranslationService } from './core/i18n/translation.service';
import { ConnectivityEffects } from './core/connectivity/connectivity.effects';
import { connectivityFeature } from './core/connectivity/connectivity.reducer';
import { startModuleBackgroundWork } from './core/modules/module-background';
import { prefetchLazyAssetsWhenIdle } from './core/service-worker/lazy-assets-prefetch';
import { claimWhenUncontrolled } from './core/service-worker/claim-when-uncontrolled';
import { registerWhenSettled } from './core/service-worker/registration-moment';
import { SessionEffects } from './core/session/session.effects';
import { sessionActions } from './core/session/session.actions';
import { sessionFeature } from './core/session/session.reducer';
import { syncFeature } from './core/sync/sync.reducer';
import { APP_ROUTES } from './shell/app-routes';
import { provideStartupPrefetch } from './shell/startup-prefetch';

export const appConfig: ApplicationConfig = {
  providers: [
    provideZonelessChangeDetection(),
    provideRouter(APP_ROUTES, withComponentInputBinding()),
    provideStore({
      [sessionFeature.name]: sessionFeature.reducer,
      [connectivityFeature.name]: connectivityFeature.reducer,
      [syncFeature.name]: syncFeature.reducer,
    }),
    provideEffects(SessionEffects, ConnectivityEffects),
    provideStartupPrefetch(),
    provideEnvironmentInitializer(startModuleBackgroundWork),
    // At once: its error strings then load beside the first page's chunks, not after them.
    provideEnvironmentInitializer(() => void inject(TranslationService)),
    // A session remembered on this device opens the app at once, without the network.
    provideAppInitializer(() => {
      const user = inject(SessionStore).load();
      if (user) inject(Store).dispatch(sessionActions.restored({ user }));
    }),
    provideServiceWorker('oblako-worker.js', {
      enabled: !isDevMode(),
      // Once the first screen is up and a signed-in person's data is on the device (not beside
      // a first sync: registration-moment.ts). While it installs, the requests of the page it
      // controls wait for it: it installs only the entry files (ngsw-config.json), the chunks are
      // cached afterwards when the page is idle (prefetchLazyAssetsWhenIdle), before the first offline moment.
      registrationStrategy: registerWhenSettled,
    }),
    provideEnvironmentInitializer(claimWhenUncontrolled),
    provideEnvironmentInitializer(prefetchLazyAssetsWhenIdle),
  ],
};
