import { Injectable, effect, inject } from '@angular/core';
import { DateAdapter, type MatDateFormats } from '@angular/material/core';
import { TranslationService } from '../../core/i18n/translation.service';
import { pickerLocale } from './picker-locale';
import { parseCivilDate } from '@oblako/domain';
import { INVALID, civilDateOf, deviceToday, parseTypedDate } from './typed-text';

/** The formats the date field shows: «05.12.2026» in Russian, «05/12/2026» in English. */
export const CIVIL_DATE_FORMATS: MatDateFormats = {
  parse: { dateInput: null },
  display: {
    dateInput: { year: 'numeric', month: '2-digit', day: '2-digit' },
    monthYearLabel: { year: 'numeric', month: 'long' },
    dateA11yLabel: { year: 'numeric', month: 'long', day: 'numeric' },
    monthYearA11yLabel: { year: 'numeric', month: 'long' },
  },
};

/** Days in a month (1–12) of any year, also before 1970 and in leap years. */
function daysInMonth(year: number, month: number): number {
  const last = new Date(Date.UTC(2000, 0, 1));
  last.setUTCFullYear(year, month, 0);
  return last.getUTCDate();
}

const range = <T>(length: number, value: (index: number) => T): T[] => Array.from({ length }, (_unused, index) => value(index));

/**
 * Material's datepicker over calendar dates kept as the forms store them, 'YYYY-MM-DD' strings:
 * a birth date or a document's date is a day, not an instant, so no time zone can shift it, and
 * the form value needs no conversion before it is saved or sent. Parsing reads day first
 * (typed-text.ts); names of months and days follow the interface language.
 */
@Injectable()
export class CivilDateAdapter extends DateAdapter<string> {
  constructor() {
    super();
    const i18n = inject(TranslationService);
    this.setLocale(pickerLocale(i18n.language()));
    effect(() => this.setLocale(pickerLocale(i18n.language())));
  }

  getYear(date: string): number {
    return this.parts(date).year;
  }

  getMonth(date: string): number {
    return this.parts(date).month - 1;
  }

  getDate(date: string): number {
    return this.parts(date).day;
  }

  getDayOfWeek(date: string): number {
    return this.utc(date).getUTCDay();
  }

  getMonthNames(style: 'long' | 'short' | 'narrow'): string[] {
    const format = new Intl.DateTimeFormat(this.locale, { month: style, timeZone: 'UTC' });
    return range(12, (month) => format.format(Date.UTC(2017, month, 1)));
  }

  getDateNames(): string[] {
    return range(31, (index) => String(index + 1));
  }

  getDayOfWeekNames(style: 'long' | 'short' | 'narrow'): string[] {
    const format = new Intl.DateTimeFormat(this.locale, { weekday: style, timeZone: 'UTC' });
    // 1 January 2017 was a Sunday: Material wants the names from Sunday on.
    return range(7, (day) => format.format(Date.UTC(2017, 0, day + 1)));
  }

  getYearName(date: string): string {
    return String(this.getYear(date));
  }

  getFirstDayOfWeek(): number {
    // Monday in Russia and in Britain (Material counts from Sunday = 0).
    return 1;
  }

  getNumDaysInMonth(date: string): number {
    const { year, month } = this.parts(date);
    return daysInMonth(year, month);
  }

  clone(date: string): string {
    return date;
  }

  createDate(year: number, month: number, date: number): string {
    const created = civilDateOf(year, month + 1, date);
    if (!created) throw new Error(`No such date: ${year}-${month + 1}-${date}`);
    return created;
  }

  today(): string {
    return deviceToday();
  }

  parse(value: unknown): string | null {
    if (typeof value !== 'string') return value == null ? null : INVALID;
    return parseTypedDate(value);
  }

  format(date: string, displayFormat: Intl.DateTimeFormatOptions): string {
    if (!this.isValid(date)) throw new Error('CivilDateAdapter: cannot format an invalid date.');
    return new Intl.DateTimeFormat(this.locale, { ...displayFormat, timeZone: 'UTC' }).format(this.utc(date));
  }

  addCalendarYears(date: string, years: number): string {
    return this.addCalendarMonths(date, years * 12);
  }

  /** 31 January + 1 month is 28 (29) February, as Material's own adapters do. */
  addCalendarMonths(date: string, months: number): string {
    const { year, month, day } = this.parts(date);
    const index = year * 12 + (month - 1) + months;
    const targetYear = Math.floor(index / 12);
    const targetMonth = index - targetYear * 12 + 1;
    return civilDateOf(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth))) as string;
  }

  addCalendarDays(date: string, days: number): string {
    const shifted = this.utc(date);
    shifted.setUTCDate(shifted.getUTCDate() + days);
    return civilDateOf(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate()) as string;
  }

  toIso8601(date: string): string {
    return date;
  }

  /** '' (an empty form field) is no date; any other stored string is taken as it is. */
  override deserialize(value: unknown): string | null {
    if (value === '' || value == null) return null;
    return typeof value === 'string' && this.isValid(value) ? value : this.invalid();
  }

  isDateInstance(candidate: unknown): boolean {
    return typeof candidate === 'string';
  }

  isValid(date: string): boolean {
    return parseCivilDate(date) !== null;
  }

  invalid(): string {
    return INVALID;
  }

  private parts(date: string): { year: number; month: number; day: number } {
    const parts = parseCivilDate(date);
    if (!parts) throw new Error(`CivilDateAdapter: not a date: ${date}`);
    return parts;
  }

  private utc(date: string): Date {
    const { year, month, day } = this.parts(date);
    const utc = new Date(Date.UTC(2000, month - 1, day));
    utc.setUTCFullYear(year);
    return utc;
  }
}
