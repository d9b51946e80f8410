import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allowedTransitions, applyTransition, classifyWrite, draftTransition, isRefused, type TransitionRequest } from './classify';
import { TRANSITIONS, type TransitionContext } from './transitions';
import { CONSULTATION_STATUSES, TRANSITION_NAMES, type ConsultationActor, type ConsultationStatus, type TransitionName } from './types';
import {
  CONSULTATION_ID,
  DOCTOR_ID,
  MANAGER_ID,
  NOT_READY,
  NOW,
  OTHER_DOCTOR_ID,
  OTHER_SLOT,
  PATIENT_ID,
  SLOT,
  admin,
  consultationIn,
  context,
  doctor,
  manager,
  otherDoctor,
  otherPatient,
  patient,
  system,
} from './test-fixtures';

/**
 * Who may do what, written out by hand (not read from TRANSITIONS), so a change of the state
 * machine shows up here as a deliberate edit.
 */
const EXPECTED: Record<Exclude<TransitionName, 'open'>, { from: ConsultationStatus[]; roles: string[] }> = {
  documents_ready: { from: ['awaiting_documents'], roles: ['patient', 'system'] },
  documents_withdrawn: { from: ['ready'], roles: ['patient', 'system'] },
  take: { from: ['ready'], roles: ['doctor'] },
  request_documents: { from: ['taken'], roles: ['doctor'] },
  documents_provided: { from: ['documents_requested'], roles: ['patient', 'system'] },
  schedule: { from: ['taken', 'documents_requested'], roles: ['doctor'] },
  reschedule: { from: ['scheduled'], roles: ['doctor'] },
  request_other_time: { from: ['scheduled'], roles: ['patient'] },
  cancel_by_patient: { from: ['awaiting_documents', 'ready', 'taken', 'documents_requested', 'scheduled'], roles: ['patient'] },
  cancel_by_doctor: { from: ['taken', 'documents_requested', 'scheduled'], roles: ['doctor'] },
  cancel_by_manager: { from: ['awaiting_documents', 'ready', 'taken', 'documents_requested', 'scheduled'], roles: ['manager'] },
  start: { from: ['scheduled'], roles: ['doctor'] },
  complete: { from: ['scheduled', 'in_progress'], roles: ['doctor'] },
  issue_conclusion: { from: ['held'], roles: ['doctor'] },
  reassign: { from: ['ready', 'taken', 'documents_requested', 'scheduled'], roles: ['manager'] },
  release_slot: { from: ['scheduled'], roles: ['doctor', 'system'] },
};

const IN_CALL = '2026-12-08T07:05:00.000Z';

/** A request and a context under which the step is fine whenever the state and the party are. */
const ATTEMPTS: Record<Exclude<TransitionName, 'open'>, { request: TransitionRequest; context?: Partial<TransitionContext> }> = {
  documents_ready: { request: { transition: 'documents_ready' } },
  documents_withdrawn: { request: { transition: 'documents_withdrawn' }, context: { readiness: NOT_READY } },
  take: { request: { transition: 'take' } },
  request_documents: { request: { transition: 'request_documents', comment: 'Нужна выписка из стационара' } },
  documents_provided: { request: { transition: 'documents_provided' } },
  schedule: { request: { transition: 'schedule', slot: SLOT } },
  reschedule: { request: { transition: 'reschedule', slot: OTHER_SLOT } },
  request_other_time: { request: { transition: 'request_other_time', comment: 'После 15:00 по Владивостоку' } },
  cancel_by_patient: { request: { transition: 'cancel_by_patient' } },
  cancel_by_doctor: { request: { transition: 'cancel_by_doctor', reason: 'Командировка' } },
  cancel_by_manager: { request: { transition: 'cancel_by_manager', reason: 'Пациент позвонил и отказался' } },
  start: { request: { transition: 'start' }, context: { now: IN_CALL } },
  complete: { request: { transition: 'complete' }, context: { now: IN_CALL } },
  issue_conclusion: { request: { transition: 'issue_conclusion', conclusionId: `${PATIENT_ID}:conclusion-1` }, context: { now: IN_CALL } },
  reassign: { request: { transition: 'reassign', doctorId: OTHER_DOCTOR_ID } },
  release_slot: { request: { transition: 'release_slot' } },
};

