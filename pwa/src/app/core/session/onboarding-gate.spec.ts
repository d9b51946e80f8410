import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, type ActivatedRouteSnapshot, type RouterStateSnapshot, type UrlTree } from '@angular/router';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { CONSENT_API, CONSENT_TEXT, CONSENT_VERSION, type ConsentStatus, type SessionUser } from '@oblako/domain';
import { AuthorizedFetch } from '../auth/authorized-fetch';
import { onboardingGuard } from '../auth/guards';
import { CONSENT_STORAGE_KEY, SessionStore } from '../auth/session-store';
import { OnboardingGate } from './onboarding-gate';
import { selectUser } from './session.selectors';

const patient: SessionUser = { id: 'patient-000001', role: 'patient', phone: '+79000000001', name: 'Иванова Мария' };
const manager: SessionUser = { id: 'manager-00001', role: 'manager', phone: '+79000000004', name: 'Кузнецова Ольга' };

function consent(accepted: boolean): Response {
  const body: ConsentStatus = { version: CONSENT_VERSION, text: CONSENT_TEXT, accepted, ...(accepted ? { acceptedAt: '2026-11-20T10:00:00.000Z' } : {}) };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

/** What the shell's gate decides before any page of the cabinet opens. */
describe('onboardingGuard', () => {
  let store: MockStore;
  let fetchSpy: jasmine.Spy;

  beforeEach(() => {
    localStorage.removeItem(CONSENT_STORAGE_KEY);
    fetchSpy = jasmine.createSpy('fetch');
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideMockStore({ selectors: [{ selector: selectUser, value: patient }] }),
        { provide: AuthorizedFetch, useValue: { fetch: fetchSpy } },
      ],
    });
    store = TestBed.inject(MockStore);
  });

  afterEach(() => {
    localStorage.removeItem(CONSENT_STORAGE_KEY);
    // Overridden selectors are global: leave them as they were for the next specs.
    store.resetSelectors();
  });

  function signedInAs(user: SessionUser | null): void {
    store.overrideSelector(selectUser, user);
    store.refreshState();
  }

  async function decide(url: string): Promise<string | true> {
    const result = await TestBed.runInInjectionContext(() =>
      onboardingGuard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot),
    ) as boolean | UrlTree;
    if (result === true) return true;
    if (result === false) throw new Error('the gate never refuses: it redirects');
    return TestBed.inject(Router).serializeUrl(result);
  }

  it('sends a person with a one-time password to the password page first, whatever they open', async () => {
    signedInAs({ ...patient, mustChangePassword: true });
    expect(await decide('/profile')).toBe('/onboarding/password');
    expect(await decide('/documents/upload?x=1')).toBe('/onboarding/password');
    expect(await decide('/onboarding/consent')).toBe('/onboarding/password');
    expect(await decide('/onboarding/password')).toBeTrue();
    // The server refuses everything else meanwhile: consent is not even asked.
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(TestBed.inject(OnboardingGate).pending()).toBe('password');
  });

  it('holds a patient without consent at the consent page', async () => {
    fetchSpy.and.callFake(async () => consent(false));
    expect(await decide('/profile')).toBe('/onboarding/consent');
    expect(await decide('/onboarding/consent')).toBeTrue();
    expect(fetchSpy.calls.mostRecent().args[0]).toBe(CONSENT_API.current);
    expect(TestBed.inject(OnboardingGate).pending()).toBe('consent');
  });

  it('lets a patient with consent in, and remembers it for offline reloads', async () => {
    fetchSpy.and.callFake(async () => consent(true));
    expect(await decide('/profile')).toBeTrue();
    expect(TestBed.inject(OnboardingGate).pending()).toBeNull();
    fetchSpy.and.rejectWith(new TypeError('Failed to fetch'));
    expect(await decide('/profile')).toBeTrue();
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it('without the server and without a remembered consent, the consent page comes first', async () => {
    fetchSpy.and.rejectWith(new TypeError('Failed to fetch'));
    expect(await decide('/profile')).toBe('/onboarding/consent');
  });

  it('a consent just given opens the cabinet at once; sign-out forgets it', async () => {
    fetchSpy.and.callFake(async () => consent(false));
    expect(await decide('/profile')).toBe('/onboarding/consent');
    TestBed.inject(OnboardingGate).consentGiven(patient.id, CONSENT_VERSION);
    expect(await decide('/profile')).toBeTrue();
    TestBed.inject(SessionStore).clear();
    expect(await decide('/profile')).toBe('/onboarding/consent');
  });

  it('a remembered consent of someone else on this device does not count', async () => {
    TestBed.inject(OnboardingGate).consentGiven('patient-000002', CONSENT_VERSION);
    fetchSpy.and.callFake(async () => consent(false));
    expect(await decide('/profile')).toBe('/onboarding/consent');
  });

  it('staff give no consent of their own; nobody signed in is left to the sign-in guard', async () => {
    signedInAs(manager);
    expect(await decide('/admin/import')).toBeTrue();
    signedInAs(null);
    expect(await decide('/profile')).toBeTrue();
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
