import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatOption, MatSelect } from '@angular/material/select';
import { TranslatePipe } from '@oblako/shell-kit';

/** «Записаться на консультацию»: the specialty, then the button (no consultation open yet). */
@Component({
  selector: 'ob-book-consultation',
  imports: [MatButton, MatFormField, MatLabel, MatSelect, MatOption, TranslatePipe],
  template: `
    <section class="book" data-testid="book">
      <h2>{{ 'consultations.patient.book.title' | t }}</h2>
      <p>{{ 'consultations.patient.book.text' | t }}</p>
      <div class="book__row">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'consultations.patient.book.specialty' | t }}</mat-label>
          <mat-select [value]="specialty()" (valueChange)="specialtyChange.emit($event)" data-testid="book-specialty">
            @for (option of specialties(); track option.code) {
              <mat-option [value]="option.code">{{ option.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <button mat-flat-button type="button" data-testid="book-submit" [disabled]="!specialty() || busy()" (click)="book.emit()">
          {{ 'consultations.patient.book.submit' | t }}
        </button>
      </div>
    </section>
  `,
  styles: `
    :host { display: block; }
    .book { border-radius: 12px; background: var(--mat-sys-surface-container-low); padding: 12px 16px; margin-bottom: 16px; }
    .book h2 { margin: 0 0 6px; font: var(--mat-sys-title-small); }
    .book button { min-height: 48px; }
    .book p { margin: 0 0 8px; font: var(--mat-sys-body-medium); }
    .book__row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
    .book__row mat-form-field { flex: 1 1 240px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BookConsultationComponent {
  /** Code and name in the viewer's language, sorted by name. */
  readonly specialties = input.required<readonly { code: string; label: string }[]>();
  /** The chosen specialty's code ('' until one is chosen). */
  readonly specialty = input('');
  readonly busy = input(false);
  readonly specialtyChange = output<string>();
  readonly book = output<void>();
}
