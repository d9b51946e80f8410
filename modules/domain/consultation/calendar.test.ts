import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bookingsOf, checkBooking, freeSlots, validateCalendar, type DoctorCalendar } from './calendar';
import { formatInZone } from './format';
import { consultationIn, moscowCalendar, DOCTOR_ID, OTHER_DOCTOR_ID, PATIENT_ID } from './test-fixtures';
import type { Booking } from './types';
import { dayRangeInZone, isValidTimeZone, offsetMinutesAt, parseCivilDate, utcOfWallTime, wallTimeAt } from './zoned-time';

const starts = (slots: { start: string }[]) => slots.map((slot) => slot.start);
const MONDAY_UTC = { from: '2026-12-07T00:00:00.000Z', to: '2026-12-08T00:00:00.000Z' };
const EARLIER = '2026-12-01T00:00:00.000Z';

describe('validateCalendar', () => {
  it('accepts a working week with a lunch break', () => assert.deepEqual(validateCalendar(moscowCalendar), []));
  it('names every problem by field', () => {
    const broken: DoctorCalendar = {
      timeZone: 'Moscow',
      slotMinutes: 7,
      week: {
        mon: [{ start: '9:00', end: '12:00' }],
        tue: [{ start: '12:00', end: '10:00' }],
        wed: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }],
        fun: [],
      } as unknown as DoctorCalendar['week'],
      daysOff: ['2026-02-30'],
    };
    assert.deepEqual(validateCalendar(broken), [
      { field: 'timeZone', code: 'invalid' },
      { field: 'slotMinutes', code: 'outOfRange' },
      { field: 'week.mon', code: 'invalidTime' },
      { field: 'week.tue', code: 'endBeforeStart' },
      { field: 'week.wed', code: 'overlapping' },
      { field: 'week.fun', code: 'unknownDay' },
      { field: 'daysOff', code: 'invalid' },
    ]);
    assert.deepEqual(validateCalendar({ ...moscowCalendar, slotMinutes: 60, week: { mon: [{ start: '09:00', end: '09:30' }] } }), [{ field: 'week.mon', code: 'shorterThanSlot' }]);
  });
});

describe('freeSlots — a doctor in Moscow (UTC+3)', () => {
  it('lists a working day’s slots in UTC, skipping the lunch break', () => {
    const slots = freeSlots(moscowCalendar, [], MONDAY_UTC.from, MONDAY_UTC.to, EARLIER);
    assert.equal(slots.length, 16);
    assert.deepEqual(slots[0], { start: '2026-12-07T06:00:00.000Z', end: '2026-12-07T06:30:00.000Z' });
    assert.equal(slots.at(-1)?.start, '2026-12-07T14:30:00.000Z');
    assert.equal(starts(slots).includes('2026-12-07T10:00:00.000Z'), false, '13:00 Moscow is lunch');
    assert.equal(starts(slots).includes('2026-12-07T11:00:00.000Z'), true, '14:00 Moscow');
  });
  it('leaves out slots that start at or before now', () => {
    const slots = freeSlots(moscowCalendar, [], MONDAY_UTC.from, MONDAY_UTC.to, '2026-12-07T07:00:00.000Z');
    assert.equal(slots[0]?.start, '2026-12-07T07:30:00.000Z');
  });
  it('leaves out every slot a booking overlaps, whatever its length', () => {
    const bookings: Booking[] = [{ consultationId: `${PATIENT_ID}:x`, start: '2026-12-07T08:00:00.000Z', end: '2026-12-07T08:45:00.000Z' }];
    const free = starts(freeSlots(moscowCalendar, bookings, MONDAY_UTC.from, MONDAY_UTC.to, EARLIER));
    assert.equal(free.includes('2026-12-07T07:30:00.000Z'), true);
    assert.equal(free.includes('2026-12-07T08:00:00.000Z'), false);
    assert.equal(free.includes('2026-12-07T08:30:00.000Z'), false);
    assert.equal(free.includes('2026-12-07T09:00:00.000Z'), true);
  });
  it('has nothing on a day off or at the weekend', () => {
    assert.deepEqual(freeSlots({ ...moscowCalendar, daysOff: ['2026-12-07'] }, [], MONDAY_UTC.from, MONDAY_UTC.to, EARLIER), []);
    assert.deepEqual(freeSlots(moscowCalendar, [], '2026-12-12T00:00:00.000Z', '2026-12-14T00:00:00.000Z', EARLIER), []);
  });
  it('a patient in Vladivostok asking for their own «8 December» gets Moscow’s Monday evening and Tuesday morning', () => {
    const { startMs, endMs } = dayRangeInZone({ year: 2026, month: 12, day: 8 }, 'Asia/Vladivostok');
    assert.equal(new Date(startMs).toISOString(), '2026-12-07T14:00:00.000Z');
    const slots = freeSlots(moscowCalendar, [], startMs, endMs, EARLIER);
    assert.equal(slots[0]?.start, '2026-12-07T14:00:00.000Z');
    assert.equal(formatInZone(slots[0]!.start, 'Asia/Vladivostok', 'ru'), '8 декабря 2026, 00:00 (Владивосток, UTC+10)');
    assert.equal(formatInZone(slots[0]!.start, 'Europe/Moscow', 'ru'), '7 декабря 2026, 17:00 (Москва, UTC+3)');
    assert.equal(slots[2]?.start, '2026-12-08T06:00:00.000Z', 'then Tuesday 09:00 in Moscow');
    assert.equal(formatInZone(slots[2]!.start, 'Asia/Vladivostok', 'en'), '8 December 2026, 16:00 (Vladivostok, UTC+10)');
  });
  it('cuts the range to 92 days and gives nothing for a reversed or broken range or calendar', () => {
    const slots = freeSlots(moscowCalendar, [], '2026-12-01T00:00:00.000Z', '2027-12-01T00:00:00.000Z', EARLIER);
    assert.ok(slots.at(-1)!.start < '2027-03-03T00:00:00.000Z');
    assert.ok(slots.at(-1)!.start > '2027-02-25T00:00:00.000Z');
    assert.deepEqual(freeSlots(moscowCalendar, [], MONDAY_UTC.to, MONDAY_UTC.from, EARLIER), []);
    assert.deepEqual(freeSlots(moscowCalendar, [], 'yesterday', MONDAY_UTC.to, EARLIER), []);
    assert.deepEqual(freeSlots({ ...moscowCalendar, timeZone: 'Mars/Olympus' }, [], MONDAY_UTC.from, MONDAY_UTC.to, EARLIER), []);
  });
});

