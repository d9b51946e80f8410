import { SESSION_STORAGE_KEY, SessionStore } from '../core/auth/session-store';
import { plantFirstPaintCopy } from '../core/first-paint/testing';
import { readStoredLanguage } from '../core/i18n/stored-language';
import { HANDSET_QUERY, pageSnapshotKey, type PageSnapshot } from '../core/first-paint/page-snapshot';
import { lightFirstPaintSnapshot, startsWithLightSignIn } from './start-decision';

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

describe('which snapshot a start draws as its light first paint', () => {
  const PATIENT = { id: 'patient-000001', role: 'patient', name: 'Иванова Мария Петровна', phone: '+79000000001' } as const;
  const noWorker = { controller: null } as unknown as ServiceWorkerContainer;
  const HERE = location.pathname;
  const handset = () => matchMedia(HANDSET_QUERY).matches;
  /** What a session of `userId` left on this device: a page's copy at HERE, and its snapshot. */
  function recorded(userId: string, snapshot: Partial<PageSnapshot> = {}): void {
    plantFirstPaintCopy('consultations.patient', userId, {}, HERE);
    localStorage.setItem(pageSnapshotKey(userId), JSON.stringify({ address: HERE, language: readStoredLanguage(), handset: handset(), html: '<ob-root></ob-root>', css: '', ...snapshot }));
  }
  // Other specs start the full app's FirstPageDrawn, which marks the page as released.
  beforeEach(() => document.documentElement.removeAttribute('data-first-paint-released'));
  afterEach(() => {
    new SessionStore().clear();
    document.documentElement.removeAttribute('data-first-paint-released');
  });

  it('the remembered person’s, at the address it was recorded at, with no worker serving the app', () => {
    new SessionStore().save(PATIENT);
    recorded(PATIENT.id);
    expect(lightFirstPaintSnapshot(HERE, new SessionStore(), noWorker)?.html).toBe('<ob-root></ob-root>');
    // Served by the worker: the full app draws as soon, nothing is drawn twice.
    expect(lightFirstPaintSnapshot(HERE, new SessionStore(), { controller: {} } as unknown as ServiceWorkerContainer)).toBeNull();
    // Another address: its page has no copy.
    expect(lightFirstPaintSnapshot('/documents', new SessionStore(), noWorker)).toBeNull();
    // Released by the full app: never again on this page.
    document.documentElement.setAttribute('data-first-paint-released', '');
    expect(lightFirstPaintSnapshot(HERE, new SessionStore(), noWorker)).toBeNull();
  });

  it('none in another language or layout than it was recorded in', () => {
    new SessionStore().save(PATIENT);
    recorded(PATIENT.id, { language: readStoredLanguage() === 'ru' ? 'en' : 'ru' });
    expect(lightFirstPaintSnapshot(HERE, new SessionStore(), noWorker)).toBeNull();
    recorded(PATIENT.id, { handset: !handset() });
    expect(lightFirstPaintSnapshot(HERE, new SessionStore(), noWorker)).toBeNull();
  });

  it('nobody remembered, or only someone else’s snapshot: none', () => {
    recorded('patient-000002');
    expect(lightFirstPaintSnapshot(HERE, new SessionStore(), noWorker)).toBeNull();
    new SessionStore().save(PATIENT);
    expect(lightFirstPaintSnapshot(HERE, new SessionStore(), noWorker)).toBeNull();
    localStorage.removeItem(pageSnapshotKey('patient-000002'));
  });

  it('sign-out wipes the snapshot with the copies', () => {
    new SessionStore().save(PATIENT);
    recorded(PATIENT.id);
    new SessionStore().clear();
    expect(localStorage.getItem(pageSnapshotKey(PATIENT.id))).toBeNull();
  });
});
