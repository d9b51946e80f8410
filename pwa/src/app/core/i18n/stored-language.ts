import type { Language } from '@oblako/domain';

/**
 * The person's language choice on this device, shared by TranslationService and the light
 * sign-in application (start/light-strings.ts), so the full app reads the choice made there.
 * Its own file: the light application must not load TranslationService and the strings it pulls in.
 */
const LANGUAGE_STORAGE_KEY = 'oblako.language';

/** The stored choice; Russian when none (or no storage). */
export function readStoredLanguage(): Language {
  try {
    const stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    if (stored === 'ru' || stored === 'en') return stored;
  } catch {
    // No storage: Russian.
  }
  return 'ru';
}

export function storeLanguage(language: Language): void {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}
