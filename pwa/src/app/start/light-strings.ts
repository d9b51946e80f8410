import { Injectable, signal } from '@angular/core';
import type { Language, Translations } from '@oblako/domain';
import { SHELL_TRANSLATIONS } from '../core/i18n/shell-translations';
import { SIGN_IN_FORM_TRANSLATIONS, type SignInStrings } from '../sign-in/sign-in-strings';
import { readStoredLanguage, storeLanguage } from '../core/i18n/stored-language';

/**
 * The light start application's strings: the shell's dictionary (the sign-in page's strings
 * live there) without TranslationService, which would load the module registry's strings and
 * every module's error messages (~55 kB) that the sign-in form does not draw: the server
 * answers a failed sign-in with its message already in the person's language.
 */
@Injectable()
export class LightStrings implements SignInStrings {
  private readonly dictionaries: Record<Language, Record<string, string>> = {
    ru: Object.assign({}, ...[...SHELL_TRANSLATIONS, SIGN_IN_FORM_TRANSLATIONS].map((t) => t.ru)),
    en: Object.assign({}, ...[...SHELL_TRANSLATIONS, SIGN_IN_FORM_TRANSLATIONS].map((t) => t.en)),
  };
  private readonly current = signal<Language>(readStoredLanguage());
  /** Bumped when strings join (the modules' link labels): what was drawn with a missing key redraws. */
  private readonly revision = signal(0);
  readonly language = this.current.asReadonly();

  constructor() {
    document.documentElement.lang = this.current();
  }

  t(key: string, params?: Readonly<Record<string, string | number>>): string {
    this.revision();
    const text = this.dictionaries[this.current()][key] ?? this.dictionaries.ru[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
  }

  use(language: Language): void {
    this.current.set(language);
    document.documentElement.lang = language;
    storeLanguage(language);
  }

  extend(translations: Translations): void {
    for (const language of ['ru', 'en'] as const) {
      for (const [key, text] of Object.entries(translations[language])) this.dictionaries[language][key] ??= text;
    }
    this.revision.update((n) => n + 1);
  }
}
