import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiBody, couchBody, statusOf, type ThrownError } from './bodies';
import { HttpError } from './http-error';
import { requestLanguage } from './language';

export { HttpError, isHttpError } from './http-error';
export { requestLanguage, preferredLanguage } from './language';

/** Serves a request no route matched (the PWA's index.html for app navigation); false → plain 404. */
export type NotFoundFallback = (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Lets one plugin (static PWA) answer unmatched requests before they become 404s. */
    setNotFoundFallback(fallback: NotFoundFallback): void;
  }
}

export function isSyncUrl(url: string): boolean {
  return url === '/sync' || url.startsWith('/sync/') || url.startsWith('/sync?');
}

/**
 * One error handler and one not-found handler for the whole server, so every failure has the
 * documented shape: ApiError (in the caller's language) everywhere, CouchDB `{error, reason}`
 * under /sync/. Stack traces and internal messages are logged, never sent.
 */
export default fp(
  async (app) => {
    let fallback: NotFoundFallback | null = null;
    app.decorate('setNotFoundFallback', (next: NotFoundFallback) => {
      if (fallback) throw new Error('A not-found fallback is already set');
      fallback = next;
    });

    app.setErrorHandler((thrown: ThrownError, request, reply) => {
      const status = statusOf(thrown);
      if (status >= 500) request.log.error({ err: thrown }, 'request failed');
      else request.log.debug({ err: thrown, status }, 'request rejected');
      if (status === 429 && typeof thrown.retryAfterSeconds === 'number') {
        reply.header('retry-after', String(thrown.retryAfterSeconds));
      }
      reply.code(status);
      return isSyncUrl(request.url) ? couchBody(thrown, status) : apiBody(thrown, status, requestLanguage(request));
    });

    app.setNotFoundHandler(async (request, reply) => {
      if (fallback && !isSyncUrl(request.url) && (await fallback(request, reply))) return reply;
      reply.code(404);
      if (isSyncUrl(request.url)) return { error: 'not_found', reason: 'missing' };
      return apiBody(new HttpError(404, 'not_found'), 404, requestLanguage(request));
    });
  },
  { name: 'errors' },
);
