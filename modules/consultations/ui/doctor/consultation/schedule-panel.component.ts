import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import type { Booking, DoctorCalendar } from '@oblako/domain';
import { TranslatePipe } from '@oblako/shell-kit';
import { SlotPickerComponent, type PickedSlot } from '../slot-picker.component';

/** Scheduling or moving: a free slot of the doctor's calendar, or the way to set the calendar up first. */
@Component({
  selector: 'ob-schedule-panel',
  imports: [RouterLink, MatButton, MatCard, MatCardContent, TranslatePipe, SlotPickerComponent],
  template: `
    <mat-card appearance="outlined"><mat-card-content class="panel">
      <h2>{{ title() }}</h2>
      @if (calendar(); as cal) {
        <ob-slot-picker [calendar]="cal" [bookings]="bookings()" [patientZone]="patientZone()"
          [askReason]="moving()" [busy]="busy()" (chosen)="chosen.emit($event)" (cancelled)="closed.emit()" />
      } @else {
        <p data-testid="no-calendar">{{ 'consultations.doctor.page.noCalendar' | t }}</p>
        <div class="actions">
          <a mat-flat-button routerLink="/consultations/settings" data-testid="calendar-settings-link">{{ 'consultations.doctor.page.openCalendar' | t }}</a>
          <button mat-button type="button" (click)="closed.emit()">{{ 'consultations.doctor.close' | t }}</button>
        </div>
      }
    </mat-card-content></mat-card>
  `,
  styleUrl: './panel.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SchedulePanelComponent {
  /** «Назначить время» or «Перенести». */
  readonly title = input.required<string>();
  /** Null until the doctor has set up a calendar. */
  readonly calendar = input<DoctorCalendar | null>(null);
  /** The doctor's other consultations' slots: not offered. */
  readonly bookings = input<readonly Booking[]>([]);
  readonly patientZone = input('');
  /** Moving a scheduled consultation asks why (the patient reads it). */
  readonly moving = input(false);
  readonly busy = input(false);
  readonly chosen = output<PickedSlot>();
  readonly closed = output<void>();
}