const ACTORS: { label: string; actor: ConsultationActor }[] = [
  { label: 'own patient', actor: patient },
  { label: 'another patient', actor: otherPatient },
  { label: 'the doctor who took it', actor: doctor },
  { label: 'another doctor', actor: otherDoctor },
  { label: 'a manager', actor: manager },
  { label: 'an admin', actor: admin },
  { label: 'the server', actor: system },
];

function expectedOutcome(name: Exclude<TransitionName, 'open'>, state: ConsultationStatus, actor: ConsultationActor): string {
  const rule = EXPECTED[name];
  if (!rule.from.includes(state)) return 'invalid_transition';
  if (!rule.roles.includes(actor.role)) return 'role_not_allowed';
  if (actor.role === 'patient' && actor.id !== PATIENT_ID) return 'not_your_consultation';
  // Before a take nobody is "the doctor who took it"; a take itself is open to any doctor.
  if (actor.role === 'doctor' && name !== 'take' && actor.id !== DOCTOR_ID) return 'not_your_consultation';
  return 'accepted';
}

function attempt(name: Exclude<TransitionName, 'open'>, state: ConsultationStatus, actor: ConsultationActor): string {
  const before = consultationIn(state);
  const { request, context: overrides } = ATTEMPTS[name];
  const ctx = context(overrides);
  const after = draftTransition(before, request, actor, ctx.now);
  const result = classifyWrite(before, after, actor, ctx);
  return isRefused(result) ? result.error : 'accepted';
}

describe('every transition × every state × every role', () => {
  it('the hand-written table matches the definition', () => {
    for (const name of Object.keys(EXPECTED) as (keyof typeof EXPECTED)[]) {
      assert.deepEqual([...TRANSITIONS[name].from].sort(), [...EXPECTED[name].from].sort(), name);
      assert.deepEqual([...TRANSITIONS[name].roles].sort(), [...EXPECTED[name].roles].sort(), name);
    }
    assert.deepEqual(Object.keys(TRANSITIONS).sort(), [...TRANSITION_NAMES].sort());
  });

  for (const name of Object.keys(EXPECTED) as (keyof typeof EXPECTED)[]) {
    it(`${name}: allowed exactly where the table says, refused with the right code elsewhere`, () => {
      for (const state of CONSULTATION_STATUSES) {
        for (const { label, actor } of ACTORS) {
          assert.equal(attempt(name, state, actor), expectedOutcome(name, state, actor), `${name} from ${state} by ${label}`);
        }
      }
    });
  }
});

describe('opening a consultation', () => {
  const open = (patientId: string): TransitionRequest => ({ transition: 'open', id: `${patientId}:c-9`, patientId, specialty: 'Неврология' });

  it('a patient opens their own; a manager and the server open anyone’s', () => {
    for (const actor of [patient, manager, system]) {
      const result = applyTransition(null, open(PATIENT_ID), actor, context());
      assert.equal(isRefused(result), false, actor.role);
    }
  });
  it('a patient cannot open one for someone else; doctors and admins cannot open any', () => {
    assert.deepEqual(applyTransition(null, open(PATIENT_ID), otherPatient, context()), { error: 'not_your_consultation', field: 'patientId', transition: 'open' });
    assert.equal((applyTransition(null, open(PATIENT_ID), doctor, context()) as { error: string }).error, 'role_not_allowed');
    assert.equal((applyTransition(null, open(PATIENT_ID), admin, context()) as { error: string }).error, 'role_not_allowed');
  });
  it('a new consultation must start with `open`', () => {
    const opened = consultationIn('awaiting_documents');
    const forged = { ...opened, history: [{ ...opened.history[0]!, transition: 'take' as const }] };
    assert.deepEqual(classifyWrite(null, forged, patient, context()), { error: 'invalid_transition', field: 'status', transition: 'take' });
  });
  it('opening and marking ready in one offline write works only with complete documents', () => {
    const opened = draftTransition(null, open(PATIENT_ID), patient, NOW);
    const ready = draftTransition(opened, { transition: 'documents_ready' }, patient, NOW);
    assert.deepEqual(classifyWrite(null, ready, patient, context()), { transition: 'documents_ready', steps: ['open', 'documents_ready'], notices: [] });
    assert.equal((classifyWrite(null, ready, patient, context({ readiness: NOT_READY })) as { error: string }).error, 'patient_not_ready');
  });
});

