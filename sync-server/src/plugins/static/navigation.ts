import type { FastifyRequest } from 'fastify';

/** URL spaces that belong to the server, never to the app's client-side router. */
const SERVER_PREFIXES = ['/api', '/sync', '/health'];

/**
 * A browser opening an app URL (`/profile`, a bookmark, a reload): it gets index.html and the
 * Angular router takes over. API calls and missing assets still get a real 404.
 */
export function isAppNavigation(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  if (SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  return (request.headers.accept ?? '').includes('text/html');
}
