/** A device flag (localStorage) that leaves the signed-in app's chunks to the import chain: for bench:browser's before/after only. */
export const SIGNED_IN_PRELOAD_OFF_KEY = 'oblako:start:chunk-chain';

/**
 * Asks for every chunk of the first signed-in screen at once (the full app, the data layer, the
 * shell, its icons and error strings), through the function index.html's preload script defines
 * (scripts/write-start-preload.mjs). The dynamic imports that follow find them fetched or on the
 * way, instead of discovering each chunk's static imports only once it has arrived. Absent in a
 * development build (no preload script): the imports load the chain as before.
 */
export function preloadSignedInApp(): void {
  const preload = (globalThis as { oblakoPreloadSignedInApp?: () => void }).oblakoPreloadSignedInApp;
  if (!preload || globalThis.localStorage?.getItem(SIGNED_IN_PRELOAD_OFF_KEY) === 'yes') return;
  preload();
}
