import { bootstrapApplication } from '@angular/platform-browser';
import { startsWithLightSignIn } from './app/start/start-decision';

// Nobody signed in on this device: the light sign-in application (the form, no router, store
// or Material), and the full app loads while the person types; otherwise the full app at once.
// Each is a chunk of its own, fetched beside this one (index.html's preload script:
// scripts/write-start-preload.mjs); Angular's core and platform, which both need, come with
// this file (bench/README.md, bench:lighthouse, session 7).
const started = startsWithLightSignIn(location.pathname)
  ? import('./app/start/sign-in-app').then((m) => bootstrapApplication(m.SignInStartComponent, m.signInAppConfig))
  : import('./app/start/full-app').then((m) => bootstrapApplication(m.AppComponent, m.fullAppConfig()));
started.catch((error: unknown) => console.error(error));
