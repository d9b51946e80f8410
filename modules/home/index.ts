import type { ModuleDefinition } from '@oblako/domain';
import { homeTranslations } from './i18n';

export * from './api';
export { nextStep, type NextStep, type NextStepKind, type CallState, type HomeFacts } from './next-step';

/**
 * «Главная» of the patient: the one next step (computed by `nextStep` from the device's
 * documents, consultations and referral, so it works offline), the referral, a one-time question
 * about the time zone, and the account page (password, consent, who viewed my data, support,
 * sign out everywhere). Reads other modules' collections and their public faces only.
 */
export const homeModule: ModuleDefinition = {
  id: 'home',
  ui: {
    path: 'home',
    roles: ['patient'],
    loadRoutes: () => import('./ui/routes').then((m) => m.HOME_ROUTES),
  },
  nav: [
    // First for the patient: the shell's home (`/`) is the first entry, so sign-in, registration
    // and consent all end here.
    { path: '/home', labelKey: 'home.nav', icon: 'home', roles: ['patient'], order: 0 },
    { path: '/home/account', labelKey: 'home.account.nav', icon: 'manage_accounts', roles: ['patient'], order: 0, placement: 'account' },
  ],
  serverPlugin: new URL('./server/plugin.ts', import.meta.url),
  i18n: homeTranslations,
};
