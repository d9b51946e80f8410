import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle } from '@angular/material/dialog';
import { TranslatePipe } from '@oblako/shell-kit';
import { firstValueFrom } from 'rxjs';

export interface ConfirmRequest {
  /** Already translated: they carry counts and names. */
  title: string;
  text: string;
  confirmKey: string;
}

/** A question before an action that cannot be taken back (accounts created, an SMS sent). */
@Component({
  selector: 'ob-confirm-dialog',
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatButton, TranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content><p class="text">{{ data.text }}</p></mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false">{{ 'admin.import.cancel' | t }}</button>
      <button mat-flat-button type="button" [mat-dialog-close]="true" data-testid="confirm">{{ data.confirmKey | t }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .text { margin: 0; font: var(--mat-sys-body-large); }
    button { min-height: 44px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmDialogComponent {
  readonly data = inject<ConfirmRequest>(MAT_DIALOG_DATA);
}

export async function confirm(dialog: MatDialog, request: ConfirmRequest): Promise<boolean> {
  const ref = dialog.open<ConfirmDialogComponent, ConfirmRequest, boolean>(ConfirmDialogComponent, { data: request, width: '520px', maxWidth: 'calc(100vw - 32px)', autoFocus: 'dialog' });
  return (await firstValueFrom(ref.afterClosed())) === true;
}