describe('freeSlots — other zones', () => {
  it('a doctor in Kamchatka (UTC+12) works on Monday while it is still Sunday in UTC', () => {
    const calendar: DoctorCalendar = { ...moscowCalendar, timeZone: 'Asia/Kamchatka' };
    const slots = freeSlots(calendar, [], '2026-12-06T00:00:00.000Z', '2026-12-07T00:00:00.000Z', EARLIER);
    assert.deepEqual(starts(slots), ['21:00', '21:30', '22:00', '22:30', '23:00', '23:30'].map((t) => `2026-12-06T${t}:00.000Z`));
  });
  it('a doctor in Kaliningrad (UTC+2) starts an hour after Moscow in UTC', () => {
    const slots = freeSlots({ ...moscowCalendar, timeZone: 'Europe/Kaliningrad' }, [], MONDAY_UTC.from, MONDAY_UTC.to, EARLIER);
    assert.equal(slots[0]?.start, '2026-12-07T07:00:00.000Z');
  });
  it('on the night clocks go forward (Berlin) a 01:00–05:00 shift is three real hours: six 30-minute slots', () => {
    const calendar: DoctorCalendar = { timeZone: 'Europe/Berlin', slotMinutes: 30, week: { sun: [{ start: '01:00', end: '05:00' }] } };
    const slots = freeSlots(calendar, [], '2026-03-28T12:00:00.000Z', '2026-03-29T12:00:00.000Z', '2026-01-01T00:00:00.000Z');
    assert.deepEqual(starts(slots), ['00:00', '00:30', '01:00', '01:30', '02:00', '02:30'].map((t) => `2026-03-29T${t}:00.000Z`));
    assert.ok(slots.every((slot) => Date.parse(slot.end) - Date.parse(slot.start) === 30 * 60_000));
    assert.equal(formatInZone(slots[2]!.start, 'Europe/Berlin', 'en'), '29 March 2026, 03:00 (Berlin, UTC+2)');
  });
  it('on the night clocks go back (New York) a 00:00–03:00 shift is four real hours: eight slots', () => {
    const calendar: DoctorCalendar = { timeZone: 'America/New_York', slotMinutes: 30, week: { sun: [{ start: '00:00', end: '03:00' }] } };
    const slots = freeSlots(calendar, [], '2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
    assert.equal(slots.length, 8);
    assert.equal(slots[0]?.start, '2026-11-01T04:00:00.000Z');
    assert.equal(slots.at(-1)?.end, '2026-11-01T08:00:00.000Z');
  });
  it('a shift that ends at midnight (24:00) keeps its last slot', () => {
    const calendar: DoctorCalendar = { timeZone: 'Europe/Moscow', slotMinutes: 30, week: { mon: [{ start: '22:00', end: '24:00' }] } };
    const slots = freeSlots(calendar, [], MONDAY_UTC.from, MONDAY_UTC.to, EARLIER);
    assert.deepEqual(starts(slots), ['19:00', '19:30', '20:00', '20:30'].map((t) => `2026-12-07T${t}:00.000Z`));
    assert.equal(checkBooking(slots[3]!, calendar, [], EARLIER), null);
  });
});

describe('checkBooking', () => {
  const slot = { start: '2026-12-08T07:00:00.000Z', end: '2026-12-08T07:30:00.000Z' };
  const now = '2026-12-07T07:00:00.000Z';

  it('accepts a free slot of the grid inside working hours', () => assert.equal(checkBooking(slot, moscowCalendar, [], now), null));
  it('in_past: at or before now', () => {
    assert.deepEqual(checkBooking(slot, moscowCalendar, [], slot.start), { code: 'in_past', field: 'slot' });
    assert.deepEqual(checkBooking(slot, moscowCalendar, [], '2026-12-09T00:00:00.000Z'), { code: 'in_past', field: 'slot' });
  });
  it('outside_working_hours: before opening, over lunch, across the end, at the weekend, on a day off', () => {
    const at = (start: string, end: string) => checkBooking({ start, end }, moscowCalendar, [], now)?.code;
    assert.equal(at('2026-12-08T05:30:00.000Z', '2026-12-08T06:00:00.000Z'), 'outside_working_hours');
    assert.equal(at('2026-12-08T10:00:00.000Z', '2026-12-08T10:30:00.000Z'), 'outside_working_hours');
    assert.equal(at('2026-12-08T09:45:00.000Z', '2026-12-08T10:15:00.000Z'), 'outside_working_hours');
    assert.equal(at('2026-12-12T07:00:00.000Z', '2026-12-12T07:30:00.000Z'), 'outside_working_hours');
    assert.equal(checkBooking(slot, { ...moscowCalendar, daysOff: ['2026-12-08'] }, [], now)?.code, 'outside_working_hours');
  });
  it('not_slot_aligned: off the grid or not one slot long', () => {
    assert.equal(checkBooking({ start: '2026-12-08T07:15:00.000Z', end: '2026-12-08T07:45:00.000Z' }, moscowCalendar, [], now)?.code, 'not_slot_aligned');
    assert.equal(checkBooking({ start: '2026-12-08T07:00:00.000Z', end: '2026-12-08T07:20:00.000Z' }, moscowCalendar, [], now)?.code, 'not_slot_aligned');
  });
  it('overlaps_booking: any overlap with another consultation; its own booking does not count', () => {
    const other: Booking = { consultationId: `${PATIENT_ID}:other`, start: '2026-12-08T07:15:00.000Z', end: '2026-12-08T07:45:00.000Z' };
    assert.deepEqual(checkBooking(slot, moscowCalendar, [other], now), { code: 'overlaps_booking', field: 'slot' });
    const adjacent: Booking = { consultationId: `${PATIENT_ID}:other`, start: '2026-12-08T07:30:00.000Z', end: '2026-12-08T08:00:00.000Z' };
    assert.equal(checkBooking(slot, moscowCalendar, [adjacent], now), null, 'touching is not overlapping');
    assert.equal(checkBooking({ ...slot, consultationId: `${PATIENT_ID}:mine` }, moscowCalendar, [{ ...slot, consultationId: `${PATIENT_ID}:mine` }], now), null);
  });
  it('invalid_slot: not canonical UTC instants, empty, or an unusable calendar', () => {
    assert.equal(checkBooking({ start: '2026-12-08 10:00', end: '2026-12-08 10:30' }, moscowCalendar, [], now)?.code, 'invalid_slot');
    assert.equal(checkBooking({ start: slot.end, end: slot.start }, moscowCalendar, [], now)?.code, 'invalid_slot');
    assert.equal(checkBooking(slot, { ...moscowCalendar, slotMinutes: 0 }, [], now)?.code, 'invalid_slot');
  });
  it('the checks run in a fixed order: the past before working hours before the grid before bookings', () => {
    const pastOffGrid = { start: '2026-12-05T03:07:00.000Z', end: '2026-12-05T03:09:00.000Z' };
    assert.equal(checkBooking(pastOffGrid, moscowCalendar, [], now)?.code, 'in_past');
  });
  it('every slot freeSlots offers passes checkBooking', () => {
    for (const offered of freeSlots(moscowCalendar, [], '2026-12-07T00:00:00.000Z', '2026-12-14T00:00:00.000Z', now)) {
      assert.equal(checkBooking(offered, moscowCalendar, [], now), null, offered.start);
    }
  });
});

describe('bookingsOf', () => {
  it('only scheduled and running consultations of that doctor hold a slot', () => {
    const scheduled = consultationIn('scheduled');
    const running = { ...consultationIn('in_progress'), id: `${PATIENT_ID}:c-2` };
    const cancelled = { ...consultationIn('cancelled'), id: `${PATIENT_ID}:c-3` };
    const held = { ...consultationIn('held'), id: `${PATIENT_ID}:c-4` };
    const bookings = bookingsOf([scheduled, running, cancelled, held], DOCTOR_ID);
    assert.deepEqual(bookings.map((b) => b.consultationId), [scheduled.id, running.id]);
    assert.equal(bookings[0]?.bookedAt, scheduled.bookedAt);
    assert.deepEqual(bookingsOf([scheduled], OTHER_DOCTOR_ID), []);
  });
});

describe('zoned time with Intl', () => {
  it('knows zone names and refuses others', () => {
    for (const zone of ['Europe/Moscow', 'Asia/Vladivostok', 'Asia/Tomsk', 'America/Argentina/Buenos_Aires', 'UTC']) assert.equal(isValidTimeZone(zone), true, zone);
    for (const zone of ['Moscow', 'asia/vladivostok', '+03:00', '', 'Mars/Olympus', 42]) assert.equal(isValidTimeZone(zone), false, String(zone));
  });
  it('offsets of all Russian zones (no DST: the same in January and July)', () => {
    const expected: Record<string, number> = { 'Europe/Kaliningrad': 120, 'Europe/Moscow': 180, 'Europe/Samara': 240, 'Asia/Yekaterinburg': 300, 'Asia/Omsk': 360, 'Asia/Krasnoyarsk': 420, 'Asia/Irkutsk': 480, 'Asia/Yakutsk': 540, 'Asia/Vladivostok': 600, 'Asia/Magadan': 660, 'Asia/Kamchatka': 720 };
    for (const [zone, minutes] of Object.entries(expected)) {
      assert.equal(offsetMinutesAt(Date.parse('2026-01-15T12:00:00Z'), zone), minutes, zone);
      assert.equal(offsetMinutesAt(Date.parse('2026-07-15T12:00:00Z'), zone), minutes, zone);
    }
  });
  it('a wall time that never happens moves past the gap; one that happens twice takes the first', () => {
    assert.equal(new Date(utcOfWallTime({ year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 }, 'America/New_York')).toISOString(), '2026-03-08T07:30:00.000Z');
    assert.equal(new Date(utcOfWallTime({ year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0 }, 'America/New_York')).toISOString(), '2026-11-01T05:30:00.000Z');
    assert.equal(new Date(utcOfWallTime({ year: 2026, month: 12, day: 8, hour: 17, minute: 0, second: 0 }, 'Asia/Vladivostok')).toISOString(), '2026-12-08T07:00:00.000Z');
  });
  it('wall time round-trips, and a local day is 24 hours in Russia', () => {
    const ms = Date.parse('2026-12-31T22:30:00Z');
    assert.deepEqual(wallTimeAt(ms, 'Europe/Moscow'), { year: 2027, month: 1, day: 1, hour: 1, minute: 30, second: 0 });
    assert.equal(utcOfWallTime(wallTimeAt(ms, 'Europe/Moscow'), 'Europe/Moscow'), ms);
    const { startMs, endMs } = dayRangeInZone({ year: 2026, month: 12, day: 8 }, 'Asia/Kamchatka');
    assert.equal(endMs - startMs, 24 * 3600_000);
  });
  it('civil dates: real ones only', () => {
    assert.deepEqual(parseCivilDate('2028-02-29'), { year: 2028, month: 2, day: 29 });
    assert.equal(parseCivilDate('2026-02-29'), null);
    assert.equal(parseCivilDate('2026-2-1'), null);
    // The date pickers read typed years as written: year 99 is not 1999.
    assert.deepEqual(parseCivilDate('0099-12-31'), { year: 99, month: 12, day: 31 });
    assert.equal(parseCivilDate('0099-02-29'), null);
    assert.deepEqual(parseCivilDate('0096-02-29'), { year: 96, month: 2, day: 29 });
  });
});
