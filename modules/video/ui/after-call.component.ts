import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@oblako/shell-kit';

/** After the call: what comes next (the conclusion in «Документы»), or a way back while it goes on. */
@Component({
  selector: 'ob-after-call',
  imports: [MatButton, MatCard, MatCardContent, MatIcon, RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined"><mat-card-content class="after" data-testid="after-call">
      @if (ended()) {
        <h2><mat-icon svgIcon="check_circle" />{{ 'video.after.title' | t }}</h2>
        <p data-testid="after-next">{{ 'video.after.next' | t }}</p>
        @if (minutes() !== null) {<p class="muted" data-testid="after-duration">{{ 'video.after.duration' | t: { minutes: minutes() ?? 0 } }}</p>}
        <div class="actions">
          <a mat-flat-button routerLink="/documents" data-testid="after-documents">{{ 'video.after.documents' | t }}</a>
          <a mat-button routerLink="/consultations">{{ 'video.back' | t }}</a>
        </div>
      } @else {
        <h2>{{ 'video.title' | t }}</h2>
        <p data-testid="after-left">{{ 'video.after.left' | t }}</p>
        <div class="actions">
          <button mat-flat-button type="button" (click)="rejoin.emit()" data-testid="rejoin">{{ 'video.after.rejoin' | t }}</button>
          <a mat-button routerLink="/consultations">{{ 'video.back' | t }}</a>
        </div>
      }
    </mat-card-content></mat-card>
  `,
  styles: `
    .after { display: grid; gap: 12px; }
    h2 { margin: 0; display: flex; gap: 8px; align-items: center; font: var(--mat-sys-title-large); }
    h2 mat-icon { color: var(--mat-sys-primary); }
    p { margin: 0; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; }
  `,
})
export class AfterCallComponent {
  /** The consultation is over (held); otherwise the person only left a call still going on. */
  readonly ended = input.required<boolean>();
  readonly minutes = input<number | null>(null);
  readonly rejoin = output<void>();
}
