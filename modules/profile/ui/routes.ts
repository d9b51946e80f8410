import type { Routes } from '@angular/router';
import { roleGuard } from '@oblako/shell-kit';

/** Pages of the profile module, mounted by the shell under `/profile`. */
export const PROFILE_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    canMatch: [roleGuard(['patient'])],
    loadComponent: () => import('./my-profile.page').then((m) => m.MyProfilePage),
  },
  // Staff have no profile of their own here: their start page is the patients' list.
  { path: '', pathMatch: 'full', redirectTo: 'patients' },
  {
    path: 'patients',
    canMatch: [roleGuard(['doctor', 'admin'])],
    loadComponent: () => import('./patients-list.page').then((m) => m.PatientsListPage),
  },
  {
    path: 'patients/:patientId',
    canMatch: [roleGuard(['doctor', 'admin'])],
    loadComponent: () => import('./patient-detail.page').then((m) => m.PatientDetailPage),
  },
];
