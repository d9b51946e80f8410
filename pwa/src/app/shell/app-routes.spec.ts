import { provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideStore } from '@ngrx/store';
import type { Role, SessionUser } from '@oblako/domain';
import { ModuleRegistryLoader } from '../core/modules/module-registry';
import { OnboardingGate } from '../core/session/onboarding-gate';
import { sessionFeature } from '../core/session/session.reducer';
import { APP_ROUTES } from './app-routes';
import { buildNav } from './module-nav';

/** The app's own route table (APP_ROUTES), with the registry loaded the way the app loads it. */
function routerAs(role: Role | null): Router {
  const user: SessionUser | null = role ? { id: `${role}-000001`, role, phone: '+79001234567', name: 'Тест' } : null;
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      provideStore({ [sessionFeature.name]: sessionFeature.reducer }, {
        initialState: { [sessionFeature.name]: user ? { user, status: 'signed-in' as const, error: null } : { user: null, status: 'signed-out' as const, error: null } },
      }),
      provideRouter(APP_ROUTES),
      { provide: OnboardingGate, useValue: { stepFor: async () => null, pending: signal(null) } },
    ],
  });
  return TestBed.inject(Router);
}

describe('the app starts without the modules registry until it is needed', () => {
  it('signed out, / opens the sign-in page and the registry is not loaded', async () => {
    const router = routerAs(null);
    await router.navigateByUrl('/');
    expect(router.url).toBe('/sign-in');
    expect(TestBed.inject(ModuleRegistryLoader).registry).toEqual([]);
  });

  it('signed in, / opens the home page of the role (the registry loads with the shell routes)', async () => {
    const router = routerAs('patient');
    await router.navigateByUrl('/');
    const registry = TestBed.inject(ModuleRegistryLoader).registry;
    expect(registry.length).toBeGreaterThan(0);
    expect(router.url).toBe(buildNav(registry, 'patient')[0]!.path);
  });

  it('signed in on the sign-in page (just signed in), going home leaves it', async () => {
    const router = routerAs('doctor');
    await router.navigateByUrl('/sign-in');
    expect(router.url).not.toBe('/sign-in');
    await router.navigateByUrl('/');
    expect(router.url).toBe(buildNav(TestBed.inject(ModuleRegistryLoader).registry, 'doctor')[0]!.path);
  });
});
