import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Consultation } from '@oblako/domain';
import { consultationCalendar, fixedOffsetZone } from './calendar';
import { endpointProblem } from './endpoint';
import { ngswPayload, pushText } from './payload';
import { planReminders } from './reminder-plan';

describe('push endpoints a device may give', () => {
  it('accepts an https push service', () => {
    assert.equal(endpointProblem('https://fcm.googleapis.com/fcm/send/abc:def', false), null);
    assert.equal(endpointProblem('https://updates.push.services.mozilla.com/wpush/v2/gAAA', false), null);
  });
  it('refuses http, other schemes, garbage, credentials in the URL', () => {
    assert.equal(endpointProblem('http://fcm.googleapis.com/fcm/send/abc', false), 'push_endpoint_not_https');
    assert.equal(endpointProblem('ftp://fcm.googleapis.com/x', false), 'push_endpoint_invalid');
    assert.equal(endpointProblem('not a url', false), 'push_endpoint_invalid');
    assert.equal(endpointProblem('https://user:pw@fcm.googleapis.com/x', false), 'push_endpoint_invalid');
  });
  it('refuses loopback, private, link-local and local names (no requests into our own network)', () => {
    for (const endpoint of ['https://127.0.0.1/push', 'https://10.1.2.3/push', 'https://192.168.0.5:8443/x', 'https://172.20.0.1/x', 'https://169.254.169.254/latest', 'https://[::1]/x', 'https://[fd00::1]/x', 'https://localhost/x', 'https://couch.internal/x', 'https://intranet/x', 'https://[::ffff:127.0.0.1]/x']) {
      assert.equal(endpointProblem(endpoint, false), 'push_endpoint_private', endpoint);
    }
  });
  it('the stand-in of tests is allowed only with PUSH_ALLOW_PRIVATE_ENDPOINTS', () => {
    assert.equal(endpointProblem('http://127.0.0.1:8123/push/a', true), null);
  });
});

const consultation = (over: Partial<Consultation> = {}): Consultation => ({
  id: 'p-1234567:consultation-1',
  patientId: 'p-1234567',
  doctorId: 'd-1234567',
  status: 'scheduled',
  specialty: 'oncology',
  slot: { start: '2026-12-12T07:00:00.000Z', end: '2026-12-12T07:30:00.000Z' },
  history: [],
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  ...over,
}) as unknown as Consultation;

describe('reminders a consultation needs', () => {
  it('scheduled two days ahead: the patient 24 h, 1 h, start; the doctor 1 h, start', () => {
    const planned = planReminders(consultation(), new Date('2026-12-10T07:00:00.000Z'));
    assert.deepEqual(planned.map((reminder) => `${reminder.role}:${reminder.kind}:${reminder.dueAt}`), [
      'patient:reminder_24h:2026-12-11T07:00:00.000Z',
      'patient:reminder_1h:2026-12-12T06:00:00.000Z',
      'patient:reminder_start:2026-12-12T07:00:00.000Z',
      'doctor:reminder_1h:2026-12-12T06:00:00.000Z',
      'doctor:reminder_start:2026-12-12T07:00:00.000Z',
    ]);
    // «через час» makes sense until the start; the 24 h one until the 1 h one takes over.
    assert.equal(planned[0]!.expiresAt, '2026-12-12T06:00:00.000Z');
    assert.equal(planned[1]!.expiresAt, '2026-12-12T07:00:00.000Z');
  });
  it('booked 30 minutes ahead: only «врач ждёт вас» at the start (no reminder right after «назначена»)', () => {
    const planned = planReminders(consultation(), new Date('2026-12-12T06:30:00.000Z'));
    assert.deepEqual(planned.map((reminder) => reminder.kind), ['reminder_start', 'reminder_start']);
  });
  it('nothing for a cancelled, finished or unscheduled consultation', () => {
    const at = new Date('2026-12-10T07:00:00.000Z');
    for (const status of ['cancelled', 'done', 'taken', 'held'] as const) assert.deepEqual(planReminders(consultation({ status }), at), []);
  });
  it('the time is in the id: a moved consultation gets other ids', () => {
    const at = new Date('2026-12-10T07:00:00.000Z');
    const before = planReminders(consultation(), at).map((reminder) => reminder.id);
    const after = planReminders(consultation({ slot: { start: '2026-12-12T09:00:00.000Z', end: '2026-12-12T09:30:00.000Z' } }), at).map((reminder) => reminder.id);
    assert.equal(before.filter((id) => after.includes(id)).length, 0);
  });
});

