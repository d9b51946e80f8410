import { basename } from 'node:path';

/**
 * Files the service worker and the browser must re-check on every load: they name the current
 * build. If they were cached for long, a deployed fix would not reach people.
 */
const ALWAYS_REVALIDATE = new Set(['index.html', 'ngsw.json', 'oblako-worker.js', 'ngsw-worker.js', 'safety-worker.js', 'worker-basic.min.js', 'manifest.webmanifest']);

/** Angular's output hashing: `main-HBGS4U4S.js`, `chunk-…`, `styles-….css`, `media/…-HASH.woff2`. */
const HASHED_NAME = /-[A-Z0-9]{8}\.[a-z0-9]+$/;

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Cache-Control for a file of the built PWA. */
export function cacheControlFor(filePath: string): string {
  // `main-….js.br` is main-….js as it travels: the same rule applies.
  const name = basename(filePath).replace(/\.(?:br|gz)$/, '');
  if (ALWAYS_REVALIDATE.has(name)) return REVALIDATE;
  // A hashed name never changes content: a new build gets a new name.
  if (HASHED_NAME.test(name)) return IMMUTABLE;
  // Icons and other unhashed assets: cheap to revalidate with ETag, never stale.
  return REVALIDATE;
}
