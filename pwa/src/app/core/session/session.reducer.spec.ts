import type { SessionUser } from '@oblako/domain';
import { sessionActions } from './session.actions';
import { initialSessionState, sessionFeature } from './session.reducer';
import { selectIsSignedIn, selectRole } from './session.selectors';

const patient: SessionUser = { id: 'user-000001', role: 'patient', phone: '+79001234567', name: 'Иванова Анна' };
const reduce = sessionFeature.reducer;

describe('session reducer', () => {
  it('starts signed out', () => {
    expect(reduce(undefined, { type: '@@init' })).toEqual(initialSessionState);
  });

  it('goes signing-in → signed-in with the user', () => {
    const signingIn = reduce(initialSessionState, sessionActions.signInRequested({ phone: '+79001234567', password: 'x' }));
    expect(signingIn.status).toBe('signing-in');
    const signedIn = reduce(signingIn, sessionActions.signedIn({ user: patient }));
    expect(signedIn).toEqual({ user: patient, status: 'signed-in', error: null });
  });

  it('keeps the error code (and wait time) of a failed sign-in', () => {
    const failed = reduce(initialSessionState, sessionActions.signInFailed({ code: 'too_many_attempts', retryAfterSeconds: 60 }));
    expect(failed.status).toBe('signed-out');
    expect(failed.error).toEqual({ code: 'too_many_attempts', retryAfterSeconds: 60 });
  });

  it('a restored session is signed in without any network', () => {
    expect(reduce(initialSessionState, sessionActions.restored({ user: patient })).status).toBe('signed-in');
  });

  it('expiry forgets the user and says why', () => {
    const signedIn = reduce(initialSessionState, sessionActions.signedIn({ user: patient }));
    const expired = reduce(signedIn, sessionActions.expired({ code: 'refresh_reused' }));
    expect(expired).toEqual({ user: null, status: 'expired', error: { code: 'refresh_reused' } });
  });

  it('user updates apply only to a signed-in session', () => {
    const renamed = { ...patient, name: 'Петрова Анна' };
    expect(reduce(initialSessionState, sessionActions.userUpdated({ user: renamed })).user).toBeNull();
    const signedIn = reduce(initialSessionState, sessionActions.signedIn({ user: patient }));
    expect(reduce(signedIn, sessionActions.userUpdated({ user: renamed })).user?.name).toBe('Петрова Анна');
  });

  it('the same person again (every token refresh) keeps the state as it was: nothing that selects it is drawn again', () => {
    const signedIn = reduce(initialSessionState, sessionActions.signedIn({ user: patient }));
    expect(reduce(signedIn, sessionActions.userUpdated({ user: { ...patient } }))).toBe(signedIn);
    expect(reduce(signedIn, sessionActions.userUpdated({ user: { ...patient, mustChangePassword: false } }))).toBe(signedIn);
    expect(reduce(signedIn, sessionActions.userUpdated({ user: { ...patient, mustChangePassword: true } })).user?.mustChangePassword).toBeTrue();
  });

  it('sign-out returns to the initial state', () => {
    const signedIn = reduce(initialSessionState, sessionActions.signedIn({ user: patient }));
    expect(reduce(signedIn, sessionActions.signedOut())).toEqual(initialSessionState);
  });

  it('selectors derive signed-in and role', () => {
    const state = { session: reduce(initialSessionState, sessionActions.signedIn({ user: patient })) };
    expect(selectIsSignedIn(state)).toBeTrue();
    expect(selectRole(state)).toBe('patient');
    expect(selectRole({ session: initialSessionState })).toBeNull();
  });
});