describe('readiness gate', () => {
  it('documents_ready needs the readiness in the context and complete documents', () => {
    const before = consultationIn('awaiting_documents');
    const after = draftTransition(before, { transition: 'documents_ready' }, system, NOW);
    assert.equal((classifyWrite(before, after, system, context({ readiness: NOT_READY })) as { error: string }).error, 'patient_not_ready');
    const { readiness: _, ...withoutReadiness } = context();
    assert.equal((classifyWrite(before, after, system, withoutReadiness) as { error: string }).error, 'context_missing');
  });
  it('documents_withdrawn only when the documents really are incomplete', () => {
    const before = consultationIn('ready');
    const after = draftTransition(before, { transition: 'documents_withdrawn' }, system, NOW);
    assert.equal((classifyWrite(before, after, system, context()) as { error: string }).error, 'documents_still_complete');
    assert.equal(after.readyAt, undefined);
  });
  it('scheduling a patient who is not ready is refused', () => {
    const before = consultationIn('taken');
    const result = applyTransition(before, { transition: 'schedule', slot: SLOT }, doctor, context({ readiness: NOT_READY }));
    assert.deepEqual(result, { error: 'patient_not_ready', transition: 'schedule' });
  });
});

describe('taking a patient', () => {
  it('sets the doctor and the time; a second take is refused by the state', () => {
    const taken = consultationIn('taken');
    assert.equal(taken.doctorId, DOCTOR_ID);
    assert.equal(taken.takenAt, NOW);
    const again = draftTransition(taken, { transition: 'take' }, otherDoctor, NOW);
    assert.deepEqual(classifyWrite(taken, again, otherDoctor, context()), { error: 'invalid_transition', field: 'status', transition: 'take' });
  });
  it('a doctor cannot take a patient in someone else’s name', () => {
    const ready = consultationIn('ready');
    const forged = { ...draftTransition(ready, { transition: 'take' }, doctor, NOW), doctorId: OTHER_DOCTOR_ID };
    assert.deepEqual(classifyWrite(ready, forged, doctor, context()), { error: 'invalid_value', field: 'doctorId', transition: 'take' });
  });
  it('the taker\'s name rides along (for the patient offline); a reassignment replaces it, never keeps the old one', () => {
    const taken = applyTransition(consultationIn('ready'), { transition: 'take', doctorName: 'Смирнов А. В.' }, doctor, context());
    if (isRefused(taken)) return assert.fail(JSON.stringify(taken));
    assert.equal(taken.consultation.doctorName, 'Смирнов А. В.');
    const moved = applyTransition(taken.consultation, { transition: 'reassign', doctorId: OTHER_DOCTOR_ID, doctorName: 'Орлова Е. Н.' }, manager, context());
    if (isRefused(moved)) return assert.fail(JSON.stringify(moved));
    assert.equal(moved.consultation.doctorName, 'Орлова Е. Н.');
    const unnamed = applyTransition(taken.consultation, { transition: 'reassign', doctorId: OTHER_DOCTOR_ID }, manager, context());
    if (isRefused(unnamed)) return assert.fail(JSON.stringify(unnamed));
    assert.equal(unnamed.consultation.doctorName, undefined);
    const renamed = { ...taken.consultation, doctorName: 'Другое имя' };
    assert.deepEqual(classifyWrite(taken.consultation, renamed, doctor, context()), { error: 'no_transition', field: 'doctorName' });
    assert.deepEqual(classifyWrite(taken.consultation, { ...taken.consultation, doctorName: 'x'.repeat(201) }, doctor, context()), { error: 'invalid_value', field: 'doctorName' });
  });
  it('take and schedule made offline arrive as one write of two steps', () => {
    const ready = consultationIn('ready');
    const taken = draftTransition(ready, { transition: 'take' }, doctor, NOW);
    const scheduled = draftTransition(taken, { transition: 'schedule', slot: SLOT }, doctor, NOW);
    const result = classifyWrite(ready, scheduled, doctor, context());
    assert.equal(isRefused(result), false);
    if (isRefused(result)) return;
    assert.deepEqual(result.steps, ['take', 'schedule']);
    assert.deepEqual(result.notices.map((n) => [n.kind, n.userId]), [['scheduled', PATIENT_ID]]);
  });
});

