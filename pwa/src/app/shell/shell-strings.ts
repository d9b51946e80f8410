import type { Translations } from '@oblako/domain';

/**
 * Strings only the signed-in shell shows, registered by ShellLayoutComponent when it loads: in
 * core/i18n/shell-translations.ts they would weigh on the start bundle the sign-in page waits for.
 */
export const SHELL_LAYOUT_STRINGS: Translations = {
  ru: {
    'sync.checking': 'Проверяем изменения…',
    'sync.dataFailed': 'Данные не загружены',
    'sync.afterPasswordChange': 'Синхронизация после смены пароля',
    'dataLoad.title': 'Не удалось загрузить данные приложения',
    'dataLoad.text': 'Проверьте подключение и нажмите «Повторить».',
    'dataLoad.retry': 'Повторить',
  },
  en: {
    'sync.checking': 'Checking for changes…',
    'sync.dataFailed': 'Data not loaded',
    'sync.afterPasswordChange': 'Sync after the password change',
    'dataLoad.title': "Could not load the app's data",
    'dataLoad.text': 'Check your connection and press «Retry».',
    'dataLoad.retry': 'Retry',
  },
};
