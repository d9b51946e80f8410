import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import type { Language } from '@oblako/domain';
import { TranslatePipe } from '../core/i18n/translate.pipe';
import { LANGUAGES, TranslationService } from '../core/i18n/translation.service';

@Component({
  selector: 'ob-language-switcher',
  imports: [MatButton, MatIcon, MatMenu, MatMenuItem, MatMenuTrigger, TranslatePipe],
  template: `
    <button mat-button class="language-button" [matMenuTriggerFor]="menu" [attr.aria-label]="i18n.language().toUpperCase() + ' — ' + ('language.label' | t) + ': ' + ('language.' + i18n.language() | t)">
      <mat-icon svgIcon="translate" />
      {{ i18n.language().toUpperCase() }}
    </button>
    <mat-menu #menu="matMenu">
      @for (language of languages; track language) {
        <button mat-menu-item [attr.lang]="language" [attr.aria-current]="language === i18n.language()" (click)="choose(language)">
          {{ 'language.' + language | t }}
        </button>
      }
    </mat-menu>
  `,
  // The accessible name starts with the visible «RU» (WCAG 2.5.3: a voice user says what they see).
  styles: `.language-button { min-width: 48px; min-height: 48px; color: inherit; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LanguageSwitcherComponent {
  readonly i18n = inject(TranslationService);
  readonly languages = LANGUAGES;

  choose(language: Language): void {
    this.i18n.use(language);
  }
}
