import type { Language } from '@oblako/domain';

/**
 * The locale the pickers format with: Russian, or British English (day before month, Monday
 * first, 24-hour clock) so that an English interface writes dates the way the service's
 * patients and doctors read them, and a typed «05/12/2026» means the same day in both.
 */
export function pickerLocale(language: Language | string): string {
  return language === 'en' ? 'en-GB' : 'ru-RU';
}
