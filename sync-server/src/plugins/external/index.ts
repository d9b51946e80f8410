import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import cookie from '@fastify/cookie';
import { HttpError } from '../errors/index';
import { contentSecurityPolicy } from './csp';
import { helmetHeaders } from './security-headers';

/** Served over HTTPS: by our own TLS, or (we are told) by the reverse proxy in front. */
export function servedOverHttps(config: { tlsCert?: string; trustProxy: boolean }): boolean {
  return Boolean(config.tlsCert) || config.trustProxy;
}

/** What every route relies on: security headers, per-IP rate limit, cookies, JSON-only bodies. */
export default fp(
  async (app) => {
    const https = servedOverHttps(app.config);
    // Helmet's headers, the same on every response: worked out once (security-headers.ts).
    const securityHeaders = await helmetHeaders({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: contentSecurityPolicy({ jitsiDomain: app.config.jitsiDomain, https }),
      },
      frameguard: { action: 'deny' },
      strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: false } : false,
    });
    app.addHook('onRequest', (_request, reply, done) => {
      for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value);
      done();
    });
    // In memory per instance on purpose: it only blunts floods from one address. Limits that
    // must hold across instances (sign-in attempts per phone) are kept in the store.
    await app.register(rateLimit, {
      global: true,
      max: app.config.rateLimitPerMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, 'rate_limited', { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)), reason: 'Too many requests' }),
    });
    await app.register(cookie);
    // The API speaks JSON only. Fastify would also parse text/plain, letting a cross-site
    // "simple" request (no CORS preflight) reach the handlers: refuse it with 415 instead.
    app.removeContentTypeParser('text/plain');
  },
  { name: 'external', dependencies: ['config', 'errors'] },
);
