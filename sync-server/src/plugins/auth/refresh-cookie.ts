import type { FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_COOKIE_NAME, AUTH_COOKIE_PATH } from '@oblako/domain';

/**
 * The refresh token lives only in this cookie: httpOnly (no script can read it), SameSite=Strict
 * and scoped to /api/auth (sent nowhere else), Secure whenever the page is served over HTTPS.
 */
export function setRefreshCookie(request: FastifyRequest, reply: FastifyReply, token: string, ttlDays: number): void {
  reply.setCookie(AUTH_COOKIE_NAME, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: AUTH_COOKIE_PATH,
    maxAge: Math.floor(ttlDays * 86_400),
  });
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(AUTH_COOKIE_NAME, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: AUTH_COOKIE_PATH,
  });
}

export function refreshCookie(request: FastifyRequest): string | undefined {
  return request.cookies[AUTH_COOKIE_NAME];
}
