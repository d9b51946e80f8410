/**
 * Shared fixtures of the consultation tests (not part of the public face): people, a doctor's
 * calendar in Moscow, and consultations walked to every state through applyTransition, so the
 * fixtures are valid by construction.
 */
import { applyTransition, isRefused, type TransitionRequest } from './classify';
import type { DoctorCalendar } from './calendar';
import type { PatientReadiness } from './readiness';
import type { TransitionContext } from './transitions';
import { SYSTEM_ACTOR_ID, type Consultation, type ConsultationActor, type ConsultationStatus, type Slot } from './types';

export const PATIENT_ID = 'aaaaaaaa-0000-4000-8000-000000000001';
export const OTHER_PATIENT_ID = 'bbbbbbbb-0000-4000-8000-000000000002';
export const DOCTOR_ID = 'dddddddd-0000-4000-8000-000000000004';
export const OTHER_DOCTOR_ID = 'dddddddd-0000-4000-8000-000000000005';
export const MANAGER_ID = 'eeeeeeee-0000-4000-8000-000000000006';
export const ADMIN_ID = 'ffffffff-0000-4000-8000-000000000007';
export const CONSULTATION_ID = `${PATIENT_ID}:c-1`;

export const patient: ConsultationActor = { id: PATIENT_ID, role: 'patient' };
export const otherPatient: ConsultationActor = { id: OTHER_PATIENT_ID, role: 'patient' };
export const doctor: ConsultationActor = { id: DOCTOR_ID, role: 'doctor' };
export const otherDoctor: ConsultationActor = { id: OTHER_DOCTOR_ID, role: 'doctor' };
export const manager: ConsultationActor = { id: MANAGER_ID, role: 'manager' };
export const admin: ConsultationActor = { id: ADMIN_ID, role: 'admin' };
export const system: ConsultationActor = { id: SYSTEM_ACTOR_ID, role: 'system' };

/** Mon–Fri 09:00–13:00 and 14:00–18:00 Moscow time, 30-minute slots. */
export const moscowCalendar: DoctorCalendar = {
  timeZone: 'Europe/Moscow',
  slotMinutes: 30,
  week: {
    mon: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
    tue: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
    wed: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
    thu: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
    fri: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
  },
};

/** Monday 7 December 2026, 10:00 in Moscow. */
export const NOW = '2026-12-07T07:00:00.000Z';
/** Tuesday 8 December 2026, 10:00–10:30 in Moscow (17:00–17:30 in Vladivostok). */
export const SLOT: Slot = { start: '2026-12-08T07:00:00.000Z', end: '2026-12-08T07:30:00.000Z' };
/** Tuesday 8 December 2026, 11:00–11:30 in Moscow. */
export const OTHER_SLOT: Slot = { start: '2026-12-08T08:00:00.000Z', end: '2026-12-08T08:30:00.000Z' };

export const READY: PatientReadiness = { ready: true, missing: [], pending: [], counts: { conclusion: 1, examination: 1 } };
export const NOT_READY: PatientReadiness = { ready: false, missing: ['examination'], pending: [], counts: { conclusion: 1, examination: 0 } };

export function context(overrides: Partial<TransitionContext> = {}): TransitionContext {
  return {
    now: NOW,
    readiness: READY,
    calendar: moscowCalendar,
    bookings: [],
    isDoctor: (id) => id === DOCTOR_ID || id === OTHER_DOCTOR_ID,
    ...overrides,
  };
}

/** Applies the steps in order; fails the test (throws) when one is refused. */
export function walk(
  start: Consultation | null,
  steps: readonly [TransitionRequest, ConsultationActor, Partial<TransitionContext>?][],
): Consultation {
  let current = start;
  for (const [request, actor, overrides] of steps) {
    const result = applyTransition(current, request, actor, context(overrides));
    if (isRefused(result)) throw new Error(`${request.transition} by ${actor.role} refused: ${JSON.stringify(result)}`);
    current = result.consultation;
  }
  if (!current) throw new Error('no steps');
  return current;
}

const OPEN: TransitionRequest = { transition: 'open', id: CONSULTATION_ID, patientId: PATIENT_ID, specialty: 'Кардиология' };
const IN_CALL = { now: '2026-12-08T07:05:00.000Z' };

const walked = new Map<ConsultationStatus, string>();

/** A consultation of PATIENT_ID in the given state, taken (where it applies) by DOCTOR_ID at SLOT. A fresh copy each time. */
export function consultationIn(status: ConsultationStatus): Consultation {
  let json = walked.get(status);
  if (json === undefined) {
    json = JSON.stringify(walkTo(status));
    walked.set(status, json);
  }
  return JSON.parse(json) as Consultation;
}

function walkTo(status: ConsultationStatus): Consultation {
  const steps: [TransitionRequest, ConsultationActor, Partial<TransitionContext>?][] = [[OPEN, patient]];
  const path: Record<ConsultationStatus, [TransitionRequest, ConsultationActor, Partial<TransitionContext>?][]> = {
    awaiting_documents: [],
    ready: [[{ transition: 'documents_ready' }, patient]],
    taken: [[{ transition: 'documents_ready' }, patient], [{ transition: 'take' }, doctor]],
    documents_requested: [
      [{ transition: 'documents_ready' }, patient],
      [{ transition: 'take' }, doctor],
      [{ transition: 'request_documents', comment: 'Загрузите свежий анализ крови' }, doctor],
    ],
    scheduled: [
      [{ transition: 'documents_ready' }, patient],
      [{ transition: 'take' }, doctor],
      [{ transition: 'schedule', slot: SLOT }, doctor],
    ],
    in_progress: [
      [{ transition: 'documents_ready' }, patient],
      [{ transition: 'take' }, doctor],
      [{ transition: 'schedule', slot: SLOT }, doctor],
      [{ transition: 'start' }, doctor, IN_CALL],
    ],
    held: [
      [{ transition: 'documents_ready' }, patient],
      [{ transition: 'take' }, doctor],
      [{ transition: 'schedule', slot: SLOT }, doctor],
      [{ transition: 'start' }, doctor, IN_CALL],
      [{ transition: 'complete' }, doctor, IN_CALL],
    ],
    done: [
      [{ transition: 'documents_ready' }, patient],
      [{ transition: 'take' }, doctor],
      [{ transition: 'schedule', slot: SLOT }, doctor],
      [{ transition: 'start' }, doctor, IN_CALL],
      [{ transition: 'complete' }, doctor, IN_CALL],
      [{ transition: 'issue_conclusion', conclusionId: `${PATIENT_ID}:conclusion-1` }, doctor, IN_CALL],
    ],
    cancelled: [
      [{ transition: 'documents_ready' }, patient],
      [{ transition: 'take' }, doctor],
      [{ transition: 'schedule', slot: SLOT }, doctor],
      [{ transition: 'cancel_by_patient', reason: 'Заболел' }, patient],
    ],
  };
  return walk(null, [...steps, ...path[status]]);
}
