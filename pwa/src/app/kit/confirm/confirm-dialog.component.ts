import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';

/** Every text already translated: questions carry names and counts. */
export interface ConfirmQuestion {
  title: string;
  text: string;
  /** What will happen, one line each, shown as a list under the text (e.g. what withdrawing the consent means). */
  effects?: readonly string[];
  confirmLabel: string;
  cancelLabel: string;
  /** The action destroys or ends something (a deletion, a withdrawal): the confirming button in the error colour. */
  danger?: boolean;
}

/** A question before an action that is hard to take back (a patient taken, accounts created, a file deleted). */
@Component({
  selector: 'ob-kit-confirm-dialog',
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatButton],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p class="text" data-testid="confirm-text">{{ data.text }}</p>
      @if (data.effects?.length) {
        <ul class="effects" data-testid="confirm-effects">
          @for (effect of data.effects; track $index) {
            <li>{{ effect }}</li>
          }
        </ul>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" data-testid="confirm-cancel">{{ data.cancelLabel }}</button>
      <button mat-flat-button type="button" [class.danger]="data.danger" [mat-dialog-close]="true" data-testid="confirm">{{ data.confirmLabel }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .text { margin: 0; font: var(--mat-sys-body-large); }
    .effects { margin: 12px 0 0; padding-left: 20px; display: grid; gap: 8px; font: var(--mat-sys-body-large); }
    button { min-height: 48px; }
    .danger { --mat-button-filled-container-color: var(--mat-sys-error); --mat-button-filled-label-text-color: var(--mat-sys-on-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KitConfirmDialogComponent {
  readonly data = inject<ConfirmQuestion>(MAT_DIALOG_DATA);
}

/** Opens the question; true only when the person pressed the confirming button. */
export async function askToConfirm(dialog: MatDialog, question: ConfirmQuestion): Promise<boolean> {
  const ref = dialog.open<KitConfirmDialogComponent, ConfirmQuestion, boolean>(KitConfirmDialogComponent, {
    data: question, width: '520px', maxWidth: 'calc(100vw - 32px)', autoFocus: 'dialog',
  });
  return (await firstValueFrom(ref.afterClosed())) === true;
}
