import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';

/** Every text already translated: questions carry names and counts. */
export interface ConfirmQuestion {
  title: string;
  text: string;
  confirmLabel: string;
  cancelLabel: string;
}

/** A question before an action that is hard to take back (a patient taken, accounts created). */
@Component({
  selector: 'ob-kit-confirm-dialog',
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatButton],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content><p class="text" data-testid="confirm-text">{{ data.text }}</p></mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" data-testid="confirm-cancel">{{ data.cancelLabel }}</button>
      <button mat-flat-button type="button" [mat-dialog-close]="true" data-testid="confirm">{{ data.confirmLabel }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .text { margin: 0; font: var(--mat-sys-body-large); }
    button { min-height: 48px; }
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
