import type { ValidationErrors } from '@angular/forms';

/**
 * The message key for a date field's own problem, reported by the datepicker before the form's
 * rules can see a value: text that is no date (the control then holds null, which the form's
 * rules would wrongly call «not filled in»), or a date outside the field's min/max.
 */
export function datePickerErrorKey(errors: ValidationErrors | null | undefined): string | null {
  if (!errors) return null;
  if (errors['matDatepickerParse']) return 'pickers.error.dateFormat';
  if (errors['matDatepickerMin']) return 'pickers.error.dateTooEarly';
  if (errors['matDatepickerMax']) return 'pickers.error.dateTooLate';
  return null;
}
