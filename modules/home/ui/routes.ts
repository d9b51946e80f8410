import type { Routes } from '@angular/router';
import { roleGuard } from '@oblako/shell-kit';

/** Pages of the home module, mounted by the shell under `/home` (patients only). */
export const HOME_ROUTES: Routes = [
  {
    path: '',
    canMatch: [roleGuard(['patient'])],
    children: [
      { path: '', pathMatch: 'full', loadComponent: () => import('./home.page').then((m) => m.HomePage) },
      { path: 'account', loadComponent: () => import('./account.page').then((m) => m.AccountPage) },
    ],
  },
];
