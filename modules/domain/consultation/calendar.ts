import type { FieldIssue } from '../module-contract';
import { instantMs, isCanonicalInstant, toIso, type Instant } from './instant';
import { BOOKING_STATUSES, type Booking, type Consultation, type ConsultationIssue, type Slot } from './types';
import {
  addDays,
  civilDateAt,
  formatCivilDate,
  isoWeekday,
  isValidTimeZone,
  parseCivilDate,
  utcOfWallTime,
  type CivilDate,
} from './zoned-time';

/**
 * A doctor's calendar: when they work (wall-clock hours per weekday in their own zone) and how
 * long one consultation is. Slots follow each other from the start of every working interval;
 * everything computed from it is in UTC, so a patient in Vladivostok and a doctor in Moscow
 * talk about the same instants and each sees them in their own zone.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Wall-clock `HH:MM` in the doctor's zone; `end` is exclusive and may be `24:00`. */
export interface WorkingInterval {
  start: string;
  end: string;
}

export interface DoctorCalendar {
  /** IANA zone the working hours are in. */
  timeZone: string;
  /** Length of one consultation in minutes. */
  slotMinutes: number;
  /** Working intervals per weekday, in order, not overlapping (a lunch break = two intervals). */
  week: Partial<Record<Weekday, readonly WorkingInterval[]>>;
  /** Local dates (`YYYY-MM-DD`) the doctor does not work: holidays, leave. */
  daysOff?: readonly string[];
}

export const MIN_SLOT_MINUTES = 10;
export const MAX_SLOT_MINUTES = 240;
/** freeSlots() looks at most this far: enough for any picker, bounded work for the server. */
export const MAX_FREE_SLOT_RANGE_DAYS = 92;
export const MAX_DAYS_OFF = 366;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const HH_MM = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** Minutes since midnight of `HH:MM`, or null (24:00 is the only valid time after 23:59). */
function minutesOf(text: string): number | null {
  const match = HH_MM.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

/** Everything wrong with a calendar, as `week.<day>` / `slotMinutes` / … issues. */
export function validateCalendar(calendar: DoctorCalendar): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!isValidTimeZone(calendar.timeZone)) issues.push({ field: 'timeZone', code: 'invalid' });
  const slot = calendar.slotMinutes;
  if (!Number.isInteger(slot) || slot < MIN_SLOT_MINUTES || slot > MAX_SLOT_MINUTES) {
    issues.push({ field: 'slotMinutes', code: 'outOfRange' });
  }
  for (const [day, intervals] of Object.entries(calendar.week ?? {})) {
    const field = `week.${day}`;
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      issues.push({ field, code: 'unknownDay' });
      continue;
    }
    let previousEnd = -1;
    for (const interval of intervals ?? []) {
      const start = minutesOf(interval.start);
      const end = minutesOf(interval.end);
      if (start === null || end === null || start === 24 * 60) {
        issues.push({ field, code: 'invalidTime' });
      } else if (end <= start) {
        issues.push({ field, code: 'endBeforeStart' });
      } else if (start < previousEnd) {
        issues.push({ field, code: 'overlapping' });
      } else if (Number.isInteger(slot) && slot > 0 && end - start < slot) {
        issues.push({ field, code: 'shorterThanSlot' });
      }
      if (end !== null) previousEnd = Math.max(previousEnd, end);
    }
  }
  const daysOff = calendar.daysOff ?? [];
  if (daysOff.length > MAX_DAYS_OFF || daysOff.some((date) => parseCivilDate(date) === null)) {
    issues.push({ field: 'daysOff', code: 'invalid' });
  }
  return issues;
}

/** The working intervals of one local date as UTC instants (empty on a day off). */
function workingIntervalsOn(calendar: DoctorCalendar, date: CivilDate): { startMs: number; endMs: number }[] {
  if (calendar.daysOff?.includes(formatCivilDate(date))) return [];
  const weekday = WEEKDAYS[isoWeekday(date) - 1] as Weekday;
  const result: { startMs: number; endMs: number }[] = [];
  for (const interval of calendar.week[weekday] ?? []) {
    const start = minutesOf(interval.start);
    const end = minutesOf(interval.end);
    if (start === null || end === null || end <= start) continue;
    result.push({ startMs: wallMinutesToUtc(calendar.timeZone, date, start), endMs: wallMinutesToUtc(calendar.timeZone, date, end) });
  }
  return result;
}

function wallMinutesToUtc(timeZone: string, date: CivilDate, minutes: number): number {
  const day = minutes >= 24 * 60 ? addDays(date, 1) : date;
  const inDay = minutes % (24 * 60);
  return utcOfWallTime({ ...day, hour: Math.floor(inDay / 60), minute: inDay % 60, second: 0 }, timeZone);
}

/**
 * Slot starts step through each interval in real time from the interval's start, so a slot is
 * always exactly `slotMinutes` long, also on a day the clocks change.
 */
