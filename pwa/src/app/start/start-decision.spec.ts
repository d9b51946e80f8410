import { SESSION_STORAGE_KEY, SessionStore } from '../core/auth/session-store';
import { saveFirstPaintCopy } from '../core/first-paint/page-copy';
import { pageSnapshotKey } from '../core/first-paint/page-snapshot';
import { lightFirstPaintUser, startsWithLightSignIn } from './start-decision';

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

describe('whether a start draws the light first paint', () => {
  const PATIENT = { id: 'patient-000001', role: 'patient', name: 'Иванова Мария Петровна', phone: '+79000000001' } as const;
  const noWorker = { controller: null } as unknown as ServiceWorkerContainer;
  afterEach(() => new SessionStore().clear());

  it('a remembered person at the address of their copy, with a snapshot, and no worker serving the app: that person', () => {
    new SessionStore().save(PATIENT);
    saveFirstPaintCopy('consultations.patient', PATIENT.id, {}, '/consultations');
    localStorage.setItem(pageSnapshotKey(PATIENT.id), '{}');
    expect(lightFirstPaintUser('/consultations', new SessionStore(), noWorker)).toBe(PATIENT.id);
    // Served by the worker: the full app draws as soon, nothing is drawn twice.
    expect(lightFirstPaintUser('/consultations', new SessionStore(), { controller: {} } as unknown as ServiceWorkerContainer)).toBeNull();
    // Another address: its page has no copy.
    expect(lightFirstPaintUser('/documents', new SessionStore(), noWorker)).toBeNull();
  });

  it('nobody remembered, or only someone else’s snapshot: none', () => {
    saveFirstPaintCopy('consultations.patient', 'patient-000002', {}, '/consultations');
    localStorage.setItem(pageSnapshotKey('patient-000002'), '{}');
    expect(lightFirstPaintUser('/consultations', new SessionStore(), noWorker)).toBeNull();
    new SessionStore().save(PATIENT);
    expect(lightFirstPaintUser('/consultations', new SessionStore(), noWorker)).toBeNull();
    localStorage.removeItem(pageSnapshotKey('patient-000002'));
  });

  it('sign-out wipes the snapshot with the copies', () => {
    new SessionStore().save(PATIENT);
    localStorage.setItem(pageSnapshotKey(PATIENT.id), '{}');
    new SessionStore().clear();
    expect(localStorage.getItem(pageSnapshotKey(PATIENT.id))).toBeNull();
  });
});
