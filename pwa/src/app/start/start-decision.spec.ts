import { SESSION_STORAGE_KEY, SessionStore } from '../core/auth/session-store';
import { startsWithLightSignIn } from './start-decision';

describe('which application a page starts', () => {
  afterEach(() => localStorage.removeItem(SESSION_STORAGE_KEY));

  it('nobody remembered: the light sign-in application on / and /sign-in, the full app anywhere else', () => {
    expect(startsWithLightSignIn('/')).toBeTrue();
    expect(startsWithLightSignIn('/sign-in')).toBeTrue();
    // A module's public page, and a deep link the full app keeps in the address while it asks to sign in.
    expect(startsWithLightSignIn('/register/restore')).toBeFalse();
    expect(startsWithLightSignIn('/consultations')).toBeFalse();
  });

  it('a session remembered on this device: the full app at once, on every address', () => {
    new SessionStore().save({ id: 'patient-000001', role: 'patient', name: 'Иванова Мария Петровна', phone: '+79000000001' });
    expect(startsWithLightSignIn('/')).toBeFalse();
    expect(startsWithLightSignIn('/sign-in')).toBeFalse();
  });

  it('an unreadable remembered value counts as nobody (the full app would not restore it either)', () => {
    localStorage.setItem(SESSION_STORAGE_KEY, '{"id":');
    expect(startsWithLightSignIn('/')).toBeTrue();
  });
});
