import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Role } from '@oblako/domain';
import { HttpError } from '../errors/index';
import type { AccessTokens } from './access-tokens';
import type { AccountRepository } from './accounts';
import type { SessionRevocations } from './session-revocations';
import type { AuthUser } from './types';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/**
 * preHandler: the request must carry a valid access token of a live account and of a session
 * that has not ended. The account is read on every request on purpose: a disabled account or
 * "sign out everywhere" takes effect at once, not when the token expires, and the role is the
 * account's current one. The session (the token's `sid`) is checked against the revocations in
 * the store through a short cache (session-revocations.ts): a sign-out or a refresh-token reuse
 * ends its access tokens at once on this instance, within REVOCATION_CACHE_MS on the others.
 */
export function createAuthenticate(tokens: AccessTokens, accounts: AccountRepository, revocations: SessionRevocations): preHandlerAsyncHookHandler {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    // Before anything is read: a revocation told during the check is then seen by a wait that follows.
    const toldBefore = revocations.told;
    const header = request.headers.authorization;
    if (!header) throw new HttpError(401, 'unauthorized', { reason: 'Authentication required' });
    const token = BEARER.exec(header)?.[1];
    const claims = token ? await tokens.verify(token) : null;
    if (!claims) throw new HttpError(401, 'session_expired', { reason: 'Invalid or expired access token' });
    const [account, revoked] = await Promise.all([accounts.doc(claims.sub), revocations.isRevoked(claims.sid)]);
    if (revoked) throw new HttpError(401, 'session_expired', { reason: 'Session ended' });
    if (!account) throw new HttpError(401, 'session_expired', { reason: 'Invalid or expired access token' });
    if (account.disabled) throw new HttpError(401, 'account_disabled', { reason: 'Account disabled' });
    if (account.sessionGeneration !== claims.gen) throw new HttpError(401, 'session_expired', { reason: 'Session ended' });
    const mustChangePassword = account.mustChangePassword === true;
    // A one-time password (SMS credentials) opens only the door to setting one's own: whoever
    // intercepted the SMS must not reach data, and the person must not keep a password others saw.
    if (mustChangePassword && request.routeOptions.config?.allowWithOneTimePassword !== true) {
      throw new HttpError(403, 'password_change_required', { reason: 'Set your own password first' });
    }
    request.sessionId = claims.sid;
    request.sessionCheck = { validUntilMs: claims.validUntilMs, toldBefore };
    request.user = { id: account.id, role: account.role, phone: account.phone, name: account.name, ...(mustChangePassword ? { mustChangePassword } : {}) };
  };
}

/** preHandler factory, after `authenticate`: the user must have one of the roles (403 otherwise). */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
  return async function requireRoleHook(request: FastifyRequest): Promise<void> {
    const user = request.user;
    if (!user) throw new HttpError(401, 'unauthorized', { reason: 'Authentication required' });
    if (!roles.includes(user.role)) throw new HttpError(403, 'forbidden', { reason: 'Forbidden' });
  };
}

/** The authenticated user of a request that went through `app.authenticate` (401 if it did not). */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new HttpError(401, 'unauthorized', { reason: 'Authentication required' });
  return request.user;
}
