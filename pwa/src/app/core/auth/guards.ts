import { inject } from '@angular/core';
import { Router, type CanActivateChildFn, type CanActivateFn, type CanMatchFn } from '@angular/router';
import { Store } from '@ngrx/store';
import type { Role } from '@oblako/domain';
import { ONBOARDING_PATHS, OnboardingGate } from '../session/onboarding-gate';
import { NEXT_PARAM, afterSignInUrl } from './after-sign-in';
import { selectUser } from '../session/session.selectors';

/**
 * Pages behind sign-in; a session remembered on the device counts (offline reloads). Without
 * one, the sign-in page, which remembers the page asked for (`?next=`) and opens it afterwards.
 */
export const signedInGuard: CanActivateFn = (_route, state) => {
  const user = inject(Store).selectSignal(selectUser)();
  if (user) return true;
  return inject(Router).createUrlTree(['/sign-in'], state.url === '/' ? {} : { queryParams: { [NEXT_PARAM]: state.url } });
};

/** Signed in already (or just now): on to the page asked for before the sign-in, or home. */
export const signedOutGuard: CanActivateFn = (route) => {
  const user = inject(Store).selectSignal(selectUser)();
  return user ? inject(Router).parseUrl(afterSignInUrl(route.queryParamMap.get(NEXT_PARAM))) : true;
};

/** A module's pages only match for the roles the module names (the server guards the data). */
export function roleGuard(roles: readonly Role[]): CanMatchFn {
  return () => {
    const user = inject(Store).selectSignal(selectUser)();
    return user !== null && roles.includes(user.role);
  };
}

/**
 * Nothing in the cabinet before the onboarding steps are done: a one-time password is replaced
 * first, then a patient accepts the consent. Every page of the signed-in shell is held at the
 * pending step's page; once nothing is pending, every page opens.
 */
export const onboardingGuard: CanActivateChildFn = async (_route, state) => {
  const user = inject(Store).selectSignal(selectUser)();
  const gate = inject(OnboardingGate);
  const router = inject(Router);
  if (!user) return true;
  const step = await gate.stepFor(user);
  if (!step) return true;
  const path = ONBOARDING_PATHS[step];
  const url = state.url.split(/[?#]/)[0];
  return url === path ? true : router.parseUrl(path);
};
