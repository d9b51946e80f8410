import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MAX_REASON_LENGTH } from '@oblako/domain';
import { TranslatePipe } from '@oblako/shell-kit';

/** Cancelling: the reason the patient will read (the page checks it is not empty). */
@Component({
  selector: 'ob-cancel-consultation-panel',
  imports: [FormsModule, MatButton, MatCard, MatCardContent, MatFormField, MatLabel, MatHint, MatInput, TranslatePipe],
  template: `
    <mat-card appearance="outlined"><mat-card-content class="panel">
      <h2>{{ 'consultations.doctor.page.cancelTitle' | t }}</h2>
      <mat-form-field appearance="outline">
        <mat-label>{{ 'consultations.doctor.page.cancelReasonLabel' | t }}</mat-label>
        <textarea matInput rows="2" required [maxlength]="maxReason" [(ngModel)]="reason" data-testid="cancel-reason"></textarea>
        <mat-hint>{{ 'consultations.doctor.page.cancelHint' | t }}</mat-hint>
      </mat-form-field>
      <div class="actions">
        <button mat-flat-button type="button" class="danger-fill" (click)="confirmed.emit(reason)" [disabled]="busy()" data-testid="cancel-confirm">{{ 'consultations.doctor.page.cancelConfirm' | t }}</button>
        <button mat-button type="button" (click)="closed.emit()">{{ 'consultations.doctor.close' | t }}</button>
      </div>
    </mat-card-content></mat-card>
  `,
  styleUrls: ['./panel.css'],
  styles: `.danger-fill { background: var(--mat-sys-error); color: var(--mat-sys-on-error); }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CancelConsultationPanelComponent {
  readonly busy = input(false);
  readonly confirmed = output<string>();
  readonly closed = output<void>();

  readonly maxReason = MAX_REASON_LENGTH;
  /** A fresh panel (and an empty reason) each time it opens. */
  reason = '';
}
