import { inject } from '@angular/core';
import type { Routes } from '@angular/router';
import { Store } from '@ngrx/store';
import { WIDE_PAGE, roleGuard, selectRole } from '@oblako/shell-kit/routing';

/** Staff have no «Консультации» of their own: the doctor starts at «Мой день», a manager at the stages. */
function staffStartPage(): string {
  return inject(Store).selectSignal(selectRole)() === 'doctor' ? 'day' : 'stages';
}

/**
 * Pages of the consultations module, mounted by the shell under `/consultations`. Each role
 * has its own start page: the patient «Консультации», the doctor «Мой день», the manager the
 * patients by stage.
 */
export const CONSULTATIONS_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    canMatch: [roleGuard(['patient'])],
    loadComponent: () => import('./patient/consultations.page').then((m) => m.PatientConsultationsPage),
  },
  // Angular refuses canMatch next to redirectTo, so the role is read in the redirect itself.
  { path: '', pathMatch: 'full', redirectTo: staffStartPage },
  {
    path: 'notifications',
    canMatch: [roleGuard(['patient', 'doctor', 'manager'])],
    loadComponent: () => import('./shared/notifications.page').then((m) => m.NotificationsPage),
  },
  {
    path: 'queue',
    canMatch: [roleGuard(['doctor'])],
    data: WIDE_PAGE,
    loadComponent: () => import('./doctor/queue.page').then((m) => m.QueuePage),
  },
  {
    path: 'day',
    canMatch: [roleGuard(['doctor'])],
    loadComponent: () => import('./doctor/day.page').then((m) => m.DayPage),
  },
  {
    path: 'c/:consultationId',
    canMatch: [roleGuard(['doctor'])],
    loadComponent: () => import('./doctor/consultation.page').then((m) => m.ConsultationPage),
  },
  {
    path: 'settings',
    canMatch: [roleGuard(['doctor'])],
    loadComponent: () => import('./doctor-settings/settings.page').then((m) => m.DoctorSettingsPage),
  },
  {
    path: 'stages',
    canMatch: [roleGuard(['manager'])],
    data: WIDE_PAGE,
    loadComponent: () => import('./manager/stages.page').then((m) => m.StagesPage),
  },
];
