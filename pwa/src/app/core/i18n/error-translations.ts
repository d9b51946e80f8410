import { ERROR_MESSAGES, type Translations } from '@oblako/domain';

/**
 * ApiError codes as `error.<code>` keys, so server and client speak the same words. Every code
 * of every module in both languages (~55 kB): a chunk of its own that TranslationService loads
 * at start, beside the first page rather than inside the bundle that page waits for.
 */
export const ERROR_TRANSLATIONS: Translations = errorTranslations();

function errorTranslations(): Translations {
  const ru: Record<string, string> = {};
  const en: Record<string, string> = {};
  for (const [code, messages] of Object.entries(ERROR_MESSAGES)) {
    ru[`error.${code}`] = messages.ru;
    en[`error.${code}`] = messages.en;
  }
  return { ru, en };
}
