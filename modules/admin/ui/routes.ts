import type { Routes } from '@angular/router';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { WIDE_PAGE, provideModuleTranslations } from '@oblako/shell-kit';
import { TranslatedPaginatorIntl } from '@oblako/shell-kit/paginator';
import { ADMIN_ICONS } from './admin-icons';
import { ADMIN_PAGE_TRANSLATIONS } from './i18n';
import { STAFF_PAGE_TRANSLATIONS } from './staff/i18n';

/** The manager's pages, mounted by the shell under `/admin` (managers and admins only). */
export const ADMIN_ROUTES: Routes = [
  {
    path: '',
    providers: [
      provideModuleTranslations(ADMIN_PAGE_TRANSLATIONS),
      provideModuleTranslations(STAFF_PAGE_TRANSLATIONS),
      ADMIN_ICONS,
      { provide: MatPaginatorIntl, useClass: TranslatedPaginatorIntl },
    ],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'import' },
      { path: 'import', data: WIDE_PAGE, loadComponent: () => import('./import.page').then((m) => m.ImportPage) },
      { path: 'import/reports/:importId', data: WIDE_PAGE, loadComponent: () => import('./import-report.page').then((m) => m.ImportReportPage) },
      { path: 'credentials', data: WIDE_PAGE, loadComponent: () => import('./credentials.page').then((m) => m.CredentialsPage) },
      { path: 'sms', data: WIDE_PAGE, loadComponent: () => import('./sms-outbox.page').then((m) => m.SmsOutboxPage) },
      { path: 'staff', data: WIDE_PAGE, loadComponent: () => import('./staff/staff.page').then((m) => m.StaffPage) },
    ],
  },
];
