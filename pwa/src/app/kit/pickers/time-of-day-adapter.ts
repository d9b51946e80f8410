import { Injectable } from '@angular/core';
import { DateAdapter, type MatDateFormats } from '@angular/material/core';
import { INVALID, minutesOfTime, parseTypedTime, timeOfMinutes } from './typed-text';

/** The timepicker's formats: the adapter writes 'HH:mm' itself (24-hour in both languages). */
export const TIME_OF_DAY_FORMATS: MatDateFormats = {
  parse: { dateInput: null, timeInput: null },
  display: {
    dateInput: null,
    monthYearLabel: null,
    dateA11yLabel: null,
    monthYearA11yLabel: null,
    timeInput: null,
    timeOptionLabel: null,
  },
};

const MINUTES_IN_DAY = 24 * 60;

/**
 * Material's timepicker over a wall-clock time kept as the calendar stores it, 'HH:mm':
 * working hours are the same every week, with no date and no zone of their own. Unlike a
 * Date, the value can be «24:00», the end of a working day that lasts until midnight, so the
 * end field shows and offers 24:00 (the native time input could only show it as 00:00).
 * The date half of DateAdapter is never used by the timepicker: every time is on one day.
 */
@Injectable()
export class TimeOfDayAdapter extends DateAdapter<string> {
  override getHours(time: string): number {
    return Math.floor(this.minutes(time) / 60);
  }

  override getMinutes(time: string): number {
    return this.minutes(time) % 60;
  }

  override getSeconds(): number {
    return 0;
  }

  override setTime(_target: string, hours: number, minutes: number): string {
    const total = hours * 60 + minutes;
    return total >= 0 && total <= MINUTES_IN_DAY && minutes < 60 ? timeOfMinutes(total) : INVALID;
  }

  /** The options list steps past the end of the day into an invalid value, which ends it. */
  override addSeconds(time: string, amount: number): string {
    const total = this.minutes(time) + Math.round(amount / 60);
    return total >= 0 && total <= MINUTES_IN_DAY ? timeOfMinutes(total) : INVALID;
  }

  override parseTime(value: unknown): string | null {
    if (typeof value !== 'string') return value == null ? null : INVALID;
    return parseTypedTime(value);
  }

  format(time: string): string {
    if (!this.isValid(time)) throw new Error('TimeOfDayAdapter: cannot format an invalid time.');
    return time;
  }

  parse(value: unknown): string | null {
    return this.parseTime(value);
  }

  override deserialize(value: unknown): string | null {
    if (value === '' || value == null) return null;
    return typeof value === 'string' && this.isValid(value) ? value : this.invalid();
  }

  /** Midnight at the start of the day: the options start there. */
  today(): string {
    return '00:00';
  }

  isDateInstance(candidate: unknown): boolean {
    return typeof candidate === 'string';
  }

  isValid(time: string): boolean {
    return minutesOfTime(time) !== null;
  }

  invalid(): string {
    return INVALID;
  }

  clone(time: string): string {
    return time;
  }

  toIso8601(time: string): string {
    return time;
  }

  // One and the same day for every time (the timepicker compares days before times).
  getYear(): number {
    return 2000;
  }

  getMonth(): number {
    return 0;
  }

  getDate(): number {
    return 1;
  }

  getDayOfWeek(): number {
    return 6;
  }

  getMonthNames(): string[] {
    return [];
  }

  getDateNames(): string[] {
    return [];
  }

  getDayOfWeekNames(): string[] {
    return [];
  }

  getYearName(): string {
    return '';
  }

  getFirstDayOfWeek(): number {
    return 1;
  }

  getNumDaysInMonth(): number {
    return 31;
  }

  createDate(): string {
    return '00:00';
  }

  addCalendarYears(time: string): string {
    return time;
  }

  addCalendarMonths(time: string): string {
    return time;
  }

  addCalendarDays(time: string): string {
    return time;
  }

  private minutes(time: string): number {
    return minutesOfTime(time) ?? Number.NaN;
  }
}
