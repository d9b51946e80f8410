import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MAX_COMMENT_LENGTH } from '@oblako/domain';
import { TranslatePipe } from '@oblako/shell-kit';

/** «Запросить документы»: what the patient should add, in the doctor's words (the page checks it is not empty). */
@Component({
  selector: 'ob-request-documents-panel',
  imports: [FormsModule, MatButton, MatCard, MatCardContent, MatFormField, MatLabel, MatHint, MatInput, TranslatePipe],
  template: `
    <mat-card appearance="outlined"><mat-card-content class="panel">
      <h2>{{ title() }}</h2>
      <mat-form-field appearance="outline">
        <mat-label>{{ 'consultations.doctor.page.requestComment' | t }}</mat-label>
        <textarea matInput rows="3" [maxlength]="maxComment" [(ngModel)]="comment" data-testid="request-comment"></textarea>
        <mat-hint>{{ 'consultations.doctor.page.requestHint' | t }}</mat-hint>
      </mat-form-field>
      <div class="actions">
        <button mat-flat-button type="button" (click)="requested.emit(comment)" [disabled]="busy()" data-testid="request-confirm">{{ title() }}</button>
        <button mat-button type="button" (click)="closed.emit()">{{ 'consultations.doctor.close' | t }}</button>
      </div>
    </mat-card-content></mat-card>
  `,
  styleUrl: './panel.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RequestDocumentsPanelComponent {
  /** The action's name («Запросить документы»): the title and the button say the same. */
  readonly title = input.required<string>();
  readonly busy = input(false);
  readonly requested = output<string>();
  readonly closed = output<void>();

  readonly maxComment = MAX_COMMENT_LENGTH;
  /** A fresh panel (and an empty comment) each time it opens. */
  comment = '';
}
