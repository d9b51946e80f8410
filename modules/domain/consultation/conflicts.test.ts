import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyTransition, classifyWrite, isRefused, type TransitionRequest } from './classify';
import {
  bookingClaimOf,
  compareBookingClaims,
  resolveBookingClaims,
  resolveCancelVsReschedule,
  resolveConcurrentTake,
  resolveConsultationConflict,
  resolveDoubleBooking,
  type BookingClaim,
  type ConflictOutcome,
} from './conflicts';
import type { TransitionContext } from './transitions';
import type { Consultation, ConsultationActor } from './types';
import { DOCTOR_ID, OTHER_DOCTOR_ID, OTHER_SLOT, PATIENT_ID, SLOT, consultationIn, context, doctor, otherDoctor, patient } from './test-fixtures';

const LATER = '2026-12-07T08:00:00.000Z';

function step(consultation: Consultation, request: TransitionRequest, actor: ConsultationActor, overrides: Partial<TransitionContext> = {}): Consultation {
  const result = applyTransition(consultation, request, actor, context(overrides));
  if (isRefused(result)) throw new Error(`${request.transition}: ${JSON.stringify(result)}`);
  return result.consultation;
}

/** The merged version must be something the server accepts on top of its own version. */
function assertPushable(outcome: ConflictOutcome, remote: Consultation, actor: ConsultationActor): void {
  const result = classifyWrite(remote, outcome.merged, actor, context({ now: LATER }));
  assert.equal(isRefused(result), false, JSON.stringify(result));
}

describe('patient cancels offline while the doctor reschedules: the cancellation wins in either order', () => {
  const base = consultationIn('scheduled');
  const cancelled = step(base, { transition: 'cancel_by_patient', reason: 'Лечусь очно' }, patient);
  const rescheduled = step(base, { transition: 'reschedule', slot: OTHER_SLOT }, doctor, { now: LATER });

  it('the reschedule reached the server first: the cancel is replayed on top of it', () => {
    const outcome = resolveConsultationConflict(base, cancelled, rescheduled);
    assert.equal(outcome.rule, 'cancel_wins');
    assert.equal(outcome.merged.status, 'cancelled');
    assert.deepEqual(outcome.merged.cancellation, cancelled.cancellation);
    assert.deepEqual(outcome.merged.slot, OTHER_SLOT, 'the doctor’s change stays on record');
    assert.deepEqual(outcome.merged.history.map((entry) => entry.transition).slice(-2), ['reschedule', 'cancel_by_patient']);
    assert.deepEqual(outcome.dropped, []);
    assert.deepEqual(outcome.notices, [
      {
        kind: 'cancel_applied_over_reschedule', recipient: 'patient', userId: PATIENT_ID, consultationId: base.id, patientId: PATIENT_ID,
        transition: 'cancel_by_patient', slot: OTHER_SLOT, previousSlot: SLOT, delivery: 'local',
      },
      {
        kind: 'cancelled_by_patient', recipient: 'doctor', userId: DOCTOR_ID, consultationId: base.id, patientId: PATIENT_ID,
        transition: 'cancel_by_patient', slot: OTHER_SLOT, text: 'Лечусь очно', delivery: 'server',
      },
    ]);
    assertPushable(outcome, rescheduled, patient);
    const accepted = classifyWrite(rescheduled, outcome.merged, patient, context({ now: LATER }));
    assert.deepEqual(!isRefused(accepted) && accepted.notices.map((n) => [n.kind, n.userId]), [['cancelled_by_patient', DOCTOR_ID]], 'the server tells the doctor');
  });

  it('the cancel reached the server first: the reschedule is dropped and the doctor is told', () => {
    const outcome = resolveConsultationConflict(base, rescheduled, cancelled);
    assert.equal(outcome.rule, 'cancel_wins');
    assert.deepEqual(outcome.merged, cancelled);
    assert.deepEqual(outcome.applied, []);
    assert.deepEqual(outcome.dropped.map((entry) => entry.transition), ['reschedule']);
    assert.deepEqual(outcome.notices, [
      {
        kind: 'cancelled_before_your_change', recipient: 'doctor', userId: DOCTOR_ID, consultationId: base.id, patientId: PATIENT_ID,
        transition: 'reschedule', slot: OTHER_SLOT, text: 'Лечусь очно', delivery: 'local',
      },
    ]);
  });

  it('both orders end in the same state', () => {
    const one = resolveConsultationConflict(base, cancelled, rescheduled).merged;
    const other = resolveConsultationConflict(base, rescheduled, cancelled).merged;
    assert.equal(one.status, other.status);
    assert.deepEqual(one.cancellation, other.cancellation);
  });

  it('the named rule gives the same outcome as the handler, and stays out of cases it does not cover', () => {
    assert.deepEqual(resolveCancelVsReschedule(base, cancelled, rescheduled), resolveConsultationConflict(base, cancelled, rescheduled));
    const asked = step(base, { transition: 'request_other_time' }, patient);
    assert.equal(resolveCancelVsReschedule(base, asked, rescheduled), null);
  });

  it('a cancellation that arrives after the call started no longer applies, and the patient is told', () => {
    const started = step(base, { transition: 'start' }, doctor, { now: '2026-12-08T06:50:00.000Z' });
    const outcome = resolveConsultationConflict(base, cancelled, started);
    assert.equal(outcome.rule, 'server_wins');
    assert.deepEqual(outcome.merged, started);
    assert.deepEqual(outcome.notices.map((n) => [n.kind, n.userId, n.transition, n.delivery]), [['change_not_applied', PATIENT_ID, 'cancel_by_patient', 'local']]);
  });

  it('two cancellations: the first one stands and the second canceller is told', () => {
    const byDoctor = step(base, { transition: 'cancel_by_doctor', reason: 'Болезнь' }, doctor);
    const outcome = resolveConsultationConflict(base, cancelled, byDoctor);
    assert.equal(outcome.rule, 'cancel_wins');
    assert.deepEqual(outcome.merged, byDoctor);
    assert.deepEqual(outcome.notices.map((n) => [n.kind, n.userId, n.text]), [['cancelled_before_your_change', PATIENT_ID, 'Болезнь']]);
  });
});

