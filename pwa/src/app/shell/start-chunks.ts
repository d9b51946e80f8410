/**
 * The chunks a remembered session's start needed, to fetch them all at once next time.
 *
 * A signed-in start is a chain of lazy chunks (the registry and the shell, then the module's
 * routes, then the page; RxDB beside them): each is requested only when the one before it has
 * arrived and run, and the bundler's names are hashed, so nothing in index.html can name them.
 * This records, once the shell's first page is drawn, the same-origin scripts
 * that start fetched beyond index.html's own; `start-chunks-preload.js` (a classic script that
 * runs before the app's JavaScript) adds them as `<link rel="modulepreload">` at the next start
 * of the same address with a session remembered. The record holds script paths only, nothing
 * personal, and is used only with the same build (the entry script's hashed name matches): an
 * update never preloads names that no longer exist.
 */

import { afterNextRender, inject, Injector } from '@angular/core';
import { NavigationEnd, type Router } from '@angular/router';

/** Also read by pwa/src/start-chunks-preload.js (keep the two in step). */
export const START_CHUNKS_KEY = 'oblako.startChunks';

export interface StartChunks {
  /** Path of the entry script (`/main-<hash>.js`): the build the chunks belong to. */
  main: string;
  /** The address the document was opened at. */
  path: string;
  /** Paths of the chunks fetched before the first page was drawn, in the order they were asked for. */
  chunks: string[];
}

const CHUNK_PATH = /^\/[\w.-]+\.js$/;

/** What this start fetched beyond index.html, as a record for the next one (null if unknown). */
export function startChunksNow(): StartChunks | null {
  const main = document.querySelector<HTMLScriptElement>('script[type="module"][src*="main"]');
  const navigation = performance.getEntriesByType('navigation')[0];
  if (!main || !navigation) return null;
  // index.html's own modulepreloads arrive with it anyway; ours (data-start-chunk) are re-recorded.
  const initial = new Set([main.src, ...[...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]:not([data-start-chunk])')].map((link) => link.href)]);
  const chunks = performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((url) => !initial.has(url))
    .map((url) => new URL(url))
    .filter((url) => url.origin === location.origin && CHUNK_PATH.test(url.pathname))
    .map((url) => url.pathname);
  return { main: new URL(main.src).pathname, path: new URL(navigation.name).pathname, chunks: [...new Set(chunks)] };
}

export function rememberStartChunks(): void {
  const record = startChunksNow();
  if (!record || record.chunks.length === 0) return;
  try {
    localStorage.setItem(START_CHUNKS_KEY, JSON.stringify(record));
  } catch {
    // Storage full or refused: the next start loads its chunks one step after another, as before.
  }
}

let recorded = false;

/**
 * Once per document, when the shell's first page is on screen. Called by the shell (a lazy
 * chunk), not at start: the start bundle stays as small as it is.
 */
export function rememberStartChunksOnce(router: Router): void {
  if (recorded) return;
  recorded = true;
  const injector = inject(Injector);
  const navigated = router.events.subscribe((event) => {
    if (!(event instanceof NavigationEnd)) return;
    navigated.unsubscribe();
    afterNextRender(() => rememberStartChunks(), { injector });
  });
}
