import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDatepicker, MatDatepickerInput, MatDatepickerToggle, type MatDatepickerInputEvent } from '@angular/material/datepicker';
import { MatFormField, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { parseCivilDate } from '@oblako/domain';
import { TranslatePipe, TranslationService } from '@oblako/shell-kit';
import { deviceToday, provideCivilDatePicker } from '@oblako/shell-kit/pickers';

/**
 * «Выходные и отпуск»: single days off, picked in a calendar or typed «дд.мм.гггг», listed with
 * their weekday. The page owns the list; this panel says which date to add or remove.
 */
@Component({
  selector: 'ob-days-off-panel',
  imports: [MatButton, MatIconButton, MatFormField, MatLabel, MatSuffix, MatInput, MatIcon, MatDatepicker, MatDatepickerInput, MatDatepickerToggle, TranslatePipe],
  providers: [provideCivilDatePicker()],
  template: `
    <section class="section">
      <h2 class="section-title">{{ 'consultations.settings.daysOff' | t }}</h2>
      <div class="day-off-line">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="date">
          <mat-label>{{ 'consultations.settings.dayOffDate' | t }}</mat-label>
          <input matInput #dateInput [matDatepicker]="picker" [value]="pending()" [min]="today" inputmode="numeric" autocomplete="off"
            [placeholder]="'pickers.datePlaceholder' | t" (dateInput)="typed($event)" data-testid="dayoff-input" />
          <mat-datepicker-toggle matIconSuffix [for]="picker" />
          <mat-datepicker #picker />
        </mat-form-field>
        <button mat-stroked-button type="button" (click)="addPending(dateInput.value)" data-testid="dayoff-add">
          <mat-icon svgIcon="event_busy" />{{ 'consultations.settings.addDayOff' | t }}
        </button>
      </div>
      @if (problem(); as key) { <p class="field-error" role="alert" data-testid="dayoff-error">{{ key | t }}</p> }
      @if (listError(); as message) { <p class="field-error" role="alert">{{ message }}</p> }
      <ul class="days-off">
        @for (date of daysOff(); track date) {
          <li class="day-off" data-testid="dayoff-item" [attr.data-date]="date">
            <span>{{ dateLabel(date) }}</span>
            <button mat-icon-button type="button" (click)="remove.emit(date)" [attr.aria-label]="'consultations.settings.removeDayOff' | t: { date: dateLabel(date) }">
              <mat-icon svgIcon="close" />
            </button>
          </li>
        } @empty {
          <li class="muted">{{ 'consultations.settings.noDaysOff' | t }}</li>
        }
      </ul>
    </section>
  `,
  styleUrls: ['./settings-panels.css'],
  styles: `
    :host { display: block; }
    .day-off-line { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
    .date { width: 220px; }
    .day-off-line > button { min-height: 48px; }
    .days-off { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 8px; }
    .day-off { display: inline-flex; align-items: center; gap: 2px; padding-left: 12px; border-radius: 24px; background: var(--mat-sys-surface-container-high); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DaysOffPanel {
  private readonly i18n = inject(TranslationService);

  readonly daysOff = input.required<string[]>();
  /** The rules' message about the list as a whole (too many days), or null. */
  readonly listError = input<string | null>(null);
  readonly add = output<string>();
  readonly remove = output<string>();

  readonly today = deviceToday();
  readonly pending = signal<string | null>(null);
  readonly problem = signal<string | null>(null);

  typed(event: MatDatepickerInputEvent<string>): void {
    this.pending.set(event.value);
    this.problem.set(null);
  }

  /** `text`: what the field shows; text that is no date leaves the picker without a value. */
  addPending(text: string): void {
    const date = this.pending();
    if (!date || !parseCivilDate(date)) {
      this.problem.set(text.trim() ? 'pickers.error.dateFormat' : 'consultations.settings.error.dayOffDate');
      return;
    }
    this.problem.set(null);
    this.add.emit(date);
    this.pending.set(null);
  }

  dateLabel(date: string): string {
    const civil = parseCivilDate(date);
    if (!civil) return date;
    return new Intl.DateTimeFormat(this.i18n.language(), { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      Date.UTC(civil.year, civil.month - 1, civil.day),
    );
  }
}
