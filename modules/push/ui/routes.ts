import type { Routes } from '@angular/router';
import { roleGuard } from '@oblako/shell-kit';
import { PUSH_ICONS } from './icons';

/** Pages of the push module, mounted by the shell under `/push`. */
export const PUSH_ROUTES: Routes = [
  {
    path: '',
    providers: [PUSH_ICONS],
    children: [
      {
        path: '',
        pathMatch: 'full',
        canMatch: [roleGuard(['patient', 'doctor', 'manager'])],
        loadComponent: () => import('./push-devices.page').then((m) => m.PushDevicesPage),
      },
      {
        path: 'deliveries/:accountId',
        canMatch: [roleGuard(['manager'])],
        loadComponent: () => import('./deliveries.page').then((m) => m.DeliveriesPage),
      },
    ],
  },
];
