import type { Routes } from '@angular/router';
import { provideModuleIcons, roleGuard } from '@oblako/shell-kit';
import { HOME_ICONS } from './icons';

/** Pages of the home module, mounted by the shell under `/home` (patients only). */
export const HOME_ROUTES: Routes = [
  {
    path: '',
    canMatch: [roleGuard(['patient'])],
    providers: [provideModuleIcons(HOME_ICONS)],
    children: [
      { path: '', pathMatch: 'full', loadComponent: () => import('./home.page').then((m) => m.HomePage) },
      { path: 'account', loadComponent: () => import('./account.page').then((m) => m.AccountPage) },
    ],
  },
];
