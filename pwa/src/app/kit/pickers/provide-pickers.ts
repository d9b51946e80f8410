import type { Provider } from '@angular/core';
import { DateAdapter, MAT_DATE_FORMATS } from '@angular/material/core';
import { MatDatepickerIntl } from '@angular/material/datepicker';
import { CIVIL_DATE_FORMATS, CivilDateAdapter } from './civil-date-adapter';
import { TIME_OF_DAY_FORMATS, TimeOfDayAdapter } from './time-of-day-adapter';
import { TranslatedDatepickerIntl } from './translated-datepicker-intl';

/**
 * For a component with `matDatepicker` fields: values 'YYYY-MM-DD', shown and typed «дд.мм.гггг».
 * Provided by the component that has the fields (not the app), so the pickers load with the
 * pages that use them.
 */
export function provideCivilDatePicker(): Provider[] {
  return [
    { provide: DateAdapter, useClass: CivilDateAdapter },
    { provide: MAT_DATE_FORMATS, useValue: CIVIL_DATE_FORMATS },
    { provide: MatDatepickerIntl, useClass: TranslatedDatepickerIntl },
  ];
}

/**
 * For a component with `matTimepicker` fields: values 'HH:mm' (24:00 allowed, the end of a
 * day). A component cannot have both: a date field and a time field need different adapters,
 * so they live in different components.
 */
export function provideTimeOfDayPicker(): Provider[] {
  return [
    { provide: DateAdapter, useClass: TimeOfDayAdapter },
    { provide: MAT_DATE_FORMATS, useValue: TIME_OF_DAY_FORMATS },
  ];
}
