import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle } from '@angular/material/dialog';
import { TranslatePipe } from '@oblako/shell-kit';

export interface ConfirmDialogData {
  /** i18n keys. */
  title: string;
  intro: string;
  /** What will happen, one line each (i18n keys). */
  effects?: readonly string[];
  confirm: string;
  cancel: string;
}

/** Asks before an action that cannot be undone from here; closes with true to go ahead. */
@Component({
  selector: 'ob-home-confirm-dialog',
  imports: [MatButton, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle, TranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ data.title | t }}</h2>
    <mat-dialog-content>
      <p>{{ data.intro | t }}</p>
      @if (data.effects?.length) {
        <ul data-testid="confirm-effects">
          @for (effect of data.effects; track effect) {
            <li>{{ effect | t }}</li>
          }
        </ul>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" data-testid="confirm-cancel">{{ data.cancel | t }}</button>
      <button mat-flat-button type="button" class="danger" [mat-dialog-close]="true" data-testid="confirm-ok">{{ data.confirm | t }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    p, li { font: var(--mat-sys-body-large); }
    ul { padding-left: 20px; display: grid; gap: 8px; }
    button { min-height: 48px; }
    .danger { background: var(--mat-sys-error); color: var(--mat-sys-on-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmDialogComponent {
  readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);
}
