import type { EnvironmentProviders, Provider } from '@angular/core';
import type { SessionUser } from '@oblako/domain';
import { signedInTestProviders } from '../../../../pwa/src/app/kit/testing';
import { consultationsModule } from '../../index';

export { until } from '../../../../pwa/src/app/kit/testing';

/**
 * Test set-up for the manager's and the doctor's settings specs (never imported by pages): this
 * module alone in the registry (its strings and collections).
 */
export function consultationsTestProviders(user: SessionUser, online: boolean): (Provider | EnvironmentProviders)[] {
  return signedInTestProviders(user, online, { router: true, modules: [consultationsModule] });
}
