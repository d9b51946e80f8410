import { TestBed } from '@angular/core/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { DateAdapter } from '@angular/material/core';
import { TranslationService } from '../../core/i18n/translation.service';
import { CIVIL_DATE_FORMATS, CivilDateAdapter } from './civil-date-adapter';
import { TimeOfDayAdapter } from './time-of-day-adapter';
import { INVALID, parseTypedDate, parseTypedTime } from './typed-text';

describe('typed dates and times', () => {
  it('reads a Russian date day first («05.12.2026» is the 5th of December, not the 12th of May)', () => {
    expect(parseTypedDate('05.12.2026')).toBe('2026-12-05');
    expect(parseTypedDate('5.12.2026')).toBe('2026-12-05');
    expect(parseTypedDate(' 08/03/1979 ')).toBe('1979-03-08');
    expect(parseTypedDate('08-03-1979')).toBe('1979-03-08');
    expect(parseTypedDate('08031979')).toBe('1979-03-08');
    expect(parseTypedDate('1979-03-08')).toBe('1979-03-08');
  });

  it('refuses impossible dates and two-digit years instead of guessing', () => {
    expect(parseTypedDate('31.02.2026')).toBe(INVALID);
    expect(parseTypedDate('29.02.2025')).toBe(INVALID);
    expect(parseTypedDate('29.02.2024')).toBe('2024-02-29');
    expect(parseTypedDate('05.12.26')).toBe(INVALID);
    expect(parseTypedDate('12/31/2026')).toBe(INVALID);
    expect(parseTypedDate('вчера')).toBe(INVALID);
    expect(parseTypedDate('  ')).toBeNull();
  });

  it('reads 24-hour times, with 24:00 as the end of the day, and refuses AM/PM', () => {
    expect(parseTypedTime('9:00')).toBe('09:00');
    expect(parseTypedTime('09.30')).toBe('09:30');
    expect(parseTypedTime('1830')).toBe('18:30');
    expect(parseTypedTime('9')).toBe('09:00');
    expect(parseTypedTime('24:00')).toBe('24:00');
    expect(parseTypedTime('24:05')).toBe(INVALID);
    expect(parseTypedTime('12:60')).toBe(INVALID);
    expect(parseTypedTime('9:00 PM')).toBe(INVALID);
    expect(parseTypedTime('')).toBeNull();
  });
});

describe('CivilDateAdapter', () => {
  let adapter: CivilDateAdapter;

  beforeEach(() => {
    localStorage.removeItem('oblako.language');
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), { provide: DateAdapter, useClass: CivilDateAdapter }] });
    adapter = TestBed.inject(DateAdapter) as CivilDateAdapter;
  });

  afterEach(() => localStorage.removeItem('oblako.language'));

  it('shows a stored date as дд.мм.гггг in Russian and keeps the stored form as the value', () => {
    expect(adapter.format('2026-12-05', CIVIL_DATE_FORMATS.display.dateInput)).toBe('05.12.2026');
    expect(adapter.parse('05.12.2026')).toBe('2026-12-05');
    expect(adapter.deserialize('1961-04-12')).toBe('1961-04-12');
    expect(adapter.deserialize('')).toBeNull();
  });

  it('switches to dd/mm/yyyy when the interface turns English', () => {
    TestBed.inject(TranslationService).use('en');
    TestBed.tick();
    expect(adapter.format('2026-12-05', CIVIL_DATE_FORMATS.display.dateInput)).toBe('05/12/2026');
    expect(adapter.parse('05/12/2026')).toBe('2026-12-05');
  });

  it('walks the calendar the way the datepicker does: weeks from Monday, month ends, leap years', () => {
    expect(adapter.getFirstDayOfWeek()).toBe(1);
    expect(adapter.getDayOfWeek('2026-12-05')).toBe(6);
    expect(adapter.getMonthNames('long')[11]).toBe('декабрь');
    expect(adapter.getNumDaysInMonth('2024-02-10')).toBe(29);
    expect(adapter.addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(adapter.addCalendarMonths('2026-12-05', 1)).toBe('2027-01-05');
    expect(adapter.addCalendarMonths('2026-01-05', -1)).toBe('2025-12-05');
    expect(adapter.addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(adapter.createDate(1900, 0, 1)).toBe('1900-01-01');
    expect(adapter.compareDate('1979-03-08', '2026-12-05')).toBeLessThan(0);
    expect(adapter.isValid(adapter.invalid())).toBeFalse();
  });
});

describe('TimeOfDayAdapter', () => {
  const adapter = new TimeOfDayAdapter();

  it('keeps 24:00 as a real end of the day, after 23:55', () => {
    expect(adapter.parseTime('24:00')).toBe('24:00');
    expect(adapter.compareTime('24:00', '23:55')).toBeGreaterThan(0);
    expect(adapter.addSeconds('23:55', 300)).toBe('24:00');
    expect(adapter.isValid(adapter.addSeconds('24:00', 300))).toBeFalse();
    expect(adapter.setTime('09:00', 24, 0)).toBe('24:00');
  });

  it('formats and compares as the timepicker needs (same day for every time)', () => {
    expect(adapter.format('09:05')).toBe('09:05');
    expect(adapter.sameTime('09:00', adapter.parseTime('9'))).toBeTrue();
    expect(adapter.sameDate('00:00', '24:00')).toBeTrue();
    expect(adapter.deserialize('')).toBeNull();
    expect(adapter.isValid(adapter.deserialize('25:00') as string)).toBeFalse();
  });
});
