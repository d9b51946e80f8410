import type { Routes } from '@angular/router';
import { provideModuleTranslations, roleGuard } from '@oblako/shell-kit';
import { REGISTRATION_PAGE_TRANSLATIONS } from './i18n';

/** Signed-out pages, mounted by the shell under `/register`. */
export const REGISTRATION_PUBLIC_ROUTES: Routes = [
  {
    path: '',
    providers: [provideModuleTranslations(REGISTRATION_PAGE_TRANSLATIONS)],
    children: [
      { path: '', pathMatch: 'full', loadComponent: () => import('./register.page').then((m) => m.RegisterPage) },
      { path: 'restore', loadComponent: () => import('./restore.page').then((m) => m.RestorePage) },
    ],
  },
];

/**
 * Signed-in pages under `/onboarding`, where the shell's gate sends a person first: their own
 * password after a one-time one, then (patients) the consent. Both stay reachable later: to
 * change the password, to read the consent given.
 */
export const ONBOARDING_ROUTES: Routes = [
  {
    path: '',
    providers: [provideModuleTranslations(REGISTRATION_PAGE_TRANSLATIONS)],
    children: [
      { path: 'password', loadComponent: () => import('./set-password.page').then((m) => m.SetPasswordPage) },
      { path: 'consent', canMatch: [roleGuard(['patient'])], loadComponent: () => import('./consent.page').then((m) => m.ConsentPage) },
      { path: '', pathMatch: 'full', redirectTo: 'password' },
    ],
  },
];
