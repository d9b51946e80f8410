import { ApplicationRef, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { combineLatest, filter, from, race, switchMap, take, timer, type Observable } from 'rxjs';
import { selectUser } from '../session/session.selectors';
import { selectInitialSynced } from '../sync/sync.selectors';

/** The longest the first screen may take before the worker registers anyway (Angular's own `registerWhenStable:5000`). */
export const STABLE_AT_LATEST_MS = 5_000;
/** The longest a signed-in start waits for its initial sync (offline, a server that keeps failing, another tab replicating). */
export const REGISTRATION_AT_LATEST_MS = 30_000;

/**
 * When the full app registers its service worker (provideServiceWorker's registrationStrategy,
 * called in its initializer's injection context): once the first screen is up, and — someone
 * signed in — once everything the server held is on the device (syncActions.initialSyncDone).
 *
 * Why not at the first screen, as before: a sign-in's first screen comes while the first sync
 * stores the person's records, and the worker's install (its script, its manifest, the entry
 * files, then control of the page and every request after) ran beside it on the same cores. On
 * bench:browser's 2-core machine a doctor's 5,000 records took ~1.1 s to store with the worker
 * installing and ~0.8 s without it (bench/README.md «Session 10»). Nothing waits for the worker
 * meanwhile: the app's chunks are cached when the page is idle afterwards (lazy-assets-prefetch.ts).
 */
export function registerWhenSettled(): Observable<unknown> {
  const appRef = inject(ApplicationRef);
  const store = inject(Store);
  const firstScreen = race(from(appRef.whenStable()), timer(STABLE_AT_LATEST_MS)).pipe(take(1));
  const settled = firstScreen.pipe(
    switchMap(() => combineLatest([store.select(selectUser), store.select(selectInitialSynced)])),
    filter(([user, synced]) => user === null || synced),
  );
  return race(settled, timer(REGISTRATION_AT_LATEST_MS)).pipe(take(1));
}
