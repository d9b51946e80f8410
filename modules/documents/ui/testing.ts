import type { EnvironmentProviders, Provider } from '@angular/core';
import type { SessionUser } from '@oblako/domain';
import { signedInTestProviders } from '../../../pwa/src/app/kit/testing';

export { until } from '../../../pwa/src/app/kit/testing';

/** Test set-up shared by the documents specs (see signedInTestProviders). */
export function documentsTestProviders(user: SessionUser, online: boolean): (Provider | EnvironmentProviders)[] {
  return signedInTestProviders(user, online);
}
