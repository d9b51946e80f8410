import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_API, CLIENT_HEADER, normalizePhone, type ChangePasswordRequest, type SessionResponse, type SignInRequest } from '@oblako/domain';
import { HttpError } from '../errors/index';
import type { AccessTokens } from './access-tokens';
import type { AccountRepository } from './accounts';
import { currentUser } from './authenticate';
import { spendVerificationTime, verifyPassword } from './passwords';
import type { RefreshGrant, RefreshTokens } from './refresh-tokens';
import { clearRefreshCookie, refreshCookie, setRefreshCookie } from './refresh-cookie';
import { changePasswordBody, sessionResponse, sessionUser, signInBody } from './schemas';
import type { SignInThrottle } from './sign-in-throttle';
import type { AccountDoc } from './types';

/** Opening a session for an account on a response (registration, restored password). */
export interface Sessions {
  open(request: FastifyRequest, reply: FastifyReply, accountId: string): Promise<SessionResponse>;
}

export interface AuthRouteDeps {
  accounts: AccountRepository;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  throttle: SignInThrottle;
}

/** The HTTP contract of modules/domain/auth-api.ts. */
export async function authRoutes(app: FastifyInstance, deps: AuthRouteDeps): Promise<Sessions> {
  const { accounts, accessTokens, refreshTokens, throttle } = deps;
  const ttlDays = app.config.refreshTokenTtlDays;

  const respondWithSession = async (request: FastifyRequest, reply: FastifyReply, account: AccountDoc, grant: RefreshGrant): Promise<SessionResponse> => {
    const access = await accessTokens.issue({ sub: account.id, role: account.role, sid: grant.familyId, gen: grant.generation });
    setRefreshCookie(request, reply, grant.token, ttlDays);
    reply.header('cache-control', 'no-store');
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      user: {
        id: account.id, role: account.role, phone: account.phone, name: account.name,
        ...(account.mustChangePassword ? { mustChangePassword: true } : {}),
      },
    };
  };

  const openSession = async (request: FastifyRequest, reply: FastifyReply, accountId: string): Promise<SessionResponse> => {
    const account = await accounts.doc(accountId);
    if (!account) throw new HttpError(401, 'session_expired');
    if (account.disabled) throw new HttpError(403, 'account_disabled');
    const grant = await refreshTokens.start(account.id, account.sessionGeneration);
    request.log.info({ accountId: account.id, sid: grant.familyId }, 'signed in');
    return respondWithSession(request, reply, account, grant);
  };

  /** Cookie-authenticated calls must prove they come from our own scripts (CSRF guard). */
  const requireClientHeader = (request: FastifyRequest): void => {
    if (request.headers[CLIENT_HEADER] !== '1') throw new HttpError(403, 'forbidden', { field: CLIENT_HEADER });
  };

  app.post<{ Body: SignInRequest }>(AUTH_API.signIn, {
    schema: { body: signInBody, response: { 200: sessionResponse } },
    config: { rateLimit: { max: app.config.signInRateLimitPerMinute, timeWindow: 60_000 } },
  }, async (request, reply) => {
    const phone = normalizePhone(request.body.phone);
    if (!phone) throw new HttpError(400, 'invalid_phone', { field: 'phone' });
    await throttle.reserve(phone);
    const account = await accounts.docByPhone(phone);
    // An imported account waiting for its SMS credentials has no password yet.
    const passwordMatches = account?.passwordHash
      ? await verifyPassword(account.passwordHash, request.body.password)
      : (await spendVerificationTime(request.body.password), false);
    if (!account || !passwordMatches) {
      // No phone number in the log: the account id when there is one is enough for an audit.
      request.log.info({ accountId: account?.id ?? null }, 'sign-in failed');
      throw new HttpError(401, 'invalid_credentials');
    }
    // Said only to someone who knows the password, so it reveals nothing to a stranger.
    if (account.disabled) throw new HttpError(403, 'account_disabled');
    await throttle.clear(phone);
    const grant = await refreshTokens.start(account.id, account.sessionGeneration);
    request.log.info({ accountId: account.id, sid: grant.familyId }, 'signed in');
    return respondWithSession(request, reply, account, grant);
  });

  app.post(AUTH_API.refresh, { schema: { response: { 200: sessionResponse } } }, async (request, reply) => {
    requireClientHeader(request);
    const token = refreshCookie(request);
    if (!token) throw new HttpError(401, 'session_expired');
    let grant: RefreshGrant;
    try {
      grant = await refreshTokens.rotate(token, (id) => accounts.doc(id));
    } catch (error) {
      clearRefreshCookie(request, reply);
      if (error instanceof HttpError && error.code === 'refresh_reused') request.log.warn('refresh token reused: session family revoked');
      throw error;
    }
    const account = await accounts.doc(grant.accountId);
    if (!account) throw new HttpError(401, 'session_expired');
    return respondWithSession(request, reply, account, grant);
  });

  app.post(AUTH_API.signOut, async (request, reply) => {
    requireClientHeader(request);
    const token = refreshCookie(request);
    if (token) await refreshTokens.revoke(token);
    clearRefreshCookie(request, reply);
    return reply.code(204).send();
  });

  app.post(AUTH_API.signOutEverywhere, { preHandler: app.authenticate, config: { allowWithOneTimePassword: true } }, async (request, reply) => {
    const user = currentUser(request);
    await accounts.endAllSessions(user.id);
    request.log.info({ accountId: user.id }, 'signed out everywhere');
    clearRefreshCookie(request, reply);
    return reply.code(204).send();
  });

  app.get(AUTH_API.me, {
    preHandler: app.authenticate,
    config: { allowWithOneTimePassword: true },
    schema: { response: { 200: sessionUser } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return currentUser(request);
  });

  /**
   * Changing one's password (and the first sign-in's must-change step). Ends every session of
   * the account — a password someone else may have seen stops all its sessions — and opens a
   * fresh one for this device. The current password is required except for a one-time password
   * (the person just signed in with it); guesses of it count like sign-in attempts.
   */
  app.post<{ Body: ChangePasswordRequest }>(AUTH_API.changePassword, {
    preHandler: app.authenticate,
    config: { allowWithOneTimePassword: true, rateLimit: { max: app.config.signInRateLimitPerMinute, timeWindow: 60_000 } },
    schema: { body: changePasswordBody, response: { 200: sessionResponse } },
  }, async (request, reply) => {
    const user = currentUser(request);
    const account = await accounts.doc(user.id);
    if (!account) throw new HttpError(401, 'session_expired');
    const { currentPassword, newPassword } = request.body;
    if (!account.mustChangePassword) {
      if (!currentPassword) throw new HttpError(400, 'current_password_wrong', { field: 'currentPassword' });
      await throttle.reserve(account.phone);
      if (!(await verifyPassword(account.passwordHash, currentPassword))) {
        throw new HttpError(400, 'current_password_wrong', { field: 'currentPassword' });
      }
      await throttle.clear(account.phone);
    }
    if (account.passwordHash && (await verifyPassword(account.passwordHash, newPassword))) {
      throw new HttpError(400, 'password_unchanged', { field: 'newPassword' });
    }
    await accounts.setPassword(account.id, newPassword);
    request.log.info({ accountId: account.id, firstSignIn: account.mustChangePassword === true }, 'password changed');
    return openSession(request, reply, account.id);
  });

  return { open: openSession };
}
