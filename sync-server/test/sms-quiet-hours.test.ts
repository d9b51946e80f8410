import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { afterQuietHours, smsNotBefore } from '../src/plugins/sms/quiet-hours';

describe('quiet hours across Russian zones (22:00–08:00 local: held until 08:00)', () => {
  // 2026-12-10 19:30 UTC is 21:30 Kaliningrad (+2), 22:30 Moscow (+3), 05:30 next day Vladivostok (+10), 07:30 Kamchatka (+12).
  const at = new Date('2026-12-10T19:30:00.000Z');
  it('Kaliningrad at 21:30: not quiet, sent now', () => {
    assert.equal(afterQuietHours(at, 'Europe/Kaliningrad').toISOString(), at.toISOString());
  });
  it('Moscow at 22:30: held until 08:00 Moscow next morning (05:00 UTC)', () => {
    assert.equal(afterQuietHours(at, 'Europe/Moscow').toISOString(), '2026-12-11T05:00:00.000Z');
  });
  it('Vladivostok at 05:30: held until 08:00 the same local morning (22:00 UTC)', () => {
    assert.equal(afterQuietHours(at, 'Asia/Vladivostok').toISOString(), '2026-12-10T22:00:00.000Z');
  });
  it('Kamchatka at 07:30: held half an hour, until 08:00 local (20:00 UTC)', () => {
    assert.equal(afterQuietHours(at, 'Asia/Kamchatka').toISOString(), '2026-12-10T20:00:00.000Z');
  });
  it('exactly 08:00 is morning, exactly 22:00 is night', () => {
    assert.equal(afterQuietHours(new Date('2026-12-10T05:00:00.000Z'), 'Europe/Moscow').toISOString(), '2026-12-10T05:00:00.000Z');
    assert.equal(afterQuietHours(new Date('2026-12-10T19:00:00.000Z'), 'Europe/Moscow').toISOString(), '2026-12-11T05:00:00.000Z');
  });
});

describe('news about a consultation starting soon is not held (starts before 10:00 local that morning)', () => {
  const at = new Date('2026-12-10T19:30:00.000Z'); // 22:30 Moscow, 05:30 Vladivostok, 07:30 Kamchatka, 21:30 Kaliningrad
  it('Moscow 22:30, moved to 09:30 tomorrow Moscow (06:30 UTC): sent now', () => {
    assert.equal(smsNotBefore(at, { timeZone: 'Europe/Moscow', startsAt: ['2026-12-11T06:30:00.000Z'] }).toISOString(), at.toISOString());
  });
  it('Moscow 22:30, scheduled for 10:00 tomorrow Moscow (07:00 UTC): held until 08:00 Moscow', () => {
    assert.equal(smsNotBefore(at, { timeZone: 'Europe/Moscow', startsAt: ['2026-12-11T07:00:00.000Z'] }).toISOString(), '2026-12-11T05:00:00.000Z');
  });
  it('a move counts both times: the old one (cancelled at 08:30) is soon, so the SMS goes now', () => {
    const startsAt = ['2026-12-12T07:00:00.000Z', '2026-12-11T05:30:00.000Z'];
    assert.equal(smsNotBefore(at, { timeZone: 'Europe/Moscow', startsAt }).toISOString(), at.toISOString());
  });
  it('Vladivostok 05:30, consultation at 09:00 local (23:00 UTC): sent now; at 12:00 local: held until 08:00', () => {
    assert.equal(smsNotBefore(at, { timeZone: 'Asia/Vladivostok', startsAt: ['2026-12-10T23:00:00.000Z'] }).toISOString(), at.toISOString());
    assert.equal(smsNotBefore(at, { timeZone: 'Asia/Vladivostok', startsAt: ['2026-12-11T02:00:00.000Z'] }).toISOString(), '2026-12-10T22:00:00.000Z');
  });
  it('Kamchatka 07:30, a consultation the day after: held half an hour', () => {
    assert.equal(smsNotBefore(at, { timeZone: 'Asia/Kamchatka', startsAt: ['2026-12-12T00:00:00.000Z'] }).toISOString(), '2026-12-10T20:00:00.000Z');
  });
  it('Kaliningrad 21:30 is daytime: sent now whatever the start', () => {
    assert.equal(smsNotBefore(at, { timeZone: 'Europe/Kaliningrad', startsAt: ['2026-12-20T10:00:00.000Z'] }).toISOString(), at.toISOString());
  });
  it('a start already past does not make news urgent; no start at all: held', () => {
    assert.equal(smsNotBefore(at, { timeZone: 'Europe/Moscow', startsAt: ['2026-12-10T10:00:00.000Z'] }).toISOString(), '2026-12-11T05:00:00.000Z');
    assert.equal(smsNotBefore(at, { timeZone: 'Europe/Moscow' }).toISOString(), '2026-12-11T05:00:00.000Z');
  });
});
