import { provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, type ActivatedRouteSnapshot } from '@angular/router';
import { provideStore } from '@ngrx/store';
import type { ModuleDefinition, Role, SessionUser } from '@oblako/domain';
import { homeModule } from '../../../../modules/home/index';
import { profileModule } from '../../../../modules/profile/index';
import { MODULE_REGISTRY } from '../core/modules/module-registry';
import { OnboardingGate, type OnboardingStep } from '../core/session/onboarding-gate';
import { sessionFeature } from '../core/session/session.reducer';
import { buildAppRoutes } from './app-routes';
import { buildAccountMenu, buildNav } from './module-nav';

function user(role: Role): SessionUser {
  return { id: `${role}-000001`, role, phone: '+79001234567', name: 'Тест' };
}

/** Starts a router over the shell's routes built from `modules`, signed in as `role`. */
async function routerWith(modules: readonly ModuleDefinition[], role: Role | null, pendingStep: OnboardingStep | null = null): Promise<Router> {
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      { provide: MODULE_REGISTRY, useValue: modules },
      provideStore({ [sessionFeature.name]: sessionFeature.reducer }, {
        initialState: { [sessionFeature.name]: role ? { user: user(role), status: 'signed-in' as const, error: null } : { user: null, status: 'signed-out' as const, error: null } },
      }),
      provideRouter(buildAppRoutes(modules)),
      // Onboarding (new password, consent) has its own spec: here nothing is pending.
      { provide: OnboardingGate, useValue: { stepFor: async () => pendingStep, pending: signal(pendingStep) } },
    ],
  });
  return TestBed.inject(Router);
}

/** The route paths from the root down to the page that was activated. */
function activatedPaths(router: Router): string[] {
  const paths: string[] = [];
  let node: ActivatedRouteSnapshot | null = router.routerState.snapshot.root;
  while (node) {
    if (node.routeConfig) paths.push(node.routeConfig.path ?? '');
    node = node.firstChild;
  }
  return paths;
}

describe('routes and navigation come from the module registry', () => {
  it('a registered profile module contributes its navigation per role', () => {
    expect(buildNav([profileModule], 'patient').map((e) => e.path)).toEqual(['/profile']);
    expect(buildNav([profileModule], 'doctor').map((e) => e.path)).toEqual(['/profile/patients']);
    expect(buildNav([profileModule], null)).toEqual([]);
  });

  it('without the profile module there is no profile navigation', () => {
    expect(buildNav([], 'patient')).toEqual([]);
    expect(buildNav([], 'doctor')).toEqual([]);
  });

  it('with the home module, «Главная» is the patient\'s first entry and home; its account page sits in the account menu only', async () => {
    expect(buildNav([profileModule, homeModule], 'patient').map((e) => e.path)).toEqual(['/home', '/profile']);
    expect(buildAccountMenu([profileModule, homeModule], 'patient').map((e) => e.path)).toEqual(['/home/account']);
    expect(buildAccountMenu([profileModule, homeModule], 'doctor')).toEqual([]);
    expect(buildNav([homeModule], 'doctor')).toEqual([]);
    const router = await routerWith([profileModule, homeModule], 'patient');
    await router.navigateByUrl('/');
    expect(router.url).toBe('/home');
  });

  it('with the profile module, /profile opens the module page and is the patient home', async () => {
    const router = await routerWith([profileModule], 'patient');
    await router.navigateByUrl('/');
    expect(router.url).toBe('/profile');
    expect(activatedPaths(router)).toEqual(['', 'profile', '']);
  });

  it('a doctor lands on the patients list of the profile module', async () => {
    const router = await routerWith([profileModule], 'doctor');
    await router.navigateByUrl('/');
    expect(router.url).toBe('/profile/patients');
    expect(activatedPaths(router)).toEqual(['', 'profile', 'patients']);
  });

  it('without the profile module, /profile is not a route (not-found page) and home has nowhere to go', async () => {
    const router = await routerWith([], 'patient');
    await router.navigateByUrl('/profile');
    expect(activatedPaths(router)).toEqual(['', '**']);
    await router.navigateByUrl('/');
    expect(router.url).toBe('/');
    expect(activatedPaths(router)).toEqual(['', '']);
  });

  it('a pending onboarding step holds every page of the cabinet at its own page', async () => {
    const router = await routerWith([profileModule], 'patient', 'password');
    await router.navigateByUrl('/profile');
    expect(router.url).toBe('/onboarding/password');
    await router.navigateByUrl('/');
    expect(router.url).toBe('/onboarding/password');
  });

  it('module pages only match the roles the module names', async () => {
    const staffOnly: ModuleDefinition = { ...profileModule, ui: { ...profileModule.ui!, roles: ['doctor'] } };
    const router = await routerWith([staffOnly], 'patient');
    await router.navigateByUrl('/profile');
    expect(activatedPaths(router)).toEqual(['', '**']);
  });

  it('public pages of a module open without sign-in; a signed-in person is sent home', async () => {
    const withPublic: ModuleDefinition = { id: 'signup', publicUi: { path: 'signup', loadRoutes: async () => [{ path: '', children: [] }] } };
    const router = await routerWith([withPublic], null);
    await router.navigateByUrl('/signup');
    expect(router.url).toBe('/signup');
    await router.navigateByUrl('/');
    expect(router.url).toBe('/sign-in');
  });
});
