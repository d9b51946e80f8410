import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RUSSIAN_TIME_ZONES } from '../time-zones';
import { formatDateInZone, formatInZone, formatSlotInZone, formatTimeInZone, timeZoneName, utcOffsetLabel } from './format';
import { CONSULTATION_ERROR_MESSAGES, CONSULTATION_STATUS_LABELS, HISTORY_EVENT_LABELS, TRANSITION_LABELS, consultationErrorMessage, noticeText } from './messages';
import { NOTICE_KINDS, type Notice } from './notices';
import { CONSULTATION_ERROR_CODES, CONSULTATION_STATUSES, TRANSITION_NAMES } from './types';
import { CONSULTATION_ID, OTHER_SLOT, PATIENT_ID, SLOT } from './test-fixtures';

describe('formatInZone: the time in the reader’s zone, naming the zone', () => {
  it('one instant for a patient in Vladivostok and a doctor in Moscow', () => {
    const instant = '2026-12-12T00:30:00.000Z';
    assert.equal(formatInZone(instant, 'Asia/Vladivostok', 'ru'), '12 декабря 2026, 10:30 (Владивосток, UTC+10)');
    assert.equal(formatInZone(instant, 'Europe/Moscow', 'ru'), '12 декабря 2026, 03:30 (Москва, UTC+3)');
    assert.equal(formatInZone(instant, 'Asia/Vladivostok', 'en'), '12 December 2026, 10:30 (Vladivostok, UTC+10)');
    assert.equal(formatInZone(instant, 'Europe/Moscow', 'en'), '12 December 2026, 03:30 (Moscow, UTC+3)');
  });
  it('the date changes with the zone (New Year in Kamchatka comes first)', () => {
    const instant = '2026-12-31T12:00:00.000Z';
    assert.equal(formatInZone(instant, 'Asia/Kamchatka', 'ru'), '1 января 2027, 00:00 (Камчатка, UTC+12)');
    assert.equal(formatInZone(instant, 'Europe/Kaliningrad', 'ru'), '31 декабря 2026, 14:00 (Калининград, UTC+2)');
  });
  it('every Russian zone has its name in both languages', () => {
    for (const zone of RUSSIAN_TIME_ZONES) {
      const offset = zone.utcOffset.replace(/^\+0?/, '+').replace(/:00$/, '');
      assert.match(formatInZone('2026-06-01T00:00:00.000Z', zone.id, 'ru'), new RegExp(`\\(${zone.ru.replace(/ \(.*/, '')}, UTC\\${offset}\\)$`));
      assert.match(formatInZone('2026-06-01T00:00:00.000Z', zone.id, 'en'), new RegExp(`\\(${zone.en.replace(/ \(.*/, '')}, UTC\\${offset}\\)$`));
    }
    assert.equal(formatInZone('2026-06-01T00:00:00.000Z', 'Asia/Tomsk', 'ru'), '1 июня 2026, 07:00 (Томск, UTC+7)');
    assert.equal(formatInZone('2026-06-01T00:00:00.000Z', 'Europe/Volgograd', 'en'), '1 June 2026, 03:00 (Volgograd, UTC+3)');
  });
  it('zones abroad: the city of the IANA name, half hours, west of UTC, DST, UTC itself', () => {
    assert.equal(formatInZone('2026-07-01T12:00:00.000Z', 'America/New_York', 'en'), '1 July 2026, 08:00 (New York, UTC−4)');
    assert.equal(formatInZone('2026-01-01T12:00:00.000Z', 'America/New_York', 'ru'), '1 января 2026, 07:00 (New York, UTC−5)');
    assert.equal(formatInZone('2026-01-01T12:00:00.000Z', 'Asia/Kolkata', 'en'), '1 January 2026, 17:30 (Kolkata, UTC+5:30)');
    assert.equal(formatInZone('2026-01-01T12:00:00.000Z', 'UTC', 'ru'), '1 января 2026, 12:00 (UTC)');
    assert.equal(timeZoneName('America/Argentina/Buenos_Aires', 'en'), 'Buenos Aires');
  });
  it('offset labels', () => {
    assert.deepEqual([600, 180, 0, 330, -240, -570].map(utcOffsetLabel), ['UTC+10', 'UTC+3', 'UTC+0', 'UTC+5:30', 'UTC−4', 'UTC−9:30']);
  });
  it('accepts a Date or epoch ms; refuses what is not an instant or a zone', () => {
    assert.equal(formatInZone(new Date('2026-12-12T00:30:00Z'), 'Asia/Vladivostok'), '12 декабря 2026, 10:30 (Владивосток, UTC+10)');
    assert.equal(formatInZone(Date.parse('2026-12-12T00:30:00Z'), 'Asia/Vladivostok'), '12 декабря 2026, 10:30 (Владивосток, UTC+10)');
    assert.throws(() => formatInZone('12.12.2026', 'Europe/Moscow'), RangeError);
    assert.throws(() => formatInZone('2026-12-12T00:30:00Z', 'Mars/Olympus'), RangeError);
  });
  it('date and time parts alone, for day views', () => {
    assert.equal(formatDateInZone(SLOT.start, 'Asia/Vladivostok', 'ru'), '8 декабря 2026');
    assert.equal(formatTimeInZone(SLOT.start, 'Asia/Vladivostok'), '17:00');
    assert.equal(formatTimeInZone(SLOT.start, 'Europe/Moscow'), '10:00');
  });
});

