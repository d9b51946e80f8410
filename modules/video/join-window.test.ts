import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { utcOfWallTime } from '@oblako/domain';

/** UTC of a wall time `HH:MM` on a date `YYYY-MM-DD` in a zone. */
function wallTimeToUtc(date: string, time: string, zone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return new Date(utcOfWallTime({ year, month, day, hour, minute, second: 0 }, zone));
}
import { checkCallAccess, joinWindow } from './join-window';
import { videoErrorMessage } from './messages';

const patient = { id: 'patient-1', role: 'patient' as const };
const doctor = { id: 'doctor-1', role: 'doctor' as const };

/** A 30-minute slot at a wall time of a zone (how doctors book: their calendar's zone). */
function slotAt(zone: string, date: string, time: string) {
  const start = wallTimeToUtc(date, time, zone);
  return { start: start.toISOString(), end: new Date(start.getTime() + 30 * 60_000).toISOString() };
}

const scheduled = (slot: { start: string; end: string }) => ({ patientId: patient.id, doctorId: doctor.id, status: 'scheduled' as const, slot });
const at = (iso: string, deltaMs = 0) => new Date(Date.parse(iso) + deltaMs);

describe('join window: slot start − 15 min … slot end + 30 min, both edges included', () => {
  for (const [zone, label] of [
    ['Asia/Vladivostok', 'Владивосток, UTC+10'],
    ['Europe/Kaliningrad', 'Калининград, UTC+2'],
    ['Asia/Kamchatka', 'Камчатка, UTC+12'],
    ['Europe/Berlin', 'Berlin'],
  ] as const) {
    it(`${zone}: 10:00 local slot opens at 09:45 local and closes at 11:00 local`, () => {
      const slot = slotAt(zone, '2026-12-14', '10:00');
      const window = joinWindow(slot);
      assert.equal(window.opensAt, wallTimeToUtc('2026-12-14', '09:45', zone).toISOString());
      assert.equal(window.closesAt, wallTimeToUtc('2026-12-14', '11:00', zone).toISOString());
      const consultation = scheduled(slot);
      for (const who of [patient, doctor]) {
        assert.deepEqual(checkCallAccess(consultation, who, at(window.opensAt, -1)), { ok: false, status: 409, code: 'call_too_early', window });
        assert.equal(checkCallAccess(consultation, who, at(window.opensAt)).ok, true);
        assert.equal(checkCallAccess(consultation, who, at(window.closesAt)).ok, true);
        assert.deepEqual(checkCallAccess(consultation, who, at(window.closesAt, 1)), { ok: false, status: 409, code: 'call_too_late', window });
      }
      // The person reads the opening time in their own zone, the zone named.
      const early = videoErrorMessage('call_too_early', 'ru', window, zone);
      assert.match(early, /^Подключиться можно с 14 декабря 2026, 09:45 /);
      assert.ok(early.includes(label), early);
    });
  }

  it('a configured window is used', () => {
    const slot = slotAt('Europe/Moscow', '2026-12-14', '10:00');
    const window = joinWindow(slot, { beforeMinutes: 5, afterMinutes: 0 });
    assert.equal(window.opensAt, wallTimeToUtc('2026-12-14', '09:55', 'Europe/Moscow').toISOString());
    assert.equal(window.closesAt, slot.end);
    assert.equal(checkCallAccess(scheduled(slot), patient, at(slot.start, -6 * 60_000), { beforeMinutes: 5, afterMinutes: 0 }).ok, false);
  });
});

describe('who and when may join', () => {
  const slot = slotAt('Asia/Vladivostok', '2026-12-14', '10:00');
  const inside = at(slot.start);

  it('the patient and the doctor of the consultation, while scheduled or in progress', () => {
    assert.deepEqual(checkCallAccess(scheduled(slot), patient, inside), { ok: true, role: 'patient', window: joinWindow(slot) });
    assert.deepEqual(checkCallAccess({ ...scheduled(slot), status: 'in_progress' }, doctor, inside), { ok: true, role: 'doctor', window: joinWindow(slot) });
  });

  it('another patient, another doctor → 403; a manager or an admin → 403', () => {
    assert.deepEqual(checkCallAccess(scheduled(slot), { id: 'patient-2', role: 'patient' }, inside), { ok: false, status: 403, code: 'call_not_your_consultation' });
    assert.deepEqual(checkCallAccess(scheduled(slot), { id: 'doctor-2', role: 'doctor' }, inside), { ok: false, status: 403, code: 'call_not_your_consultation' });
    for (const role of ['manager', 'admin'] as const) {
      assert.deepEqual(checkCallAccess(scheduled(slot), { id: 'x', role }, inside), { ok: false, status: 403, code: 'call_role_not_allowed' });
    }
  });

  it('cancelled → 409, held or done → 409, not yet scheduled → 409', () => {
    assert.deepEqual(checkCallAccess({ ...scheduled(slot), status: 'cancelled' }, patient, inside), { ok: false, status: 409, code: 'call_consultation_cancelled' });
    for (const status of ['held', 'done'] as const) {
      assert.deepEqual(checkCallAccess({ ...scheduled(slot), status }, doctor, inside), { ok: false, status: 409, code: 'call_consultation_finished' });
    }
    assert.deepEqual(checkCallAccess({ patientId: patient.id, doctorId: doctor.id, status: 'taken' }, patient, inside), { ok: false, status: 409, code: 'call_not_scheduled' });
  });
});
