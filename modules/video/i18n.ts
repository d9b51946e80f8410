import type { Translations } from '@oblako/domain';

/** UI strings of the video module (keys `video.*`). */
export const videoTranslations: Translations = {
  ru: {},
  en: {},
};