describe('scheduling', () => {
  const taken = consultationIn('taken');
  const schedule = (slot: typeof SLOT, overrides: Partial<TransitionContext> = {}) =>
    applyTransition(taken, { transition: 'schedule', slot }, doctor, context(overrides));

  it('books the slot, records when, and tells the patient with the time', () => {
    const result = schedule(SLOT);
    assert.equal(isRefused(result), false);
    if (isRefused(result)) return;
    assert.deepEqual(result.consultation.slot, SLOT);
    assert.equal(result.consultation.bookedAt, NOW);
    assert.equal(result.consultation.firstScheduledAt, NOW);
    assert.deepEqual(result.notices, [
      { kind: 'scheduled', recipient: 'patient', userId: PATIENT_ID, consultationId: CONSULTATION_ID, patientId: PATIENT_ID, transition: 'schedule', slot: SLOT, delivery: 'server' },
    ]);
  });
  it('refuses the past, outside working hours, off the grid and over another booking', () => {
    assert.deepEqual(schedule({ start: '2026-12-07T06:00:00.000Z', end: '2026-12-07T06:30:00.000Z' }), { error: 'in_past', field: 'slot', transition: 'schedule' });
    // 13:00–13:30 Moscow is the lunch break; Saturday is not a working day.
    assert.deepEqual(schedule({ start: '2026-12-08T10:00:00.000Z', end: '2026-12-08T10:30:00.000Z' }), { error: 'outside_working_hours', field: 'slot', transition: 'schedule' });
    assert.deepEqual(schedule({ start: '2026-12-12T07:00:00.000Z', end: '2026-12-12T07:30:00.000Z' }), { error: 'outside_working_hours', field: 'slot', transition: 'schedule' });
    assert.deepEqual(schedule({ start: '2026-12-08T07:10:00.000Z', end: '2026-12-08T07:40:00.000Z' }), { error: 'not_slot_aligned', field: 'slot', transition: 'schedule' });
    assert.deepEqual(schedule({ start: '2026-12-08T07:00:00.000Z', end: '2026-12-08T08:00:00.000Z' }), { error: 'not_slot_aligned', field: 'slot', transition: 'schedule' });
    const busy = [{ consultationId: `${PATIENT_ID}:other`, ...SLOT, bookedAt: NOW }];
    assert.deepEqual(schedule(SLOT, { bookings: busy }), { error: 'overlaps_booking', field: 'slot', transition: 'schedule' });
  });
  it('needs the calendar and the bookings (the server must load them)', () => {
    assert.deepEqual(schedule(SLOT, { calendar: undefined }), { error: 'context_missing', field: 'slot', transition: 'schedule' });
    assert.deepEqual(schedule(SLOT, { bookings: undefined }), { error: 'context_missing', field: 'slot', transition: 'schedule' });
  });
  it('a slot in a non-canonical spelling is refused (equal times must be equal strings)', () => {
    assert.deepEqual(schedule({ start: '2026-12-08T10:00:00+03:00', end: '2026-12-08T10:30:00+03:00' }), { error: 'invalid_value', field: 'slot' });
  });
  it('rescheduling: a different slot, the previous time in the notice, the time request answered', () => {
    const scheduled = consultationIn('scheduled');
    const asked = applyTransition(scheduled, { transition: 'request_other_time', comment: 'Можно позже?' }, patient, context());
    if (isRefused(asked)) return assert.fail(JSON.stringify(asked));
    assert.deepEqual(asked.notices.map((n) => [n.kind, n.userId, n.text]), [['other_time_requested', DOCTOR_ID, 'Можно позже?']]);
    const moved = applyTransition(asked.consultation, { transition: 'reschedule', slot: OTHER_SLOT, reason: 'По просьбе пациента' }, doctor, context());
    if (isRefused(moved)) return assert.fail(JSON.stringify(moved));
    assert.equal(moved.consultation.timeRequest, undefined);
    assert.equal(moved.consultation.firstScheduledAt, NOW);
    assert.deepEqual(moved.notices[0], {
      kind: 'rescheduled', recipient: 'patient', userId: PATIENT_ID, consultationId: CONSULTATION_ID, patientId: PATIENT_ID,
      transition: 'reschedule', slot: OTHER_SLOT, previousSlot: SLOT, text: 'По просьбе пациента', delivery: 'server',
    });
    assert.deepEqual(applyTransition(scheduled, { transition: 'reschedule', slot: SLOT }, doctor, context()), { error: 'slot_unchanged', field: 'slot', transition: 'reschedule' });
  });
  it('the consultation’s own booking does not block its reschedule', () => {
    const scheduled = consultationIn('scheduled');
    const own = [{ consultationId: CONSULTATION_ID, ...SLOT }];
    const overlapping = { start: '2026-12-08T07:00:00.000Z', end: '2026-12-08T07:30:00.000Z' };
    const calendar15 = { ...context().calendar!, slotMinutes: 15 };
    const result = applyTransition(scheduled, { transition: 'reschedule', slot: { ...overlapping, end: '2026-12-08T07:15:00.000Z' } }, doctor, context({ bookings: own, calendar: calendar15 }));
    assert.equal(isRefused(result), false);
  });
  it('firstScheduledAt cannot be moved by a later schedule', () => {
    const released = applyTransition(consultationIn('scheduled'), { transition: 'release_slot' }, doctor, context());
    if (isRefused(released)) return assert.fail(JSON.stringify(released));
    const again = draftTransition(released.consultation, { transition: 'schedule', slot: OTHER_SLOT }, doctor, '2026-12-07T08:00:00.000Z');
    assert.equal(again.firstScheduledAt, NOW);
    const forged = { ...again, firstScheduledAt: '2026-12-07T08:00:00.000Z' };
    assert.deepEqual(classifyWrite(released.consultation, forged, doctor, context({ now: '2026-12-07T08:00:00.000Z' })), { error: 'invalid_value', field: 'firstScheduledAt', transition: 'schedule' });
  });
  it('a patient cannot ask for another time once the consultation time has come', () => {
    const result = applyTransition(consultationIn('scheduled'), { transition: 'request_other_time' }, patient, context({ now: SLOT.start }));
    assert.deepEqual(result, { error: 'too_late', field: 'slot', transition: 'request_other_time' });
  });
});

