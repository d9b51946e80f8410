import type { Translations } from '@oblako/domain';

/** UI strings of the push module. Keys start with `push.`. */
export const pushTranslations: Translations = {
  ru: {},
  en: {},
};