describe('what the lock screen shows', () => {
  const slot = { start: '2026-12-12T07:00:00.000Z', end: '2026-12-12T07:30:00.000Z' };
  it('the time in the patient zone with the zone named; nothing medical', () => {
    const text = pushText({ kind: 'scheduled', role: 'patient', consultationId: 'c', slot, tag: 't' }, 'ru', 'Asia/Vladivostok');
    assert.match(text, /12 декабря 2026/);
    assert.match(text, /17:00/);
    assert.match(text, /Владивосток, UTC\+10/);
    const oneHour = pushText({ kind: 'reminder_1h', role: 'patient', consultationId: 'c', slot, tag: 't' }, 'ru', 'Europe/Kaliningrad');
    assert.equal(oneHour, 'Через час консультация, в 09:00 (Калининград, UTC+2).');
  });
  it('an unknown kind (another module’s notice) still reads well', () => {
    assert.equal(pushText({ kind: 'something_new', role: 'patient', consultationId: 'c', tag: 't' }, 'ru', 'Europe/Moscow'), 'Новое уведомление.');
  });
  it('the ngsw payload opens the consultation (patient list, doctor page) and names the notification to mark read', () => {
    const patient = JSON.parse(ngswPayload({ kind: 'scheduled', role: 'patient', consultationId: 'p-1:consultation-1', notificationId: 'p-1:notice-9', slot, tag: 'tag1' }, 'ru', 'Europe/Moscow'));
    assert.equal(patient.notification.tag, 'tag1');
    assert.deepEqual(patient.notification.data.onActionClick.default, { operation: 'navigateLastFocusedOrOpen', url: '/consultations?c=p-1%3Aconsultation-1&notice=p-1%3Anotice-9' });
    const doctor = JSON.parse(ngswPayload({ kind: 'reminder_start', role: 'doctor', consultationId: 'p-1:consultation-1', slot, tag: 'tag2' }, 'en', 'Europe/Moscow'));
    assert.equal(doctor.notification.data.onActionClick.default.url, '/consultations/c/p-1%3Aconsultation-1');
    assert.equal(doctor.notification.body, 'A consultation starts now (10:00 (Moscow, UTC+3)).');
  });
});

describe('«Добавить в календарь»', () => {
  it('the event is in the patient zone with its VTIMEZONE, the right instant, no specialty', () => {
    const ics = consultationCalendar(consultation({ history: [{}, {}, {}] as never }), 'Asia/Kamchatka', 'ru');
    assert.match(ics, /BEGIN:VTIMEZONE\r\nTZID:Asia\/Kamchatka\r\n/);
    assert.match(ics, /TZOFFSETTO:\+1200/);
    // 07:00 UTC = 19:00 Kamchatka.
    assert.match(ics, /DTSTART;TZID=Asia\/Kamchatka:20261212T190000/);
    assert.match(ics, /DTEND;TZID=Asia\/Kamchatka:20261212T193000/);
    assert.match(ics, /UID:p-1234567:consultation-1@oblako/);
    assert.match(ics, /SEQUENCE:3/);
    assert.doesNotMatch(ics, /oncology/i);
  });
  it('a zone with daylight saving gets UTC times instead of a wrong fixed offset', () => {
    assert.equal(fixedOffsetZone('Europe/Berlin', Date.parse('2026-12-12T07:00:00Z')), null);
    const ics = consultationCalendar(consultation(), 'Europe/Berlin', 'en');
    assert.match(ics, /DTSTART:20261212T070000Z/);
  });
});