describe('cancelling', () => {
  it('the patient may cancel without a reason; the doctor is told', () => {
    const result = applyTransition(consultationIn('scheduled'), { transition: 'cancel_by_patient' }, patient, context());
    if (isRefused(result)) return assert.fail(JSON.stringify(result));
    assert.deepEqual(result.consultation.cancellation, { by: 'patient', actorId: PATIENT_ID, reason: '', at: NOW });
    assert.deepEqual(result.notices.map((n) => [n.kind, n.recipient, n.userId]), [['cancelled_by_patient', 'doctor', DOCTOR_ID]]);
  });
  it('a patient who cancels before any doctor took them tells nobody', () => {
    const result = applyTransition(consultationIn('ready'), { transition: 'cancel_by_patient' }, patient, context());
    if (isRefused(result)) return assert.fail(JSON.stringify(result));
    assert.deepEqual(result.notices, []);
  });
  it('the doctor and a manager must give a reason', () => {
    assert.deepEqual(applyTransition(consultationIn('scheduled'), { transition: 'cancel_by_doctor', reason: '  ' }, doctor, context()), {
      error: 'reason_required', field: 'cancellation.reason', transition: 'cancel_by_doctor',
    });
    assert.deepEqual(applyTransition(consultationIn('scheduled'), { transition: 'cancel_by_manager', reason: '' }, manager, context()), {
      error: 'reason_required', field: 'cancellation.reason', transition: 'cancel_by_manager',
    });
  });
  it('a doctor’s cancellation tells the patient and the managers', () => {
    const result = applyTransition(consultationIn('scheduled'), { transition: 'cancel_by_doctor', reason: 'Болезнь врача' }, doctor, context());
    if (isRefused(result)) return assert.fail(JSON.stringify(result));
    assert.deepEqual(result.notices.map((n) => [n.kind, n.recipient, n.userId, n.text]), [
      ['cancelled_by_doctor', 'patient', PATIENT_ID, 'Болезнь врача'],
      ['cancelled_by_doctor', 'managers', undefined, 'Болезнь врача'],
    ]);
  });
  it('a finished consultation cannot be cancelled by anyone', () => {
    for (const state of ['held', 'done', 'cancelled'] as const) {
      for (const [name, actor] of [['cancel_by_patient', patient], ['cancel_by_doctor', doctor], ['cancel_by_manager', manager]] as const) {
        const result = applyTransition(consultationIn(state), { transition: name, reason: 'x' }, actor, context());
        assert.equal((result as { error: string }).error, 'invalid_transition', `${name} from ${state}`);
      }
    }
  });
  it('a cancellation must be in the canceller’s own name', () => {
    const before = consultationIn('scheduled');
    const draft = draftTransition(before, { transition: 'cancel_by_patient' }, patient, NOW);
    const forged = { ...draft, cancellation: { ...draft.cancellation!, by: 'doctor' as const } };
    assert.deepEqual(classifyWrite(before, forged, patient, context()), { error: 'invalid_value', field: 'cancellation', transition: 'cancel_by_patient' });
  });
});

