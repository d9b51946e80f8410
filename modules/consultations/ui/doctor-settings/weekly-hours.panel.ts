import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatTimepicker, MatTimepickerInput } from '@angular/material/timepicker';
import { WEEKDAYS, type Weekday } from '@oblako/domain';
import { TranslatePipe } from '@oblako/shell-kit';
import { provideTimeOfDayPicker } from '@oblako/shell-kit/pickers';
import type { DraftInterval } from './settings-form';

export interface IntervalTimeChange {
  day: Weekday;
  key: number;
  edge: 'start' | 'end';
  value: string | null;
}

/**
 * «Рабочие часы по дням недели»: each weekday's intervals as 24-hour time fields with a list of
 * times every 5 minutes (the end's list goes up to 24:00). Rows are tracked by their key, so a
 * field is never redrawn while it is being typed in. The page owns the draft; this panel only
 * shows it and says what the doctor changed.
 */
@Component({
  selector: 'ob-weekly-hours-panel',
  imports: [MatButton, MatIconButton, MatFormField, MatLabel, MatInput, MatIcon, MatTimepicker, MatTimepickerInput, TranslatePipe],
  providers: [provideTimeOfDayPicker()],
  templateUrl: './weekly-hours.panel.html',
  styleUrls: ['./settings-panels.css', './weekly-hours.panel.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WeeklyHoursPanel {
  readonly week = input.required<Record<Weekday, DraftInterval[]>>();
  readonly dayErrors = input.required<Record<Weekday, string[]>>();
  readonly maxIntervals = input(8);

  readonly timeChange = output<IntervalTimeChange>();
  readonly add = output<Weekday>();
  readonly remove = output<{ day: Weekday; key: number }>();
  readonly copyMonday = output<void>();

  readonly weekdays = WEEKDAYS;
}
