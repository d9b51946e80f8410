import { DestroyRef, inject } from '@angular/core';
import { SwUpdate } from '@angular/service-worker';
import { Store } from '@ngrx/store';
import { filter, first } from 'rxjs';
import { selectUser } from '../session/session.selectors';

/** The asset group of pwa/ngsw-config.json that holds the document viewers (pdf.js, DICOM). */
export const VIEWERS_ASSET_GROUP = 'viewers';

interface NgswManifest {
  assetGroups?: { name: string; urls: string[] }[];
}

/**
 * The PDF and DICOM viewers (~1.5 MB with pdf.js's worker) are not in the app shell the service
 * worker downloads at install: that download ran alongside the first screen's own chunks and
 * held them back. Instead, once someone is signed in and the page is idle, they are fetched
 * through the worker one by one, which keeps them in its `viewers` cache (a lazy group): a
 * doctor can still open a patient's files offline without having opened a viewer online.
 * Someone who goes offline before that idle moment gets the viewers after their first view.
 */
export function prefetchViewersWhenIdle(): void {
  const serviceWorker = inject(SwUpdate);
  if (!serviceWorker.isEnabled) return;
  let cancelled = false;
  inject(DestroyRef).onDestroy(() => (cancelled = true));
  inject(Store)
    .select(selectUser)
    .pipe(filter((user) => user !== null), first())
    .subscribe(() => void whenControlled().then(whenIdle).then(() => (cancelled ? undefined : fetchViewers())));
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

async function fetchViewers(): Promise<void> {
  try {
    const manifest = (await (await fetch('/ngsw.json?ngsw-bypass=true', { cache: 'no-store' })).json()) as NgswManifest;
    const urls = manifest.assetGroups?.find((group) => group.name === VIEWERS_ASSET_GROUP)?.urls ?? [];
    // One at a time, lowest priority: whatever the person does next comes first.
    for (const url of urls) await fetch(url, { priority: 'low' } as RequestInit).then((response) => response.arrayBuffer());
  } catch (error) {
    // Offline or a build replaced meanwhile: the viewers load on first use instead.
    console.warn('the document viewers were not prefetched', error);
  }
}