describe('the call and the conclusion', () => {
  it('the call opens at most 15 minutes early and is held only after its start', () => {
    const scheduled = consultationIn('scheduled');
    assert.deepEqual(applyTransition(scheduled, { transition: 'start' }, doctor, context({ now: '2026-12-08T06:44:00.000Z' })), { error: 'too_early', field: 'slot', transition: 'start' });
    assert.equal(isRefused(applyTransition(scheduled, { transition: 'start' }, doctor, context({ now: '2026-12-08T06:45:00.000Z' }))), false);
    assert.deepEqual(applyTransition(scheduled, { transition: 'complete' }, doctor, context({ now: '2026-12-08T06:59:00.000Z' })), { error: 'too_early', field: 'slot', transition: 'complete' });
  });
  it('a call opened early by agreement may end before the slot starts', () => {
    const started = applyTransition(consultationIn('scheduled'), { transition: 'start' }, doctor, context({ now: '2026-12-08T06:46:00.000Z' }));
    if (isRefused(started)) return assert.fail(JSON.stringify(started));
    const held = applyTransition(started.consultation, { transition: 'complete' }, doctor, context({ now: '2026-12-08T06:58:00.000Z' }));
    assert.equal(isRefused(held), false, JSON.stringify(held));
  });
  it('starting tells the patient; a call held outside the app can be marked held directly', () => {
    const started = applyTransition(consultationIn('scheduled'), { transition: 'start' }, doctor, context({ now: IN_CALL }));
    if (isRefused(started)) return assert.fail(JSON.stringify(started));
    assert.deepEqual(started.notices.map((n) => n.kind), ['call_started']);
    assert.equal(isRefused(applyTransition(consultationIn('scheduled'), { transition: 'complete' }, doctor, context({ now: IN_CALL }))), false);
  });
  it('the conclusion must be named; issuing it tells the patient', () => {
    assert.deepEqual(applyTransition(consultationIn('held'), { transition: 'issue_conclusion', conclusionId: '' }, doctor, context({ now: IN_CALL })), {
      error: 'conclusion_required', field: 'conclusionId', transition: 'issue_conclusion',
    });
    const done = consultationIn('done');
    assert.equal(done.conclusionId, `${PATIENT_ID}:conclusion-1`);
    assert.deepEqual(done.history.map((entry) => entry.transition), ['open', 'documents_ready', 'take', 'schedule', 'start', 'complete', 'issue_conclusion']);
  });
});

