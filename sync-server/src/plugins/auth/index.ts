import fp from 'fastify-plugin';
import type { preHandlerAsyncHookHandler } from 'fastify';
import type { Role } from '@oblako/domain';
import { createAccessTokens } from './access-tokens';
import { ACCOUNT_PREFIX, createAccountRepository } from './accounts';
import { createAuthenticate, requireRole } from './authenticate';
import { createRefreshTokens } from './refresh-tokens';
import { createSessionRevocations, REVOKED_PREFIX, type SessionRevocations } from './session-revocations';
// The file, not the access plugin's face: access depends on auth, a feed follower does not.
import { LiveFeed } from '../access/live-feed';
import { authRoutes } from './routes';
import { createSignInThrottle } from './sign-in-throttle';
import { purgeExpired, schedulePurge } from './purge';
import type { Accounts, AuthUser, SessionCheck } from './types';
import type { Sessions } from './routes';

export type { SessionCheck } from './types';
export type { Account, AccountDetails, Accounts, AccountListener, AuthUser, NewAccount, PendingAccount, PendingResult } from './types';
export type { Sessions } from './routes';
export { currentUser } from './authenticate';
export { MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from './passwords';
export { purgeExpired } from './purge';
export { REVOCATION_CACHE_MS, type SessionEnd, type SessionRevocations } from './session-revocations';

/** How often expired tokens and counters are deleted (personal data is kept no longer than needed). */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable with a one-time password (me, sign-out, password change); everything else answers 403 `password_change_required`. */
    allowWithOneTimePassword?: boolean;
  }
  interface FastifyInstance {
    /** preHandler: 401 unless the request carries a valid access token of a live account; sets request.user. */
    authenticate: preHandlerAsyncHookHandler;
    /** preHandler factory (use after authenticate): 403 unless the user has one of the roles. */
    requireRole(...roles: Role[]): preHandlerAsyncHookHandler;
    accounts: Accounts;
    /** Signs a person in on this response (refresh cookie set) and returns the session, as sign-in does. */
    sessions: Sessions;
    /** Ended session families (sign-out, refresh-token reuse), with a short per-process cache. */
    sessionRevocations: SessionRevocations;
  }
  interface FastifyRequest {
    /** Set by app.authenticate; null on routes that do not use it. */
    user: AuthUser | null;
    /** The session family of the request's access token (`sid`), set by app.authenticate. */
    sessionId: string | null;
    /** What app.authenticate established about the session beyond the user (see SessionCheck). */
    sessionCheck: SessionCheck | null;
  }
}

/** Accounts, sign-in, token refresh and sign-out; decorates authenticate / requireRole / accounts. */
export default fp(
  async (app) => {
    const { config, store } = app;
    const accounts = createAccountRepository(store.db('users'));
    const accessTokens = createAccessTokens(config.jwtSecret, config.accessTokenTtlSeconds);
    const revocations = createSessionRevocations(store.db('sessions'), { accessTokenTtlSeconds: config.accessTokenTtlSeconds });
    const refreshTokens = createRefreshTokens(store.db('sessions'), {
      ttlDays: config.refreshTokenTtlDays,
      reuseLeewaySeconds: config.refreshReuseLeewaySeconds,
      onFamilyRevoked: (familyId) => revocations.markRevoked(familyId),
    });
    const throttle = createSignInThrottle(store.db('sign_in_attempts'), {
      maxAttempts: config.signInMaxAttempts,
      windowSeconds: config.signInWindowSeconds,
    });

    app.decorateRequest('user', null);
    app.decorateRequest('sessionId', null);
    app.decorateRequest('sessionCheck', null);
    app.decorate('authenticate', createAuthenticate(accessTokens, accounts, revocations));
    app.decorate('sessionRevocations', revocations);
    app.decorate('requireRole', requireRole);
    app.decorate('accounts', accounts as Accounts);
    const sessions = await authRoutes(app, { accounts, accessTokens, refreshTokens, throttle });
    app.decorate('sessions', sessions);

    // Revocations written by other instances reach this one at once (the cache time is only the
    // bound when this feed lags): their access tokens stop and their waiting longpolls end.
    const revocationFeed = new LiveFeed(
      store.db('sessions'),
      (id) => {
        if (id.startsWith(REVOKED_PREFIX)) revocations.markRevoked(id.slice(REVOKED_PREFIX.length));
      },
      app.log,
    );
    // Accounts changed by any instance (disabled, signed out everywhere): their waiting longpolls re-check.
    const accountFeed = new LiveFeed(
      store.db('users'),
      (id) => {
        if (id.startsWith(ACCOUNT_PREFIX)) revocations.accountChanged(id.slice(ACCOUNT_PREFIX.length));
      },
      app.log,
    );
    app.addHook('onReady', async () => {
      await Promise.all([revocationFeed.start(), accountFeed.start()]);
    });
    app.addHook('preClose', async () => {
      revocationFeed.stop();
      accountFeed.stop();
    });

    const purge = schedulePurge(async () => {
      for (const name of ['sessions', 'sign_in_attempts']) {
        try {
          const purged = await purgeExpired(store.db(name));
          if (purged > 0) app.log.info({ db: name, purged }, 'expired records deleted');
        } catch (error) {
          app.log.warn({ err: error, db: name }, 'purging expired records failed; will retry');
        }
      }
    }, PURGE_INTERVAL_MS);
    app.addHook('onClose', async () => purge.stop());
  },
  { name: 'auth', dependencies: ['config', 'errors', 'external', 'store'] },
);
