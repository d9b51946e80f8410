import type { Translations } from '@oblako/domain';

/**
 * Strings the shell needs before any registration page loads: the links on the sign-in page.
 * Page strings live in ui/i18n.ts and load with the pages. API errors come with their message.
 */
export const registrationTranslations: Translations = {
  ru: {
    'registration.title': 'Регистрация',
    'registration.registerLink': 'Зарегистрироваться',
    'registration.restoreLink': 'Забыли пароль?',
  },
  en: {
    'registration.title': 'Sign up',
    'registration.registerLink': 'Sign up',
    'registration.restoreLink': 'Forgot your password?',
  },
};