describe('reassignment by a manager', () => {
  it('moves the patient to another doctor, gives up the slot, tells all three', () => {
    const result = applyTransition(consultationIn('scheduled'), { transition: 'reassign', doctorId: OTHER_DOCTOR_ID, reason: 'Отпуск врача' }, manager, context());
    if (isRefused(result)) return assert.fail(JSON.stringify(result));
    assert.equal(result.consultation.status, 'taken');
    assert.equal(result.consultation.doctorId, OTHER_DOCTOR_ID);
    assert.equal(result.consultation.slot, undefined);
    assert.deepEqual(result.notices.map((n) => [n.kind, n.recipient, n.userId]), [
      ['doctor_changed', 'patient', PATIENT_ID],
      ['assigned', 'doctor', OTHER_DOCTOR_ID],
      ['unassigned', 'previous_doctor', DOCTOR_ID],
    ]);
    assert.deepEqual(result.notices[0]!.slot, SLOT, 'the patient is told which time is gone');
  });
  it('from the queue (no doctor yet) only the new doctor is told', () => {
    const result = applyTransition(consultationIn('ready'), { transition: 'reassign', doctorId: OTHER_DOCTOR_ID }, manager, context());
    if (isRefused(result)) return assert.fail(JSON.stringify(result));
    assert.deepEqual(result.notices.map((n) => [n.kind, n.userId]), [['assigned', OTHER_DOCTOR_ID]]);
  });
  it('refuses the same doctor, someone who is not a doctor, and a missing check', () => {
    const scheduled = consultationIn('scheduled');
    assert.deepEqual(applyTransition(scheduled, { transition: 'reassign', doctorId: DOCTOR_ID }, manager, context()), { error: 'same_doctor', field: 'doctorId', transition: 'reassign' });
    assert.deepEqual(applyTransition(scheduled, { transition: 'reassign', doctorId: MANAGER_ID }, manager, context()), { error: 'not_a_doctor', field: 'doctorId', transition: 'reassign' });
    assert.deepEqual(applyTransition(scheduled, { transition: 'reassign', doctorId: OTHER_DOCTOR_ID }, manager, context({ isDoctor: undefined })), {
      error: 'context_missing', field: 'doctorId', transition: 'reassign',
    });
  });
});

describe('forged writes over the sync endpoint', () => {
  const scheduled = consultationIn('scheduled');

  it('a patient cannot move the slot under cover of a time request', () => {
    const draft = draftTransition(scheduled, { transition: 'request_other_time' }, patient, NOW);
    assert.deepEqual(classifyWrite(scheduled, { ...draft, slot: OTHER_SLOT }, patient, context()), { error: 'field_not_allowed', field: 'slot' });
  });
  it('a patient cannot write a doctor’s step, even in the doctor’s name', () => {
    const asDoctor = draftTransition(scheduled, { transition: 'reschedule', slot: OTHER_SLOT }, doctor, NOW);
    assert.deepEqual(classifyWrite(scheduled, asDoctor, patient, context()), { error: 'history_actor_mismatch', field: 'history', transition: 'reschedule' });
    const asSelf = draftTransition(scheduled, { transition: 'reschedule', slot: OTHER_SLOT }, patient, NOW);
    assert.deepEqual(classifyWrite(scheduled, asSelf, patient, context()), { error: 'role_not_allowed', transition: 'reschedule' });
  });
  it('a change without a step is refused, naming the field', () => {
    assert.deepEqual(classifyWrite(scheduled, { ...scheduled, doctorId: OTHER_DOCTOR_ID }, patient, context()), { error: 'no_transition', field: 'doctorId' });
  });
  it('rewriting or dropping history is refused', () => {
    const rewritten = { ...scheduled, history: scheduled.history.map((entry, i) => (i === 0 ? { ...entry, at: '2026-01-01T00:00:00.000Z' } : entry)) };
    assert.deepEqual(classifyWrite(scheduled, rewritten, patient, context()), { error: 'history_rewritten', field: 'history' });
    assert.deepEqual(classifyWrite(scheduled, { ...scheduled, history: scheduled.history.slice(0, 2) }, patient, context()), { error: 'history_rewritten', field: 'history' });
  });
  it('immutable fields stay as opened', () => {
    const draft = draftTransition(scheduled, { transition: 'cancel_by_patient' }, patient, NOW);
    assert.deepEqual(classifyWrite(scheduled, { ...draft, specialty: 'Онкология' }, patient, context()), { error: 'immutable_field', field: 'specialty' });
    assert.deepEqual(classifyWrite(scheduled, { ...draft, createdAt: NOW.replace('07:00', '06:00') }, patient, context()), { error: 'immutable_field', field: 'createdAt' });
  });
  it('a step dated in the future beyond clock skew is refused', () => {
    const draft = draftTransition(scheduled, { transition: 'cancel_by_patient' }, patient, '2026-12-07T07:06:00.000Z');
    assert.deepEqual(classifyWrite(scheduled, draft, patient, context()), { error: 'history_time_invalid', field: 'history', transition: 'cancel_by_patient' });
    const withinSkew = draftTransition(scheduled, { transition: 'cancel_by_patient' }, patient, '2026-12-07T07:04:00.000Z');
    assert.equal(isRefused(classifyWrite(scheduled, withinSkew, patient, context())), false);
  });
  it('a step the state does not lead to, an unknown step, a deletion, unknown fields', () => {
    const draft = draftTransition(scheduled, { transition: 'cancel_by_patient' }, patient, NOW);
    assert.deepEqual(classifyWrite(scheduled, { ...draft, status: 'scheduled' }, patient, context()), { error: 'status_mismatch', field: 'status' });
    const unknown = { ...draft, history: [...scheduled.history, { ...draft.history.at(-1)!, transition: 'approve' }] };
    assert.deepEqual(classifyWrite(scheduled, unknown, patient, context()), { error: 'unknown_transition', field: 'history' });
    assert.deepEqual(classifyWrite(scheduled, null, patient, context()), { error: 'delete_not_allowed' });
    assert.deepEqual(classifyWrite(scheduled, { ...draft, paid: true }, patient, context()), { error: 'invalid_value', field: 'paid' });
  });
  it('a write that changes nothing is accepted as no transition', () => {
    assert.deepEqual(classifyWrite(scheduled, { ...scheduled }, patient, context()), { transition: null, steps: [], notices: [] });
  });
  it('more steps than a person could have made are refused', () => {
    let doc = scheduled;
    for (let i = 0; i < 11; i += 1) doc = draftTransition(doc, { transition: 'request_other_time', comment: String(i) }, patient, NOW);
    assert.deepEqual(classifyWrite(scheduled, doc, patient, context()), { error: 'invalid_value', field: 'history' });
  });
});