describe('two doctors take one patient: the take committed first wins', () => {
  const base = consultationIn('ready');
  const takenByA = step(base, { transition: 'take' }, doctor);
  const scheduledByA = step(takenByA, { transition: 'schedule', slot: SLOT }, doctor);
  const takenByB = step(base, { transition: 'take' }, otherDoctor, { now: LATER });

  it('doctor A was offline and had already scheduled: B keeps the patient, A’s steps are dropped, A is told', () => {
    const outcome = resolveConsultationConflict(base, scheduledByA, takenByB);
    assert.equal(outcome.rule, 'first_committed_wins');
    assert.deepEqual(outcome.merged, takenByB);
    assert.deepEqual(outcome.dropped.map((entry) => entry.transition), ['take', 'schedule']);
    assert.deepEqual(outcome.notices, [
      { kind: 'taken_by_another_doctor', recipient: 'doctor', userId: DOCTOR_ID, consultationId: base.id, patientId: PATIENT_ID, transition: 'take', delivery: 'local' },
    ]);
  });

  it('the other way round A keeps the patient, however the device clocks compare', () => {
    const outcome = resolveConsultationConflict(base, takenByB, takenByA);
    assert.equal(outcome.rule, 'first_committed_wins');
    assert.equal(outcome.merged.doctorId, DOCTOR_ID);
    assert.equal(outcome.notices[0]?.userId, OTHER_DOCTOR_ID);
  });

  it('works without a common base (RxDB gives none for a document both sides wrote first)', () => {
    const outcome = resolveConcurrentTake(undefined, scheduledByA, takenByB);
    assert.equal(outcome?.merged.doctorId, OTHER_DOCTOR_ID);
  });

  it('one doctor on two devices: the take is not repeated, the schedule made offline is kept', () => {
    const takenOnPhone = step(base, { transition: 'take' }, doctor, { now: LATER });
    const outcome = resolveConsultationConflict(base, scheduledByA, takenOnPhone);
    assert.equal(outcome.rule, 'rebased');
    assert.equal(outcome.merged.status, 'scheduled');
    assert.equal(outcome.merged.takenAt, LATER, 'the server’s take stands');
    assert.deepEqual(outcome.merged.history.map((entry) => entry.transition), ['open', 'documents_ready', 'take', 'schedule']);
    assert.equal(resolveConcurrentTake(base, scheduledByA, takenOnPhone), null);
    const pushed = classifyWrite(takenOnPhone, outcome.merged, doctor, context({ now: LATER }));
    assert.deepEqual(!isRefused(pushed) && pushed.steps, ['schedule']);
  });
});

describe('the general rule: replay this device’s steps on the server’s version', () => {
  const base = consultationIn('scheduled');

  it('nothing done here: the server’s version is kept, nobody is told', () => {
    const remote = step(base, { transition: 'request_other_time', comment: 'Вечером' }, patient);
    assert.deepEqual(resolveConsultationConflict(base, base, remote), { rule: 'no_conflict', merged: remote, applied: [], dropped: [], notices: [] });
  });

  it('steps that still apply are kept on top (the patient’s open time request is not lost)', () => {
    const asked = step(base, { transition: 'request_other_time', comment: 'Вечером' }, patient);
    const moved = step(base, { transition: 'reschedule', slot: OTHER_SLOT }, doctor);
    const outcome = resolveConsultationConflict(base, moved, asked);
    assert.equal(outcome.rule, 'rebased');
    assert.deepEqual(outcome.merged.slot, OTHER_SLOT);
    assert.deepEqual(outcome.merged.timeRequest, asked.timeRequest, 'the doctor had not seen it: it stays open');
    assertPushable(outcome, asked, doctor);
  });

  it('steps that no longer apply are dropped and their author is told which one', () => {
    const released = step(base, { transition: 'release_slot' }, doctor);
    const asked = step(base, { transition: 'request_other_time' }, patient);
    const outcome = resolveConsultationConflict(base, asked, released);
    assert.equal(outcome.rule, 'server_wins');
    assert.deepEqual(outcome.merged, released);
    assert.deepEqual(outcome.notices.map((n) => [n.kind, n.recipient, n.userId, n.transition]), [['change_not_applied', 'patient', PATIENT_ID, 'request_other_time']]);
  });
});

