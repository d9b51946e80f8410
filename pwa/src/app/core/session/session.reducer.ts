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
    on(sessionActions.userUpdated, (state, { user }): SessionState => (state.user ? { ...state, user } : state)),
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
