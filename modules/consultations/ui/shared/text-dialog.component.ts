import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { TranslatePipe } from '@oblako/shell-kit';

export interface TextDialogData {
  /** i18n keys. */
  title: string;
  label: string;
  confirm: string;
  /** A line under the field (e.g. «нет связи: отправится позже»), already translated. */
  note?: string;
  /** The text may not be empty. */
  required?: boolean;
  maxLength?: number;
}

/**
 * Asks for one optional (or required) text — a reason, a comment — before an action.
 * Closes with the text (trimmed), or undefined when the person changed their mind.
 */
@Component({
  selector: 'ob-consultation-text-dialog',
  imports: [FormsModule, MatButton, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle, MatFormField, MatHint, MatInput, MatLabel, TranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ data.title | t }}</h2>
    <mat-dialog-content>
      <mat-form-field appearance="outline" class="field">
        <mat-label>{{ data.label | t }}</mat-label>
        <textarea matInput rows="3" [maxlength]="data.maxLength ?? 1000" [ngModel]="text()" (ngModelChange)="text.set($event)" data-testid="dialog-text"></textarea>
        @if (data.note) {
          <mat-hint data-testid="dialog-note">{{ data.note }}</mat-hint>
        }
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="undefined">{{ 'consultations.dialog.cancel' | t }}</button>
      <button mat-flat-button type="button" data-testid="dialog-confirm" [disabled]="data.required && text().trim() === ''" (click)="confirm()">{{ data.confirm | t }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .field { width: 100%; min-width: min(420px, 70vw); }
    mat-hint { white-space: normal; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TextDialogComponent {
  readonly data = inject<TextDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<TextDialogComponent, string>);
  readonly text = signal('');

  confirm(): void {
    this.ref.close(this.text().trim());
  }
}
