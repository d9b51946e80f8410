import { DestroyRef, inject } from '@angular/core';
import { SwUpdate } from '@angular/service-worker';
import { Store } from '@ngrx/store';
import { filter, first, firstValueFrom } from 'rxjs';
import { selectUser } from '../session/session.selectors';
import { FirstScreenReads } from '../db/first-screen-reads';

/** The asset groups of pwa/ngsw-config.json that the worker caches lazily and this file fills. */
export const APP_ASSET_GROUP = 'app';
export const VIEWERS_ASSET_GROUP = 'viewers';


/**
 * The worker installs with only what a start needs before any chunk (index.html, the entry
 * script, styles, icons): while it installs, every request of the page it already controls waits
 * for the install to finish, and installing the whole app (~1 MB) held a sign-in's chunks back
 * for seconds. The rest is cached here, through the worker, one file at a time at low priority,
 * once the worker controls the page and the page is idle:
 *  - `app` (every other chunk), on any page: an installed app then starts offline, on any page;
 *  - `viewers` (pdf.js, DICOM: ~1.5 MB with pdf.js's worker), only once someone is signed in:
 *    a doctor can open a patient's files offline without having opened a viewer online.
 * Someone who goes offline before that gets what they already opened.
 */
export function prefetchLazyAssetsWhenIdle(): void {
  const serviceWorker = inject(SwUpdate);
  if (!serviceWorker.isEnabled) return;
  let cancelled = false;
  inject(DestroyRef).onDestroy(() => (cancelled = true));
  // A page waiting on IndexedDB is idle too: a reload's first screen reads first (bounded).
  const firstScreen = inject(FirstScreenReads);
  const signedIn = firstValueFrom(inject(Store).select(selectUser).pipe(filter((user) => user !== null), first()));
  // Two queues side by side: the viewers do not wait behind the app's ~130 chunks.
  void (async () => {
    await whenControlled();
    await whenIdle();
    await firstScreen.drawn();
    if (!cancelled) await prefetchGroup(APP_ASSET_GROUP, () => cancelled);
  })();
  void (async () => {
    await whenControlled();
    await signedIn;
    await whenIdle();
    await firstScreen.drawn();
    if (!cancelled) await prefetchGroup(VIEWERS_ASSET_GROUP, () => cancelled);
  })();
}

/** Fetches that reach the worker only once it controls the page (the first visit installs it). */
function whenControlled(): Promise<void> {
  const container = navigator.serviceWorker;
  if (container.controller) return Promise.resolve();
  return new Promise((resolve) => container.addEventListener('controllerchange', () => resolve(), { once: true }));
}

function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    // Safari has no requestIdleCallback: after the load event is the next best moment.
    if ('requestIdleCallback' in window) requestIdleCallback(() => resolve(), { timeout: 30_000 });
    else setTimeout(resolve, 5_000);
  });
}

async function prefetchGroup(name: string, cancelled: () => boolean): Promise<void> {
  try {
    await (await import('./fetch-asset-group')).fetchAssetGroup(name, cancelled);
  } catch (error) {
    // Offline before this very chunk was cached: the files load on first use instead.
    console.warn(`the ${name} files were not prefetched`, error);
  }
}
