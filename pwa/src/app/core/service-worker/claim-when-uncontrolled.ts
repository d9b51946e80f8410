import { inject } from '@angular/core';
import { SwUpdate } from '@angular/service-worker';

/** The message pwa/public/oblako-worker.js answers with clients.claim(). */
export const CLAIM_CLIENTS_MESSAGE = { action: 'OBLAKO_CLAIM_CLIENTS' } as const;

/**
 * A page that is not controlled once the worker is active asks it to take control. That page
 * began loading while the worker was installing (a reload, a link opened at that moment): the
 * worker's own claim, at its activation, passed it over. Without control its requests bypass the
 * worker, so the app is not cached for offline use (lazy-assets-prefetch.ts waits for control)
 * until the next load. `ready` waits for a registration with an active worker, so a page
 * before the first registration asks once that registration is active.
 */
export function claimWhenUncontrolled(container: ServiceWorkerContainer | undefined = globalThis.navigator?.serviceWorker): void {
  if (!inject(SwUpdate).isEnabled || !container) return;
  void container.ready.then((registration) => {
    if (!container.controller) registration.active?.postMessage(CLAIM_CLIENTS_MESSAGE);
  });
}
