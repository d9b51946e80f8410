import { bootstrapApplication } from '@angular/platform-browser';
import { LIGHT_PAINT_ID, lightPaintReleased, releaseLightPaint } from './app/core/first-paint/page-snapshot';
import { lightFirstPaintSnapshot, startsWithLightSignIn } from './app/start/start-decision';

// A remembered person's page drawn at once from its snapshot while the full app loads
// (start/first-paint-light.ts). The full app's bootstrap is one long task: started first, it
// could hold the picture's frame back (bench/README.md, bench:lighthouse, session 8), so it
// starts once the picture is on screen; its chunks are fetched meanwhile all the same.
const snapshot = lightFirstPaintSnapshot(location.pathname);
const lightPaintShown = snapshot
  ? import('./app/start/first-paint-light')
      .then((m) => (!lightPaintReleased() && m.drawLightFirstPaint(snapshot, LIGHT_PAINT_ID) ? m.painted() : undefined))
      .catch(() => undefined)
  : Promise.resolve();

// Nobody signed in on this device: the light sign-in application (the form, no router, store
// or Material), and the full app loads while the person types; otherwise the full app at once.
// Each is a chunk of its own, fetched beside this one (index.html's preload script:
// scripts/write-start-preload.mjs); Angular's core and platform, which both need, come with
// this file (bench/README.md, bench:lighthouse, session 7).
const started = startsWithLightSignIn(location.pathname)
  ? import('./app/start/sign-in-app').then((m) => bootstrapApplication(m.SignInStartComponent, m.signInAppConfig))
  : Promise.all([import('./app/start/full-app'), lightPaintShown]).then(([m]) => bootstrapApplication(m.AppComponent, m.fullAppConfig()));
started.catch((error: unknown) => {
  releaseLightPaint(); // the full app did not start: the picture must not stay in front of nothing
  console.error(error);
});
