import { startsWithLightSignIn } from './app/start/start-decision';
import { startSignInApp } from './app/start/sign-in-app';

// Nobody signed in on this device: the light sign-in application (Angular's core and the form)
// is all the page runs; the full app loads while the person types. Otherwise the full app at
// once (its chunks are preloaded next to this one: scripts/write-start-preload.mjs).
const started = startsWithLightSignIn(location.pathname) ? startSignInApp() : import('./app/start/full-app').then((m) => m.startFullApp());
started.catch((error: unknown) => console.error(error));
