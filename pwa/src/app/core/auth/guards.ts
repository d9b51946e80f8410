import { inject } from '@angular/core';
import { Router, type CanActivateFn, type CanMatchFn } from '@angular/router';
import { Store } from '@ngrx/store';
import type { Role } from '@oblako/domain';
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
