import { provideEnvironmentInitializer, type EnvironmentProviders } from '@angular/core';
import type { Routes } from '@angular/router';
import { provideModuleIcons, roleGuard } from '@oblako/shell-kit';
import { startDocumentsBackground } from './background';
import { DOCUMENTS_ICONS } from './icons';

const providers: EnvironmentProviders[] = [
  provideModuleIcons(DOCUMENTS_ICONS),
  // Normally started right after sign-in (ui.loadBackground); opening a page makes sure of it.
  provideEnvironmentInitializer(startDocumentsBackground),
];

/** Pages of the documents module, mounted by the shell under `/documents`. */
export const DOCUMENTS_ROUTES: Routes = [
  {
    path: '',
    providers,
    children: [
      {
        path: '',
        pathMatch: 'full',
        canMatch: [roleGuard(['patient'])],
        loadComponent: () => import('./my-documents.page').then((m) => m.MyDocumentsPage),
      },
      {
        path: 'new',
        canMatch: [roleGuard(['patient'])],
        loadComponent: () => import('./add-document.page').then((m) => m.AddDocumentPage),
      },
      {
        path: 'views',
        canMatch: [roleGuard(['patient'])],
        loadComponent: () => import('./record-views.page').then((m) => m.RecordViewsPage),
      },
      // Staff have no documents of their own: their start page is the patients' list.
      { path: '', pathMatch: 'full', redirectTo: 'patients' },
      {
        path: 'patients',
        canMatch: [roleGuard(['doctor'])],
        loadComponent: () => import('./patients-documents.page').then((m) => m.PatientsDocumentsPage),
      },
      {
        path: 'patients/:patientId',
        canMatch: [roleGuard(['doctor'])],
        loadComponent: () => import('./patient-documents.page').then((m) => m.PatientDocumentsPage),
      },
    ],
  },
];