describe('allowedTransitions: what the PWA offers', () => {
  const names = (state: ConsultationStatus | null, actor: ConsultationActor, overrides: Partial<TransitionContext> = {}) =>
    allowedTransitions(state === null ? null : consultationIn(state), actor, context(overrides)).sort();

  it('no consultation yet: a patient or a manager may open one', () => {
    assert.deepEqual(names(null, patient), ['open']);
    assert.deepEqual(names(null, manager), ['open']);
    assert.deepEqual(names(null, doctor), []);
  });
  it('the patient', () => {
    assert.deepEqual(names('awaiting_documents', patient), ['cancel_by_patient', 'documents_ready']);
    assert.deepEqual(names('awaiting_documents', patient, { readiness: NOT_READY }), ['cancel_by_patient']);
    assert.deepEqual(names('scheduled', patient), ['cancel_by_patient', 'request_other_time']);
    assert.deepEqual(names('scheduled', otherPatient), []);
    assert.deepEqual(names('done', patient), []);
  });
  it('the doctors', () => {
    assert.deepEqual(names('ready', doctor), ['take']);
    assert.deepEqual(names('ready', otherDoctor), ['take']);
    assert.deepEqual(names('taken', doctor), ['cancel_by_doctor', 'request_documents', 'schedule']);
    assert.deepEqual(names('taken', doctor, { readiness: NOT_READY }), ['cancel_by_doctor', 'request_documents']);
    assert.deepEqual(names('taken', otherDoctor), []);
    assert.deepEqual(names('scheduled', doctor), ['cancel_by_doctor', 'release_slot', 'reschedule']);
    assert.deepEqual(names('scheduled', doctor, { now: IN_CALL }), ['cancel_by_doctor', 'complete', 'release_slot', 'reschedule', 'start']);
    assert.deepEqual(names('held', doctor), ['issue_conclusion']);
  });
  it('a manager and an admin', () => {
    assert.deepEqual(names('scheduled', manager), ['cancel_by_manager', 'reassign']);
    assert.deepEqual(names('in_progress', manager), []);
    assert.deepEqual(names('scheduled', admin), []);
  });
});
