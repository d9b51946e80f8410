import { Injectable, computed, inject, provideEnvironmentInitializer, signal, type EnvironmentProviders } from '@angular/core';
import { DOCUMENT } from '@angular/common';
import type { Language, ModuleDefinition, Translations } from '@oblako/domain';
import { FirstPageDrawn } from '../first-paint/first-page-drawn';
import { MODULE_REGISTRY, ModuleRegistryLoader } from '../modules/module-registry';
import { SHELL_TRANSLATIONS } from './shell-translations';
import { readStoredLanguage, storeLanguage } from './stored-language';

export const LANGUAGES: readonly Language[] = ['ru', 'en'];

export type TranslationParams = Readonly<Record<string, string | number>>;

/**
 * A small runtime translation service: Russian by default, English second. The dictionaries
 * are the shell's strings plus every registered module's `i18n`; switching the language
 * changes every string on screen at once (templates read the `language` signal).
 */
@Injectable({ providedIn: 'root' })
export class TranslationService {
  private readonly document = inject(DOCUMENT);
  private readonly dictionaries = buildDictionaries(inject(MODULE_REGISTRY));
  private readonly current = signal<Language>(readStoredLanguage());
  /** Bumped when strings join (extend): what was drawn before with a missing key redraws. */
  private readonly revision = signal(0);
  /** Resolves once the `error.<code>` strings are in (they load as a chunk of their own). */
  readonly errorsLoaded: Promise<void>;
  readonly language = this.current.asReadonly();
  private readonly pluralRules = computed(() => new Intl.PluralRules(this.current()));

  constructor() {
    this.document.documentElement.lang = this.current();
    // In the app the registry loads after the sign-in page is drawn (see ModuleRegistryLoader):
    // its modules' strings join then, before anything that shows them is drawn.
    inject(ModuleRegistryLoader).whenLoaded((modules) => {
      for (const module of modules) if (module.i18n) this.extend(module.i18n);
    });
    // Not in front of a first screen drawn from its copy (FirstPageDrawn): it shows no error.
    this.errorsLoaded = inject(FirstPageDrawn)
      .whenFirstScreenNeedsNothingElse()
      .then(() => import('./error-translations'))
      .then(
        ({ ERROR_TRANSLATIONS }) => this.extend(ERROR_TRANSLATIONS),
        (error: unknown) => console.error('the error messages did not load', error),
      );
  }

  use(language: Language): void {
    this.current.set(language);
    this.document.documentElement.lang = language;
    storeLanguage(language);
  }

  /** The string for `key` in the current language, `{name}` placeholders filled from params. */
  t(key: string, params?: TranslationParams): string {
    const language = this.current();
    this.revision();
    const text = this.dictionaries[language][key] ?? this.dictionaries.ru[key] ?? key;
    return params ? interpolate(text, params) : text;
  }

  /** Plural forms: `<base>.one|few|many|other` chosen by the language's rules (Russian has three). */
  plural(base: string, count: number, params?: TranslationParams): string {
    const category = this.pluralRules().select(count);
    const language = this.current();
    const key = this.dictionaries[language][`${base}.${category}`] !== undefined ? `${base}.${category}` : `${base}.other`;
    return this.t(key, { count, ...params });
  }

  has(key: string): boolean {
    this.revision();
    return this.dictionaries[this.current()][key] !== undefined;
  }

  /**
   * Strings of pages that load lazily (`provideModuleTranslations` in a module's routes): they
   * stay out of the start bundle. Keys already present keep their text.
   */
  extend(translations: Translations): void {
    for (const language of LANGUAGES) {
      for (const [key, text] of Object.entries(translations[language])) this.dictionaries[language][key] ??= text;
    }
    this.revision.update((n) => n + 1);
  }
}

/** Registers a module's page strings when its routes load (see TranslationService.extend). */
export function provideModuleTranslations(translations: Translations): EnvironmentProviders {
  return provideEnvironmentInitializer(() => inject(TranslationService).extend(translations));
}

function buildDictionaries(modules: readonly ModuleDefinition[]): Record<Language, Record<string, string>> {
  const all: Translations[] = [...SHELL_TRANSLATIONS, ...modules.flatMap((m) => (m.i18n ? [m.i18n] : []))];
  return {
    ru: Object.assign({}, ...all.map((t) => t.ru)),
    en: Object.assign({}, ...all.map((t) => t.en)),
  };
}

function interpolate(text: string, params: TranslationParams): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
