import { Injectable, OnDestroy, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import type { SessionResponse, SessionUser } from '@oblako/domain';
import { connectivityActions } from '../connectivity/connectivity.actions';
import { TranslationService } from '../i18n/translation.service';
import { sessionActions } from '../session/session.actions';
import { AuthHttpError, NetworkError, postRefresh, postSignIn, postSignOut } from './auth-api';

/** Why sign-in failed, as an ApiError code the page translates. */
export class SignInFailure extends Error {
  constructor(
    readonly code: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
  }
}

/** The server refused to renew the session: the person has to sign in again. */
export class SessionEndedError extends Error {}

/** Renew this long before the access token runs out, so no request meets an expired token. */
const REFRESH_MARGIN_MS = 60_000;
const REFRESH_LOCK = 'oblako-auth-refresh';

interface AccessToken {
  value: string;
  expiresAt: number;
}

/**
 * Holds the access token (in memory only) and keeps it fresh. The refresh token is an httpOnly
 * cookie shared by all tabs and rotated on every use, so refreshes are serialized across tabs
 * with the Web Locks API: two tabs presenting the same cookie at once would look like token
 * theft (reuse detection) and end the session.
 */
@Injectable({ providedIn: 'root' })
export class AuthService implements OnDestroy {
  private readonly store = inject(Store);
  private readonly translations = inject(TranslationService);
  private token: AccessToken | null = null;
  private refreshing: Promise<string> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `phone` as the person typed it: the server normalises it with the domain's rule (`invalid_phone` otherwise), keeping the phone metadata off the sign-in page. */
  async signIn(phone: string, password: string): Promise<SessionUser> {
    try {
      const session = await postSignIn({ phone, password }, this.translations.language());
      this.accept(session);
      this.store.dispatch(connectivityActions.serverReached());
      return session.user;
    } catch (error) {
      if (error instanceof NetworkError) {
        this.store.dispatch(connectivityActions.serverUnreachable());
        throw new SignInFailure('network');
      }
      if (error instanceof AuthHttpError) {
        const code = error.apiError?.code ?? (error.status === 429 ? 'too_many_attempts' : error.status === 401 ? 'invalid_credentials' : 'internal');
        throw new SignInFailure(code, error.apiError?.retryAfterSeconds);
      }
      throw new SignInFailure('internal');
    }
  }

  /**
   * Start using a session opened by another call than sign-in: registration, password restore,
   * a changed password (the server ends the old sessions and answers with a new one).
   */
  adopt(session: SessionResponse): void {
    this.accept(session);
    this.store.dispatch(connectivityActions.serverReached());
  }

  /** A usable access token: the one in memory, or a fresh one. */
  async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt - Date.now() > 5_000) return this.token.value;
    return this.refresh();
  }

  /**
   * Renews the access token with the refresh cookie. Concurrent callers in this tab share one
   * request; other tabs wait on the lock. Throws SessionEndedError when the server says the
   * session is over (then `expired` is dispatched), NetworkError when it cannot be reached.
   */
  refresh(): Promise<string> {
    this.refreshing ??= this.withLock(() => this.doRefresh()).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  async signOut(): Promise<void> {
    this.forget();
    try {
      await postSignOut();
    } catch {
      // Offline sign-out still forgets everything on this device; the server session expires.
    }
  }

  /** Drop the in-memory token (sign-out, expiry). */
  forget(): void {
    this.token = null;
    clearTimeout(this.timer);
  }

  ngOnDestroy(): void {
    clearTimeout(this.timer);
  }

  private async doRefresh(): Promise<string> {
    const before = this.token;
    try {
      const session = await postRefresh();
      this.store.dispatch(connectivityActions.serverReached());
      this.accept(session);
      this.store.dispatch(sessionActions.userUpdated({ user: session.user }));
      return session.accessToken;
    } catch (error) {
      if (error instanceof NetworkError) {
        this.store.dispatch(connectivityActions.serverUnreachable());
        throw error;
      }
      if (error instanceof AuthHttpError && (error.status === 401 || error.status === 403)) {
        // Another tab may have signed out meanwhile; either way this session is over.
        if (this.token === before) {
          this.forget();
          this.store.dispatch(sessionActions.expired({ code: error.apiError?.code ?? 'session_expired' }));
        }
        throw new SessionEndedError(error.apiError?.code ?? 'session_expired');
      }
      throw error;
    }
  }

  private accept(session: SessionResponse): void {
    const expiresAt = Date.parse(session.accessTokenExpiresAt);
    this.token = { value: session.accessToken, expiresAt };
    clearTimeout(this.timer);
    const lifetime = expiresAt - Date.now();
    const delay = Math.max(lifetime - Math.min(REFRESH_MARGIN_MS, lifetime / 4), 5_000);
    this.timer = setTimeout(() => this.refresh().catch(() => undefined), delay);
  }

  private withLock<T>(task: () => Promise<T>): Promise<T> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    return locks ? (locks.request(REFRESH_LOCK, task) as Promise<T>) : task();
  }
}
