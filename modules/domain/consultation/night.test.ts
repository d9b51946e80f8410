import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isNightForPatient } from './night';

/** A 30-minute slot starting at `hh:mm` on a Moscow clock (UTC+3 all year). */
function moscowSlot(hhmm: string, minutes = 30) {
  const start = new Date(`2026-12-14T${hhmm}:00+03:00`);
  return { start: start.toISOString(), end: new Date(start.getTime() + minutes * 60_000).toISOString() };
}

describe('night slots: 22:00–07:00 on the patient’s clock', () => {
  it('one Moscow slot, four patients: Kaliningrad (−1 h), Moscow, Vladivostok (+7 h), Kamchatka (+9 h)', () => {
    const evening = moscowSlot('19:00'); // 18:00 Kaliningrad, 02:00 Vladivostok, 04:00 Kamchatka
    assert.equal(isNightForPatient(evening, 'Europe/Kaliningrad'), false);
    assert.equal(isNightForPatient(evening, 'Europe/Moscow'), false);
    assert.equal(isNightForPatient(evening, 'Asia/Vladivostok'), true);
    assert.equal(isNightForPatient(evening, 'Asia/Kamchatka'), true);

    const morning = moscowSlot('08:00'); // 07:00 Kaliningrad, 15:00 Vladivostok, 17:00 Kamchatka
    for (const zone of ['Europe/Kaliningrad', 'Europe/Moscow', 'Asia/Vladivostok', 'Asia/Kamchatka']) {
      assert.equal(isNightForPatient(morning, zone), false, zone);
    }

    const early = moscowSlot('07:30'); // 06:30 in Kaliningrad: still night there
    assert.equal(isNightForPatient(early, 'Europe/Kaliningrad'), true);
    assert.equal(isNightForPatient(early, 'Europe/Moscow'), false);

    const late = moscowSlot('14:00'); // 21:00 Vladivostok, 23:00 Kamchatka
    assert.equal(isNightForPatient(late, 'Asia/Vladivostok'), false);
    assert.equal(isNightForPatient(late, 'Asia/Kamchatka'), true);
  });

  it('the edges: a slot touching 22:00 or 07:00 from inside is night, one touching from outside is not', () => {
    assert.equal(isNightForPatient(moscowSlot('21:30'), 'Europe/Moscow'), false, '21:30–22:00 ends as the night begins');
    assert.equal(isNightForPatient(moscowSlot('21:30', 45), 'Europe/Moscow'), true, '21:30–22:15 runs into the night');
    assert.equal(isNightForPatient(moscowSlot('22:00'), 'Europe/Moscow'), true);
    assert.equal(isNightForPatient(moscowSlot('06:30'), 'Europe/Moscow'), true, '06:30–07:00 is before the morning');
    assert.equal(isNightForPatient(moscowSlot('07:00'), 'Europe/Moscow'), false);
    assert.equal(isNightForPatient(moscowSlot('00:00'), 'Europe/Moscow'), true);
  });
});
