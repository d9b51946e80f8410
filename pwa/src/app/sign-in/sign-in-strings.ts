import { InjectionToken, type Signal } from '@angular/core';
import type { Language, Translations } from '@oblako/domain';

/**
 * The strings the sign-in form draws, in the viewer's language. Two hosts provide it: the light
 * start application (`start/light-strings.ts`, no module registry, no NgRx) and the full app
 * (its TranslationService, which has the same shape).
 */
export interface SignInStrings {
  readonly language: Signal<Language>;
  t(key: string, params?: Readonly<Record<string, string | number>>): string;
  use(language: Language): void;
}

export const SIGN_IN_STRINGS = new InjectionToken<SignInStrings>('SIGN_IN_STRINGS');

/** Strings of the sign-in form that the shell's dictionary does not have. */
export const SIGN_IN_FORM_TRANSLATIONS: Translations = {
  ru: { 'signIn.phoneRequired': 'Введите номер телефона, например +7 900 123-45-67.' },
  en: { 'signIn.phoneRequired': 'Enter a phone number, e.g. +7 900 123-45-67.' },
};
