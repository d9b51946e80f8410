import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import cookie from '@fastify/cookie';
import { HttpError } from '../errors/index';
import { contentSecurityPolicy } from './csp';

/** Served over HTTPS: by our own TLS, or (we are told) by the reverse proxy in front. */
export function servedOverHttps(config: { tlsCert?: string; trustProxy: boolean }): boolean {
  return Boolean(config.tlsCert) || config.trustProxy;
}

/** What every route relies on: security headers, per-IP rate limit, cookies, JSON-only bodies. */
export default fp(
  async (app) => {
    const https = servedOverHttps(app.config);
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: contentSecurityPolicy({ jitsiDomain: app.config.jitsiDomain, https }),
      },
      frameguard: { action: 'deny' },
      strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: false } : false,
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
