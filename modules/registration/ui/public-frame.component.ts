import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { LanguageSwitcherComponent, TranslatePipe } from '@oblako/shell-kit';

/** The frame of the signed-out pages: the way back to sign-in, the language, the brand, one card. */
@Component({
  selector: 'ob-public-frame',
  imports: [MatCard, MatCardContent, MatButton, MatIcon, MatProgressBar, RouterLink, LanguageSwitcherComponent, TranslatePipe],
  template: `
    <main class="page">
      <div class="top">
        <a mat-button routerLink="/sign-in" class="back"><mat-icon svgIcon="arrow_back" />{{ 'signIn.title' | t }}</a>
        <ob-language-switcher />
      </div>
      <div class="brand">
        <img src="icons/icon-192.png" alt="" width="56" height="56" />
        <span>{{ 'app.name' | t }}</span>
      </div>
      <mat-card appearance="outlined" class="card">
        @if (busy()) {
          <mat-progress-bar mode="indeterminate" />
        }
        <mat-card-content>
          <h1 class="title">{{ titleKey() | t }}</h1>
          <ng-content />
        </mat-card-content>
      </mat-card>
    </main>
  `,
  styles: `
    .page { min-height: 100dvh; display: flex; flex-direction: column; align-items: center; padding: 8px 16px 24px; gap: 12px; box-sizing: border-box; background: var(--mat-sys-surface-container-low); }
    .top { align-self: stretch; display: flex; justify-content: space-between; align-items: center; max-width: 480px; width: 100%; margin: 0 auto; }
    .back { min-height: 48px; }
    .brand { display: flex; align-items: center; gap: 12px; font: var(--mat-sys-title-large); }
    .brand img { border-radius: 12px; }
    .card { width: 100%; max-width: 480px; overflow: hidden; }
    .title { font: var(--mat-sys-headline-small); margin: 8px 0 16px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PublicFrameComponent {
  readonly titleKey = input.required<string>();
  readonly busy = input(false);
}
