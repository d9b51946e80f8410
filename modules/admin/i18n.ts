import type { Translations } from '@oblako/domain';

/**
 * The manager's strings the shell needs before any admin page loads: the navigation. Page
 * strings live in ui/i18n.ts and load with the pages (the start bundle stays small). Row
 * problems and API errors arrive with their message from the server (codes in @oblako/domain).
 */
export const adminTranslations: Translations = {
  ru: {
    'admin.nav.import': 'Импорт направлений',
    'admin.nav.importShort': 'Импорт',
    'admin.nav.credentials': 'Доступы пациентов',
    'admin.nav.credentialsShort': 'Доступы',
    'admin.nav.sms': 'SMS',
    'admin.nav.staff': 'Сотрудники',
  },
  en: {
    'admin.nav.import': 'Referral import',
    'admin.nav.importShort': 'Import',
    'admin.nav.credentials': 'Patient access',
    'admin.nav.credentialsShort': 'Access',
    'admin.nav.sms': 'SMS',
    'admin.nav.staff': 'Staff',
  },
};
