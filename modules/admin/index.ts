import type { ModuleDefinition } from '@oblako/domain';
import { adminTranslations } from './i18n';
import { REFERRALS_COLLECTION, referralSchema } from './referral-schema';

export * from './api';
export * from './staff-api';
export type { Referral } from './referral-schema';
export { REFERRALS_COLLECTION, REFERRAL_LOCAL_PREFIX, referralSchema } from './referral-schema';

/**
 * The manager's side: referral import from the regional doctors' tables, patients' credentials
 * by SMS, the SMS log. Brings the `referrals` collection, so each referral reaches the patient's
 * and their doctors' devices. Pages: /admin/import (+ /admin/import/reports/:importId),
 * /admin/credentials, /admin/sms, /admin/staff («Сотрудники»: doctors and managers, see staff-api.ts).
 */
export const adminModule: ModuleDefinition = {
  id: 'admin',
  collections: [
    {
      name: REFERRALS_COLLECTION,
      schema: referralSchema,
      partitionField: 'patientId',
      // Written only by the server's import: no device writes or deletes a referral.
      access: {
        // Managers see referrals through the import reports and the stages list, not on the device.
        read: { patient: 'own', doctor: 'assigned', admin: 'all' },
        write: {},
      },
      immutableFields: ['patientId'],
    },
  ],
  ui: { path: 'admin', roles: ['manager', 'admin'], loadRoutes: () => import('./ui/routes').then((m) => m.ADMIN_ROUTES) },
  nav: [
    { path: '/admin/import', labelKey: 'admin.nav.import', shortLabelKey: 'admin.nav.importShort', icon: 'upload_file', roles: ['manager', 'admin'], order: 20 },
    { path: '/admin/credentials', labelKey: 'admin.nav.credentials', shortLabelKey: 'admin.nav.credentialsShort', icon: 'key', roles: ['manager', 'admin'], order: 21 },
    { path: '/admin/sms', labelKey: 'admin.nav.sms', icon: 'sms', roles: ['manager', 'admin'], order: 22 },
    { path: '/admin/staff', labelKey: 'admin.nav.staff', icon: 'groups', roles: ['manager', 'admin'], order: 23 },
  ],
  serverPlugin: new URL('./server/plugin.ts', import.meta.url),
  i18n: adminTranslations,
};
