import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import type { Language } from '@oblako/domain';
import { SIGN_IN_STRINGS } from './sign-in-strings';

const LANGUAGES: readonly Language[] = ['ru', 'en'];

/**
 * The sign-in page's language menu: the shell's switcher (a Material menu) without Material, so
 * the sign-in page needs no overlay, ripple or icon registry before it works (bench/README.md,
 * bench:lighthouse, session 7). Same roles as Material's: a button that opens a `menu` of
 * `menuitem`s; Escape, a choice or a click elsewhere closes it and focus returns to the button.
 */
@Component({
  selector: 'ob-language-menu',
  template: `
    <button #trigger type="button" class="trigger" aria-haspopup="menu" [attr.aria-expanded]="open()"
      [attr.aria-label]="strings.language().toUpperCase() + ' — ' + strings.t('language.label') + ': ' + strings.t('language.' + strings.language())"
      (click)="toggle()" (keydown.arrowdown)="show($event)">
      <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path [attr.d]="translateIcon" /></svg>
      {{ strings.language().toUpperCase() }}
    </button>
    @if (open()) {
      <div class="menu" role="menu" (keydown.escape)="close(true)" (keydown.arrowdown)="move($event, 1)" (keydown.arrowup)="move($event, -1)" (focusout)="closeIfLeft($event)">
        @for (language of languages; track language) {
          <button type="button" role="menuitem" [attr.lang]="language" [attr.aria-current]="language === strings.language()" (click)="choose(language)">
            {{ strings.t('language.' + language) }}
          </button>
        }
      </div>
    }
  `,
  styles: `
    :host { position: relative; display: inline-block; }
    .trigger {
      display: inline-flex; align-items: center; gap: 8px; min-width: 48px; min-height: 48px; padding: 0 12px;
      border: 0; border-radius: 20px; background: transparent; color: var(--mat-sys-primary); font: var(--mat-sys-label-large); cursor: pointer;
    }
    .trigger:hover { background: color-mix(in srgb, var(--mat-sys-primary) 8%, transparent); }
    .trigger:focus-visible, .menu button:focus-visible { outline: 2px solid var(--mat-sys-primary); outline-offset: 2px; }
    svg { fill: currentColor; }
    .menu {
      position: absolute; right: 0; top: 100%; z-index: 10; min-width: 160px; padding: 8px 0; border-radius: 4px;
      background: var(--mat-sys-surface-container); box-shadow: 0 2px 6px rgb(0 0 0 / 20%);
    }
    .menu button {
      display: block; width: 100%; min-height: 48px; padding: 0 16px; border: 0; background: transparent; text-align: left;
      color: var(--mat-sys-on-surface); font: var(--mat-sys-body-large); cursor: pointer;
    }
    .menu button:hover { background: color-mix(in srgb, var(--mat-sys-on-surface) 8%, transparent); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LanguageMenuComponent {
  readonly strings = inject(SIGN_IN_STRINGS);
  readonly languages = LANGUAGES;
  readonly open = signal(false);
  /** Material's «translate» icon (the same path as core/icons/svg-icons.ts). */
  readonly translateIcon =
    'M12.87 15.07l-2.54-2.51.03-.03c1.74-1.94 2.98-4.17 3.71-6.53H17V4h-7V2H8v2H1v1.99h11.17C11.5 7.92 10.44 9.75 9 11.35 8.07 10.32 7.3 9.19 6.69 8h-2c.73 1.63 1.73 3.17 2.98 4.56l-5.09 5.02L4 19l5-5 3.11 3.11.76-2.04zM18.5 10h-2L12 22h2l1.12-3h4.75L21 22h2l-4.5-12zm-2.62 7l1.62-4.33L19.12 17h-3.24z';
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly trigger = viewChild.required<ElementRef<HTMLButtonElement>>('trigger');

  toggle(): void {
    if (this.open()) this.close(false);
    else this.openAndFocus();
  }

  show(event: Event): void {
    event.preventDefault();
    this.openAndFocus();
  }

  choose(language: Language): void {
    this.strings.use(language);
    this.close(true);
  }

  close(returnFocus: boolean): void {
    this.open.set(false);
    if (returnFocus) this.trigger().nativeElement.focus();
  }

  move(event: Event, step: 1 | -1): void {
    event.preventDefault();
    const items = [...this.host.nativeElement.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    const at = items.indexOf(document.activeElement as HTMLElement);
    items[(at + step + items.length) % items.length]?.focus();
  }

  /** Focus moved out of the menu (Tab, a click elsewhere): it closes, as Material's does. */
  closeIfLeft(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null;
    if (!next || !this.host.nativeElement.contains(next)) this.close(false);
  }

  private openAndFocus(): void {
    this.open.set(true);
    // The items exist once this change is drawn; the current language's item takes the focus.
    queueMicrotask(() => requestAnimationFrame(() => this.host.nativeElement.querySelector<HTMLElement>('[aria-current="true"]')?.focus()));
  }
}
