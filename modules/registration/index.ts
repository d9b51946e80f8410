import type { ModuleDefinition } from '@oblako/domain';
import { registrationTranslations } from './i18n';

export * from './api';
export { validateRegistration } from './validate';

/**
 * Self-registration by phone with an SMS code, password restore by SMS code, and the first
 * sign-in with a one-time password (set your own password, then consent). No collection: the
 * account lives on the server, the profile comes from the profile module.
 *
 * Pages: /register (phone → code → details; the session opens and the shell's gate asks for
 * consent), /register/restore; /onboarding/password (first sign-in: `user.mustChangePassword`,
 * later a plain password change), /onboarding/consent (patients).
 */
export const registrationModule: ModuleDefinition = {
  id: 'registration',
  publicUi: {
    path: 'register',
    loadRoutes: () => import('./ui/routes').then((m) => m.REGISTRATION_PUBLIC_ROUTES),
    signInLinks: [
      { path: '/register', labelKey: 'registration.title' },
      { path: '/register/restore', labelKey: 'registration.restoreLink' },
    ],
  },
  ui: {
    path: 'onboarding',
    roles: ['patient', 'doctor', 'manager', 'admin'],
    loadRoutes: () => import('./ui/routes').then((m) => m.ONBOARDING_ROUTES),
  },
  serverPlugin: new URL('./server/plugin.ts', import.meta.url),
  i18n: registrationTranslations,
};
