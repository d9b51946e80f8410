export { provideCivilDatePicker, provideTimeOfDayPicker } from './provide-pickers';
export { CivilDateAdapter } from './civil-date-adapter';
export { TimeOfDayAdapter } from './time-of-day-adapter';
export { parseTypedDate, parseTypedTime, deviceToday, INVALID } from './typed-text';
export { datePickerErrorKey } from './picker-errors';
