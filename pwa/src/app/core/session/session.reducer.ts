import { createFeature, createReducer, on } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import { sessionActions } from './session.actions';

export type SessionStatus = 'signed-out' | 'signing-in' | 'signed-in' | 'expired';

export interface SessionError {
  code: string;
  retryAfterSeconds?: number;
}

export interface SessionState {
  user: SessionUser | null;
  status: SessionStatus;
  error: SessionError | null;
}

export const initialSessionState: SessionState = { user: null, status: 'signed-out', error: null };

export const sessionFeature = createFeature({
  name: 'session',
  reducer: createReducer(
    initialSessionState,
    on(sessionActions.restored, sessionActions.signedIn, (_state, { user }): SessionState => ({ user, status: 'signed-in', error: null })),
    // Every token refresh brings the person again (the first one as a reload starts): the same
    // person keeps the same state, or every page and the shell, which select it, draw again.
    on(sessionActions.userUpdated, (state, { user }): SessionState => (state.user && !sameUser(state.user, user) ? { ...state, user } : state)),
    on(sessionActions.signInRequested, (state): SessionState => ({ ...state, status: 'signing-in', error: null })),
    on(sessionActions.signInFailed, (_state, { code, retryAfterSeconds }): SessionState => ({
      user: null,
      status: 'signed-out',
      error: retryAfterSeconds === undefined ? { code } : { code, retryAfterSeconds },
    })),
    on(sessionActions.signedOut, (): SessionState => initialSessionState),
    on(sessionActions.expired, (_state, { code }): SessionState => ({ user: null, status: 'expired', error: { code } })),
  ),
});

/** The same account details (`mustChangePassword` absent means false). */
function sameUser(a: SessionUser, b: SessionUser): boolean {
  return a.id === b.id && a.role === b.role && a.phone === b.phone && a.name === b.name && !!a.mustChangePassword === !!b.mustChangePassword;
}
