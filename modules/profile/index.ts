import type { ModuleDefinition } from '@oblako/domain';
import { PROFILE_LOCAL_ID, profileSchema } from './schema';
import { validateProfile } from './validate';
import { profileTranslations } from './i18n';

export type { PatientProfile } from './schema';
export { PROFILE_LOCAL_ID, profileSchema } from './schema';
export { validateProfile } from './validate';

/** The patient profile: the first module, proving the contract end to end. */
export const profileModule: ModuleDefinition = {
  id: 'profile',
  collections: [
    {
      name: 'profiles',
      schema: profileSchema,
      partitionField: 'patientId',
      singletonId: PROFILE_LOCAL_ID,
      access: {
        // Managers list patients through paged server queries (modules/admin/README.md): not replicated to them.
        read: { patient: 'own', doctor: 'assigned', admin: 'all' },
        write: { patient: 'own' },
      },
      immutableFields: ['patientId'],
      validate: validateProfile,
    },
  ],
  ui: {
    path: 'profile',
    roles: ['patient', 'doctor', 'manager', 'admin'],
    loadRoutes: () => import('./ui/routes').then((m) => m.PROFILE_ROUTES),
  },
  nav: [
    { path: '/profile', labelKey: 'profile.nav', icon: 'person', roles: ['patient'], order: 10 },
    { path: '/profile/patients', labelKey: 'profile.patients', icon: 'groups', roles: ['doctor', 'admin'], order: 10 },
  ],
  serverPlugin: new URL('./server/plugin.ts', import.meta.url),
  i18n: profileTranslations,
};
