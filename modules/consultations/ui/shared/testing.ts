import type { EnvironmentProviders, Provider } from '@angular/core';
import type { SessionUser } from '@oblako/domain';
import { signedInTestProviders } from '../../../../pwa/src/app/kit/testing';

export { insertLocal, plantFirstPaintCopy, until } from '../../../../pwa/src/app/kit/testing';

/** Test set-up of the consultations specs (see signedInTestProviders), with a router for the pages' links. */
export function consultationsTestProviders(user: SessionUser, online: boolean): (Provider | EnvironmentProviders)[] {
  return signedInTestProviders(user, online, { router: true });
}
