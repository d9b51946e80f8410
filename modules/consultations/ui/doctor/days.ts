import { civilDateAt, dayRangeInZone, formatCivilDate, type CivilDate } from '@oblako/domain';

/** Local calendar days in a zone, for the day view and the slot picker. */
export interface ZonedDay {
  /** YYYY-MM-DD in the zone. */
  key: string;
  date: CivilDate;
  /** UTC bounds of the local day: [startMs, endMs). */
  startMs: number;
  endMs: number;
}

export function shiftDate(date: CivilDate, days: number): CivilDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * 86_400_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The local day `offset` days from today in `zone` (0: today). */
export function dayInZone(zone: string, offset: number, nowMs: number = Date.now()): ZonedDay {
  const date = shiftDate(civilDateAt(nowMs, zone), offset);
  const { startMs, endMs } = dayRangeInZone(date, zone);
  return { key: formatCivilDate(date), date, startMs, endMs };
}

/** «чт, 26 нояб.» — a short weekday and date of a local day, in the UI language. */
export function shortDayLabel(day: ZonedDay, zone: string, language: string): string {
  return new Intl.DateTimeFormat(language, { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(day.startMs + 12 * 3_600_000));
}