function slotsOfInterval(interval: { startMs: number; endMs: number }, slotMs: number): Slot[] {
  const slots: Slot[] = [];
  for (let start = interval.startMs; start + slotMs <= interval.endMs; start += slotMs) {
    slots.push({ start: toIso(start), end: toIso(start + slotMs) });
  }
  return slots;
}

function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart < bEnd && bStart < aEnd;
}

function calendarUsable(calendar: DoctorCalendar): boolean {
  const slot = calendar.slotMinutes;
  return isValidTimeZone(calendar.timeZone) && Number.isInteger(slot) && slot >= MIN_SLOT_MINUTES && slot <= MAX_SLOT_MINUTES;
}

/**
 * The doctor's bookable slots that start in [fromUtc, toUtc): inside working hours, not on a day
 * off, starting after `now`, not overlapping any booking. Sorted by start. The range is cut to
 * MAX_FREE_SLOT_RANGE_DAYS; an unusable calendar or range gives no slots.
 */
export function freeSlots(
  calendar: DoctorCalendar,
  bookings: readonly Booking[],
  fromUtc: Instant,
  toUtc: Instant,
  now: Instant,
): Slot[] {
  const fromMs = instantMs(fromUtc);
  const nowMs = instantMs(now);
  const toMs = Math.min(instantMs(toUtc), fromMs + MAX_FREE_SLOT_RANGE_DAYS * DAY_MS);
  if (!calendarUsable(calendar) || !(fromMs < toMs) || Number.isNaN(nowMs)) return [];
  const slotMs = calendar.slotMinutes * MINUTE_MS;
  const busy = bookings
    .map((booking) => ({ start: instantMs(booking.start), end: instantMs(booking.end) }))
    .filter((booking) => booking.start < booking.end);
  const result: Slot[] = [];
  // A local day that starts before `fromUtc` may still have slots after it (zones east of UTC).
  const lastDate = formatCivilDate(civilDateAt(toMs, calendar.timeZone));
  for (let date = addDays(civilDateAt(fromMs, calendar.timeZone), -1); formatCivilDate(date) <= lastDate; date = addDays(date, 1)) {
    for (const interval of workingIntervalsOn(calendar, date)) {
      for (const slot of slotsOfInterval(interval, slotMs)) {
        const start = Date.parse(slot.start);
        const end = Date.parse(slot.end);
        if (start < fromMs || start >= toMs || start <= nowMs) continue;
        if (busy.some((booking) => overlaps(start, end, booking.start, booking.end))) continue;
        result.push(slot);
      }
    }
  }
  return result.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** A slot someone wants to book; the consultation's own current booking never conflicts with it. */
export interface SlotRequest extends Slot {
  consultationId?: string;
}

/**
 * Whether a slot may be booked, checked in this order (the first problem is reported):
 * `invalid_slot` (not two canonical UTC instants, or not a usable calendar), `in_past` (starts
 * at or before now), `outside_working_hours` (not inside one working interval, or on a day off),
 * `not_slot_aligned` (not on the slot grid, or not one slot long), `overlaps_booking`.
 */
export function checkBooking(
  slot: SlotRequest,
  calendar: DoctorCalendar,
  bookings: readonly Booking[],
  now: Instant,
): ConsultationIssue | null {
  if (!isCanonicalInstant(slot?.start) || !isCanonicalInstant(slot?.end) || !calendarUsable(calendar)) {
    return { code: 'invalid_slot', field: 'slot' };
  }
  const start = Date.parse(slot.start);
  const end = Date.parse(slot.end);
  if (end <= start) return { code: 'invalid_slot', field: 'slot' };
  if (start <= instantMs(now)) return { code: 'in_past', field: 'slot' };
  const slotMs = calendar.slotMinutes * MINUTE_MS;
  const date = civilDateAt(start, calendar.timeZone);
  // The slot's interval may have begun on the previous local date (a shift past midnight).
  const interval = [...workingIntervalsOn(calendar, addDays(date, -1)), ...workingIntervalsOn(calendar, date)].find(
    (candidate) => candidate.startMs <= start && end <= candidate.endMs,
  );
  if (!interval) return { code: 'outside_working_hours', field: 'slot' };
  if (end - start !== slotMs || (start - interval.startMs) % slotMs !== 0) return { code: 'not_slot_aligned', field: 'slot' };
  const clash = bookings.some(
    (booking) =>
      booking.consultationId !== slot.consultationId &&
      overlaps(start, end, instantMs(booking.start), instantMs(booking.end)),
  );
  return clash ? { code: 'overlaps_booking', field: 'slot' } : null;
}

/** The bookings a doctor's consultations hold (only scheduled and running ones hold a slot). */
export function bookingsOf(consultations: readonly Consultation[], doctorId: string): Booking[] {
  const bookings: Booking[] = [];
  for (const consultation of consultations) {
    if (consultation.doctorId !== doctorId || !consultation.slot) continue;
    if (!BOOKING_STATUSES.includes(consultation.status)) continue;
    const booking: Booking = { consultationId: consultation.id, ...consultation.slot };
    if (consultation.bookedAt !== undefined) booking.bookedAt = consultation.bookedAt;
    bookings.push(booking);
  }
  return bookings;
}
