import { Pipe, PipeTransform, inject } from '@angular/core';
import { TranslationService, type TranslationParams } from './translation.service';

/**
 * `{{ 'profile.title' | t }}`. Impure on purpose: it reads the language signal, so a language
 * switch re-renders every string; the lookup is a property read, cheap enough per check.
 */
@Pipe({ name: 't', pure: false })
export class TranslatePipe implements PipeTransform {
  private readonly translations = inject(TranslationService);

  transform(key: string, params?: TranslationParams): string {
    return this.translations.t(key, params);
  }
}
