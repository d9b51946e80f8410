/*
 * The app's service worker: Angular's (ngsw-worker.js, which does all the caching, updates and
 * push), plus the one thing it lacks.
 *
 * A page whose load began while the worker was still installing is never controlled by it:
 * Angular's worker calls clients.claim() once, when it activates, and claim() passes over a
 * document that is still loading (the spec skips a client that is not "execution ready"). Such a
 * page could not cache the app for offline use until the next load. The page asks for the claim
 * itself (core/service-worker/claim-when-uncontrolled.ts).
 */
importScripts('./ngsw-worker.js');

self.addEventListener('message', (event) => {
  if (event.data && event.data.action === 'OBLAKO_CLAIM_CLIENTS') event.waitUntil(self.clients.claim());
});