describe('two bookings of one slot: the earliest bookedAt wins, then the smaller id', () => {
  const claim = (id: string, bookedAt: string | undefined, extra: Partial<BookingClaim> = {}): BookingClaim => {
    const result: BookingClaim = { consultationId: `${id}:c`, doctorId: DOCTOR_ID, patientId: id, ...SLOT, committed: false, ...extra };
    if (bookedAt !== undefined) result.bookedAt = bookedAt;
    return result;
  };
  const first = claim('bbbbbbbb-0000-4000-8000-000000000002', '2026-12-07T06:59:00.000Z');
  const second = claim('aaaaaaaa-0000-4000-8000-000000000001', '2026-12-07T07:00:00.000Z', { committed: true });

  it('the earlier booking keeps the slot, whichever arrived first', () => {
    for (const [a, b] of [[first, second], [second, first]] as const) {
      const resolution = resolveDoubleBooking(a, b);
      assert.deepEqual(resolution.kept, [first]);
      assert.deepEqual(resolution.displaced, [{ claim: second, by: first }]);
    }
  });
  it('a committed loser is released by the server (its patient was told the time); the doctor is told', () => {
    const resolution = resolveDoubleBooking(second, first);
    assert.deepEqual(resolution.release, [second.consultationId]);
    assert.deepEqual(resolution.notices, [
      { kind: 'slot_conflict', recipient: 'doctor', userId: DOCTOR_ID, consultationId: second.consultationId, patientId: second.patientId, slot: SLOT, otherConsultationId: first.consultationId, delivery: 'server' },
    ]);
    assert.deepEqual(resolveDoubleBooking(first, { ...second, committed: false }).release, [], 'an uncommitted loser is just refused');
  });
  it('the same bookedAt: the lexicographically smaller consultation id wins', () => {
    const at = '2026-12-07T07:00:00.000Z';
    const a = claim('aaaaaaaa-0000-4000-8000-000000000001', at);
    const b = claim('bbbbbbbb-0000-4000-8000-000000000002', at);
    assert.deepEqual(resolveDoubleBooking(b, a).kept, [a]);
    assert.equal(compareBookingClaims(a, b), -1);
    assert.equal(compareBookingClaims(a, a), 0);
  });
  it('a claim without bookedAt ranks last', () => {
    const undated = claim('aaaaaaaa-0000-4000-8000-000000000001', undefined);
    assert.deepEqual(resolveDoubleBooking(undated, first).kept, [first]);
  });
  it('overlaps of different lengths count; touching slots do not; the rule is applied greedily in priority order', () => {
    const a = claim('aaaaaaaa-0000-4000-8000-000000000001', '2026-12-07T06:00:00.000Z', { start: '2026-12-08T07:00:00.000Z', end: '2026-12-08T07:30:00.000Z' });
    const b = claim('bbbbbbbb-0000-4000-8000-000000000002', '2026-12-07T06:01:00.000Z', { start: '2026-12-08T07:15:00.000Z', end: '2026-12-08T07:45:00.000Z' });
    const c = claim('cccccccc-0000-4000-8000-000000000003', '2026-12-07T06:02:00.000Z', { start: '2026-12-08T07:30:00.000Z', end: '2026-12-08T08:00:00.000Z' });
    const resolution = resolveBookingClaims([c, b, a]);
    assert.deepEqual(resolution.kept.map((k) => k.patientId), [a.patientId, c.patientId]);
    assert.deepEqual(resolution.displaced.map((d) => [d.claim.patientId, d.by.patientId]), [[b.patientId, a.patientId]]);
  });
  it('bookingClaimOf reads a consultation’s claim', () => {
    const scheduled = consultationIn('scheduled');
    assert.deepEqual(bookingClaimOf(scheduled, true), {
      consultationId: scheduled.id, doctorId: DOCTOR_ID, patientId: PATIENT_ID, ...SLOT, committed: true, bookedAt: scheduled.bookedAt,
    });
    assert.equal(bookingClaimOf(consultationIn('taken'), true), null);
  });
});
