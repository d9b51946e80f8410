import { createHash } from 'node:crypto';

/**
 * Angular's production build inlines critical CSS and loads the rest with
 * `<link media="print" onload="this.media='all'">` (Beasties). That one handler, and nothing
 * else inline, is allowed by hash: the app stays styled whether or not `inlineCritical` is on.
 */
const STYLESHEET_ONLOAD_HANDLER = "this.media='all'";
const STYLESHEET_ONLOAD_HASH = `'sha256-${createHash('sha256').update(STYLESHEET_ONLOAD_HANDLER).digest('base64')}'`;

export interface CspOptions {
  /** Jitsi Meet host the consultation page embeds (its IFrame API script and the iframe). */
  jitsiDomain?: string;
  /** Served over HTTPS (directly or by a proxy): ask browsers to upgrade any stray http URL. */
  https: boolean;
}

/**
 * The Content-Security-Policy of the PWA: only our own origin, plus images from data:/blob:
 * (photos of documents before upload), inline styles (Angular component styles and Material
 * are injected as <style> elements), the service worker, and a configured Jitsi deployment.
 */
export function contentSecurityPolicy(options: CspOptions): Record<string, string[] | null> {
  const jitsi = options.jitsiDomain ? [`https://${options.jitsiDomain}`] : [];
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'unsafe-hashes'", STYLESHEET_ONLOAD_HASH, ...jitsi],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    mediaSrc: ["'self'", 'blob:'],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    frameSrc: jitsi.length > 0 ? jitsi : ["'none'"],
    frameAncestors: ["'none'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    upgradeInsecureRequests: options.https ? [] : null,
  };
}
