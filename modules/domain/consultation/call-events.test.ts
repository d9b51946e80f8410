import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendCallEvents, callEventsBehind, callEventsChangeIssue, callEventsIssue, MAX_CALL_EVENTS, type ConsultationCallEvent } from './call-events';
import { callEventText } from './call-events-text';

const at = '2026-12-14T07:02:00.000Z';
const joined: ConsultationCallEvent = { kind: 'joined', role: 'patient', at };

describe('call events in the history', () => {
  it('only the server appends; devices neither add nor change nor remove', () => {
    assert.equal(callEventsChangeIssue([joined], [joined, { kind: 'left', role: 'patient', at }], 'system'), null);
    assert.equal(callEventsChangeIssue(undefined, undefined, 'patient'), null);
    assert.equal(callEventsChangeIssue([joined], [joined], 'doctor'), null);
    assert.deepEqual(callEventsChangeIssue([joined], [joined, { kind: 'ended', role: 'doctor', at, seconds: 9 }], 'doctor'), { code: 'history_actor_mismatch', field: 'callEvents' });
    assert.deepEqual(callEventsChangeIssue([joined], [], 'patient'), { code: 'history_actor_mismatch', field: 'callEvents' });
    assert.deepEqual(callEventsChangeIssue([joined], [{ ...joined, role: 'doctor' }], 'system'), { code: 'history_rewritten', field: 'callEvents' });
  });

  it('a copy from before the server\'s append is behind (a conflict), a changed one is not', () => {
    const left: ConsultationCallEvent = { kind: 'left', role: 'patient', at };
    assert.equal(callEventsBehind([joined, left], [joined]), true);
    assert.equal(callEventsBehind([joined, left], undefined), true);
    assert.equal(callEventsBehind([joined, left], [joined, left]), false);
    assert.equal(callEventsBehind([joined, left], [left]), false);
    assert.equal(callEventsBehind(undefined, undefined), false);
  });

  it('shape: known kinds and fields, whole counts, a cap', () => {
    assert.equal(callEventsIssue([joined, { kind: 'reconnected', role: 'patient', at, count: 3 }]), null);
    for (const bad of [[{ ...joined, kind: 'recorded' }], [{ ...joined, note: 'x' }], [{ ...joined, count: 1.5 }], [{ ...joined, at: 'now' }], {}]) {
      assert.deepEqual(callEventsIssue(bad), { code: 'invalid_value', field: 'callEvents' }, JSON.stringify(bad));
    }
    const full = Array.from({ length: MAX_CALL_EVENTS }, () => joined);
    assert.equal(appendCallEvents(full, [joined]).length, MAX_CALL_EVENTS);
  });

  it('reads in Russian with the time in the reader\'s zone, named', () => {
    assert.equal(callEventText(joined, 'Europe/Moscow', 'ru'), 'Пациент подключился к звонку · 10:02 (Москва, UTC+3)');
    assert.equal(callEventText({ kind: 'ended', role: 'doctor', at, seconds: 24 * 60 + 10 }, 'Asia/Vladivostok', 'ru'), 'Звонок длился 24 мин · 17:02 (Владивосток, UTC+10)');
    assert.match(callEventText({ kind: 'reconnected', role: 'patient', at, count: 1 }, 'Europe/Moscow', 'ru'), /^Связь восстановлена · /);
    assert.match(callEventText({ kind: 'reconnected', role: 'patient', at, count: 3 }, 'Europe/Moscow', 'ru'), /^Связь восстанавливалась 3 раза · /);
    assert.match(callEventText({ kind: 'audio_only', role: 'patient', at }, 'Europe/Moscow', 'ru'), /^Только звук: слабая связь \(у пациента\)/);
    assert.match(callEventText(joined, 'Europe/Moscow', 'en'), /^The patient joined the call · 10:02 \(Moscow, UTC\+3\)$/);
  });
});
