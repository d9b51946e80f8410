import { inject } from '@angular/core';
import { Router, type CanActivateChildFn, type CanActivateFn, type CanMatchFn } from '@angular/router';
import { Store } from '@ngrx/store';
import type { Role } from '@oblako/domain';
import { ONBOARDING_PATHS, OnboardingGate } from '../session/onboarding-gate';
import { selectUser } from '../session/session.selectors';

/** Pages behind sign-in; a session remembered on the device counts (offline reloads). */
export const signedInGuard: CanActivateFn = () => {
  const user = inject(Store).selectSignal(selectUser)();
  return user ? true : inject(Router).parseUrl('/sign-in');
};

export const signedOutGuard: CanActivateFn = () => {
  const user = inject(Store).selectSignal(selectUser)();
  return user ? inject(Router).parseUrl('/') : true;
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