describe('formatSlotInZone', () => {
  it('a slot within one day', () => {
    assert.equal(formatSlotInZone(SLOT, 'Europe/Moscow', 'ru'), '8 декабря 2026, 10:00–10:30 (Москва, UTC+3)');
    assert.equal(formatSlotInZone(SLOT, 'Asia/Vladivostok', 'en'), '8 December 2026, 17:00–17:30 (Vladivostok, UTC+10)');
  });
  it('a slot across local midnight names both dates', () => {
    const slot = { start: '2026-12-08T13:30:00.000Z', end: '2026-12-08T14:30:00.000Z' };
    assert.equal(formatSlotInZone(slot, 'Asia/Vladivostok', 'ru'), '8 декабря 2026, 23:30 – 9 декабря 2026, 00:30 (Владивосток, UTC+10)');
  });
});

describe('noticeText: one sentence in the reader’s language and zone', () => {
  const notice = (extra: Partial<Notice>): Notice => ({
    kind: 'scheduled', recipient: 'patient', userId: PATIENT_ID, consultationId: CONSULTATION_ID, patientId: PATIENT_ID, delivery: 'server', slot: SLOT, ...extra,
  });

  it('scheduled, for the patient in Vladivostok', () => {
    assert.equal(noticeText(notice({}), { language: 'ru', timeZone: 'Asia/Vladivostok' }), 'Консультация назначена на 8 декабря 2026, 17:00–17:30 (Владивосток, UTC+10).');
    assert.equal(noticeText(notice({}), { language: 'en', timeZone: 'Asia/Vladivostok' }), 'Your consultation is scheduled for 8 December 2026, 17:00–17:30 (Vladivostok, UTC+10).');
  });
  it('rescheduled names both times and the reason', () => {
    const text = noticeText(notice({ kind: 'rescheduled', slot: OTHER_SLOT, previousSlot: SLOT, text: 'Операция' }), { language: 'ru', timeZone: 'Europe/Moscow' });
    assert.equal(text, 'Консультация перенесена с 8 декабря 2026, 10:00–10:30 (Москва, UTC+3) на 8 декабря 2026, 11:00–11:30 (Москва, UTC+3). Причина: Операция');
  });
  it('a conflict notice names the action that was not applied', () => {
    const text = noticeText(notice({ kind: 'cancelled_before_your_change', recipient: 'doctor', transition: 'reschedule', slot: OTHER_SLOT, text: 'Лечусь очно' }), { language: 'ru', timeZone: 'Europe/Moscow' });
    assert.equal(text, 'Консультация уже отменена (причина: Лечусь очно). Ваше действие «Перенести» не применено. Выбранное время не забронировано: 8 декабря 2026, 11:00–11:30 (Москва, UTC+3).');
  });
  it('every kind has a text in both languages, and every text with a time names the zone', () => {
    for (const kind of NOTICE_KINDS) {
      for (const language of ['ru', 'en'] as const) {
        const text = noticeText(notice({ kind, previousSlot: SLOT, transition: 'reschedule', text: 'x' }), { language, timeZone: 'Asia/Vladivostok' });
        assert.ok(text.length > 10, `${kind} ${language}`);
        if (/\d\d:\d\d/.test(text)) assert.match(text, /\((Владивосток|Vladivostok), UTC\+10\)/, `${kind} ${language}`);
      }
    }
  });
});

describe('labels and error messages', () => {
  it('exist for every code, status and transition, in both languages', () => {
    for (const code of CONSULTATION_ERROR_CODES) {
      assert.ok(CONSULTATION_ERROR_MESSAGES[code].ru && CONSULTATION_ERROR_MESSAGES[code].en, code);
    }
    for (const status of CONSULTATION_STATUSES) assert.ok(CONSULTATION_STATUS_LABELS[status].ru, status);
    for (const name of TRANSITION_NAMES) assert.ok(TRANSITION_LABELS[name].en, name);
    // The history reads as events, never as the command's name.
    for (const name of TRANSITION_NAMES) assert.ok(HISTORY_EVENT_LABELS[name].ru && HISTORY_EVENT_LABELS[name].ru !== TRANSITION_LABELS[name].ru, name);
    assert.equal(HISTORY_EVENT_LABELS.take.ru, 'Врач взял пациента');
    assert.equal(consultationErrorMessage('overlaps_booking', 'ru'), 'Это время уже занято другой консультацией.');
  });
});
