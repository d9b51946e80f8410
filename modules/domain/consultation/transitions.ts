import { checkBooking, type DoctorCalendar } from './calendar';
import { instantMs, isIsoTime, type Instant } from './instant';
import type { NoticeRule } from './notices';
import type { PatientReadiness } from './readiness';
import type {
  ActorRole,
  Booking,
  CancelledBy,
  Consultation,
  ConsultationActor,
  ConsultationIssue,
  ConsultationStatus,
  TransitionName,
} from './types';

/**
 * The consultation state machine, defined once. The server checks every write against it
 * (classify.ts), the PWA shows only the actions it allows (allowedTransitions), and the
 * conflict rules replay offline edits through it. The diagram is in README.md.
 */

/** What a rule may look at besides the consultation. The server fills it fresh for every write. */
export interface TransitionContext {
  /** The server's clock (the PWA: the device's). Never read inside a rule by itself. */
  now: Instant;
  /** The patient's documents (patientReadiness), needed to mark them ready and to schedule. */
  readiness?: PatientReadiness;
  /** The calendar of the consultation's doctor, needed to (re)schedule. */
  calendar?: DoctorCalendar;
  /** That doctor's bookings (this consultation's own is ignored), needed to (re)schedule. */
  bookings?: readonly Booking[];
  /** Whether a user id is an active doctor account, needed to reassign. */
  isDoctor?: (userId: string) => boolean;
  /** The specialties of the consultation's doctor (its settings; `[]` when none are set), needed to take. */
  doctorSpecialties?: readonly string[];
}

/**
 * Whether a doctor of these specialties may see and take a consultation of `specialty`: one of
 * theirs, or any when they set none (a generalist, or not configured yet). The doctors' queue
 * lists exactly these, and `take` refuses the others: knowing a consultation's id is no right to
 * a patient's records. A manager's reassignment is the way to hand one over anyway.
 */
export function specialtyAllows(doctorSpecialties: readonly string[], specialty: string): boolean {
  return doctorSpecialties.length === 0 || doctorSpecialties.includes(specialty);
}

export interface TransitionDefinition {
  name: TransitionName;
  /** States it starts from; `null` means the consultation does not exist yet. */
  from: readonly (ConsultationStatus | null)[];
  to: ConsultationStatus;
  /**
   * Who may perform it. A patient only on their own consultation; a doctor only on the one
   * they took (except `take`, for which no doctor has it yet); managers and the server on any.
   */
  roles: readonly ActorRole[];
  /** Top-level fields the step may set, change or clear (`status`, `history`, `updatedAt` always). */
  fields: readonly (keyof Consultation)[];
  notifies: readonly NoticeRule[];
  /** Whether the step may start from this consultation (state and party are already checked). */
  precondition?: (consultation: Consultation | null, actor: ConsultationActor, context: TransitionContext) => ConsultationIssue | null;
  /** Whether the values the step wrote are acceptable (run on the document after the write). */
  effect?: (before: Consultation | null, after: Consultation, actor: ConsultationActor, context: TransitionContext) => ConsultationIssue | null;
}

/** A doctor may open the call this long before the slot (to check camera and sound). */
export const START_EARLY_MINUTES = 15;
/** Times written by a device may run ahead of the server's clock by this much. */
export const CLOCK_SKEW_MS = 5 * 60_000;
export const MAX_REASON_LENGTH = 1000;
export const MAX_COMMENT_LENGTH = 2000;
export const MAX_HISTORY_ENTRIES = 200;

/** Fields fixed when the consultation is opened. */
export const IMMUTABLE_FIELDS = ['id', 'patientId', 'specialty', 'referralId', 'createdAt'] as const;
export const CANCELLABLE_BY_PATIENT: readonly ConsultationStatus[] = ['awaiting_documents', 'ready', 'taken', 'documents_requested', 'scheduled'];
export const CANCELLABLE_BY_DOCTOR: readonly ConsultationStatus[] = ['taken', 'documents_requested', 'scheduled'];

const ok = null;

function issue(code: ConsultationIssue['code'], field?: string): ConsultationIssue {
  return field === undefined ? { code } : { code, field };
}

/** A device time: a valid date-time, not later than the server's clock allows. */
function checkDeviceTime(value: unknown, field: string, context: TransitionContext): ConsultationIssue | null {
  if (!isIsoTime(value)) return issue('invalid_value', field);
  return Date.parse(value) > instantMs(context.now) + CLOCK_SKEW_MS ? issue('history_time_invalid', field) : ok;
}

function checkText(value: unknown, field: string, max: number, required: boolean): ConsultationIssue | null {
  if (typeof value !== 'string' || value.length > max) return issue('invalid_value', field);
  if (required && value.trim() === '') return issue(field.endsWith('reason') ? 'reason_required' : 'comment_required', field);
  return ok;
}

function requireReady(context: TransitionContext): ConsultationIssue | null {
  if (!context.readiness) return issue('context_missing');
  return context.readiness.ready ? ok : issue('patient_not_ready');
}

function checkSlot(after: Consultation, context: TransitionContext): ConsultationIssue | null {
  if (!after.slot) return issue('invalid_slot', 'slot');
  if (!context.calendar || !context.bookings) return issue('context_missing', 'slot');
  const booking = checkBooking({ ...after.slot, consultationId: after.id }, context.calendar, context.bookings, context.now);
  if (booking) return booking;
  return checkDeviceTime(after.bookedAt, 'bookedAt', context);
}

function checkCancellation(by: CancelledBy, reasonRequired: boolean) {
  return (_before: Consultation | null, after: Consultation, actor: ConsultationActor, context: TransitionContext): ConsultationIssue | null => {
    const cancellation = after.cancellation;
    if (!cancellation || cancellation.by !== by || cancellation.actorId !== actor.id) return issue('invalid_value', 'cancellation');
    return checkText(cancellation.reason, 'cancellation.reason', MAX_REASON_LENGTH, reasonRequired) ?? checkDeviceTime(cancellation.at, 'cancellation.at', context);
  };
}

function slotStartMs(consultation: Consultation | null): number {
  return consultation?.slot ? Date.parse(consultation.slot.start) : Number.NaN;
}

const BEFORE_THE_CALL: readonly ConsultationStatus[] = ['ready', 'taken', 'documents_requested', 'scheduled'];

export const TRANSITIONS: Readonly<Record<TransitionName, TransitionDefinition>> = {
  open: {
    name: 'open',
    from: [null],
    to: 'awaiting_documents',
    roles: ['patient', 'manager', 'system'],
    fields: ['id', 'patientId', 'specialty', 'referralId', 'createdAt'],
    notifies: [],
    effect: (_before, after, actor, context) => {
      if (actor.role === 'patient' && after.patientId !== actor.id) return issue('not_your_consultation', 'patientId');
      if (typeof after.specialty !== 'string' || after.specialty.trim() === '') return issue('invalid_value', 'specialty');
      return checkDeviceTime(after.createdAt, 'createdAt', context);
    },
  },
  documents_ready: {
    name: 'documents_ready',
    from: ['awaiting_documents'],
    to: 'ready',
    roles: ['patient', 'system'],
    fields: ['readyAt'],
    notifies: [],
    precondition: (_consultation, _actor, context) => requireReady(context),
    effect: (_before, after, _actor, context) => checkDeviceTime(after.readyAt, 'readyAt', context),
  },
  documents_withdrawn: {
    name: 'documents_withdrawn',
    from: ['ready'],
    to: 'awaiting_documents',
    roles: ['patient', 'system'],
    fields: ['readyAt'],
    notifies: [],
    precondition: (_consultation, _actor, context) => {
      if (!context.readiness) return issue('context_missing');
      return context.readiness.ready ? issue('documents_still_complete') : ok;
    },
  },
  take: {
    name: 'take',
    from: ['ready'],
    to: 'taken',
    roles: ['doctor'],
    fields: ['doctorId', 'doctorName', 'takenAt'],
    notifies: [],
    precondition: (consultation) => (consultation?.doctorId !== undefined ? issue('already_taken', 'doctorId') : ok),
    effect: (_before, after, actor, context) => {
      if (after.doctorId !== actor.id) return issue('invalid_value', 'doctorId');
      // Unknown specialties (a device checking without the settings) leave it to the server, which always loads them.
      if (context.doctorSpecialties && !specialtyAllows(context.doctorSpecialties, after.specialty)) return issue('not_your_specialty', 'specialty');
      return checkDeviceTime(after.takenAt, 'takenAt', context);
    },
  },
  request_documents: {
    name: 'request_documents',
    from: ['taken'],
    to: 'documents_requested',
    roles: ['doctor'],
    fields: ['documentsRequest'],
    notifies: [{ recipient: 'patient', kind: 'documents_requested' }],
    effect: (_before, after, _actor, context) => {
      const request = after.documentsRequest;
      if (!request) return issue('comment_required', 'documentsRequest.comment');
      return checkText(request.comment, 'documentsRequest.comment', MAX_COMMENT_LENGTH, true) ?? checkDeviceTime(request.at, 'documentsRequest.at', context);
    },
  },
  documents_provided: {
    name: 'documents_provided',
    from: ['documents_requested'],
    to: 'taken',
    roles: ['patient', 'system'],
    fields: [],
    notifies: [{ recipient: 'doctor', kind: 'documents_provided' }],
  },
  schedule: {
    name: 'schedule',
    from: ['taken', 'documents_requested'],
    to: 'scheduled',
    roles: ['doctor'],
    fields: ['slot', 'bookedAt', 'firstScheduledAt', 'timeRequest'],
    notifies: [{ recipient: 'patient', kind: 'scheduled' }],
    precondition: (_consultation, _actor, context) => requireReady(context),
    effect: (before, after, _actor, context) => {
      const firstTime = before?.firstScheduledAt ?? after.firstScheduledAt;
      if (after.firstScheduledAt !== firstTime) return issue('invalid_value', 'firstScheduledAt');
      return checkSlot(after, context) ?? checkDeviceTime(after.firstScheduledAt, 'firstScheduledAt', context);
    },
  },
  reschedule: {
    name: 'reschedule',
    from: ['scheduled'],
    to: 'scheduled',
    roles: ['doctor'],
    fields: ['slot', 'bookedAt', 'timeRequest'],
    notifies: [{ recipient: 'patient', kind: 'rescheduled' }],
    effect: (before, after, _actor, context) => {
      if (before?.slot && after.slot && before.slot.start === after.slot.start && before.slot.end === after.slot.end) {
        return issue('slot_unchanged', 'slot');
      }
      return checkSlot(after, context);
    },
  },
  request_other_time: {
    name: 'request_other_time',
    from: ['scheduled'],
    to: 'scheduled',
    roles: ['patient'],
    fields: ['timeRequest'],
    notifies: [{ recipient: 'doctor', kind: 'other_time_requested' }],
    precondition: (consultation, _actor, context) => (slotStartMs(consultation) <= instantMs(context.now) ? issue('too_late', 'slot') : ok),
    effect: (_before, after, _actor, context) => {
      const request = after.timeRequest;
      if (!request) return issue('invalid_value', 'timeRequest');
      return checkText(request.comment, 'timeRequest.comment', MAX_COMMENT_LENGTH, false) ?? checkDeviceTime(request.at, 'timeRequest.at', context);
    },
  },
  cancel_by_patient: {
    name: 'cancel_by_patient',
    from: CANCELLABLE_BY_PATIENT,
    to: 'cancelled',
    roles: ['patient'],
    fields: ['cancellation'],
    notifies: [{ recipient: 'doctor', kind: 'cancelled_by_patient' }],
    effect: checkCancellation('patient', false),
  },
  cancel_by_doctor: {
    name: 'cancel_by_doctor',
    from: CANCELLABLE_BY_DOCTOR,
    to: 'cancelled',
    roles: ['doctor'],
    fields: ['cancellation'],
    notifies: [
      { recipient: 'patient', kind: 'cancelled_by_doctor' },
      // A manager may find the patient another doctor.
      { recipient: 'managers', kind: 'cancelled_by_doctor' },
    ],
    effect: checkCancellation('doctor', true),
  },
  cancel_by_manager: {
    name: 'cancel_by_manager',
    from: CANCELLABLE_BY_PATIENT,
    to: 'cancelled',
    roles: ['manager'],
    fields: ['cancellation'],
    notifies: [
      { recipient: 'patient', kind: 'cancelled_by_manager' },
      { recipient: 'doctor', kind: 'cancelled_by_manager' },
    ],
    effect: checkCancellation('manager', true),
  },
  start: {
    name: 'start',
    from: ['scheduled'],
    to: 'in_progress',
    roles: ['doctor'],
    fields: ['startedAt'],
    notifies: [{ recipient: 'patient', kind: 'call_started' }],
    precondition: (consultation, _actor, context) =>
      instantMs(context.now) < slotStartMs(consultation) - START_EARLY_MINUTES * 60_000 ? issue('too_early', 'slot') : ok,
    effect: (_before, after, _actor, context) => checkDeviceTime(after.startedAt, 'startedAt', context),
  },
  complete: {
    name: 'complete',
    from: ['scheduled', 'in_progress'],
    to: 'held',
    roles: ['doctor'],
    fields: ['heldAt'],
    notifies: [],
    // Held outside the app (straight from `scheduled`): not before the slot starts, a consultation
    // cannot have been held before its time. After `start` the call itself happened (it may open
    // up to START_EARLY_MINUTES early by agreement), so it may end whenever it ends.
    precondition: (consultation, _actor, context) =>
      consultation?.status === 'scheduled' && instantMs(context.now) < slotStartMs(consultation) ? issue('too_early', 'slot') : ok,
    effect: (_before, after, _actor, context) => checkDeviceTime(after.heldAt, 'heldAt', context),
  },
  issue_conclusion: {
    name: 'issue_conclusion',
    from: ['held'],
    to: 'done',
    roles: ['doctor'],
    fields: ['conclusionId', 'concludedAt'],
    notifies: [{ recipient: 'patient', kind: 'conclusion_issued' }],
    effect: (_before, after, _actor, context) => {
      if (typeof after.conclusionId !== 'string' || after.conclusionId === '') return issue('conclusion_required', 'conclusionId');
      return checkDeviceTime(after.concludedAt, 'concludedAt', context);
    },
  },
  reassign: {
    name: 'reassign',
    from: BEFORE_THE_CALL,
    to: 'taken',
    roles: ['manager'],
    // The new doctor has another calendar: a booked slot is given up and the patient is told.
    fields: ['doctorId', 'doctorName', 'takenAt', 'slot', 'bookedAt', 'timeRequest'],
    notifies: [
      // A patient still waiting in the queue simply gets a doctor; there is nothing to «change».
      { recipient: 'patient', kind: 'doctor_changed', when: (before) => before?.doctorId !== undefined },
      { recipient: 'doctor', kind: 'assigned' },
      { recipient: 'previous_doctor', kind: 'unassigned' },
    ],
    effect: (before, after, _actor, context) => {
      if (typeof after.doctorId !== 'string') return issue('invalid_value', 'doctorId');
      if (after.doctorId === before?.doctorId) return issue('same_doctor', 'doctorId');
      if (!context.isDoctor) return issue('context_missing', 'doctorId');
      if (!context.isDoctor(after.doctorId)) return issue('not_a_doctor', 'doctorId');
      return checkDeviceTime(after.takenAt, 'takenAt', context);
    },
  },
  release_slot: {
    name: 'release_slot',
    from: ['scheduled'],
    to: 'taken',
    roles: ['doctor', 'system'],
    fields: ['slot', 'bookedAt', 'timeRequest'],
    notifies: [
      { recipient: 'patient', kind: 'slot_released' },
      { recipient: 'doctor', kind: 'slot_released' },
    ],
  },
};

/** The transitions that may start from a state (`null`: creation). */
export function transitionsFrom(status: ConsultationStatus | null): TransitionDefinition[] {
  return Object.values(TRANSITIONS).filter((definition) => definition.from.includes(status));
}

/**
 * Whether the actor is the right party for the step: role allowed, and a patient or doctor on
 * their own consultation. Returns the problem or null.
 */
export function checkParty(
  definition: TransitionDefinition,
  consultation: Consultation | null,
  actor: ConsultationActor,
): ConsultationIssue | null {
  if (!definition.roles.includes(actor.role)) return issue('role_not_allowed');
  if (consultation === null) return ok;
  if (actor.role === 'patient' && consultation.patientId !== actor.id) return issue('not_your_consultation');
  if (actor.role === 'doctor' && definition.name !== 'take' && consultation.doctorId !== actor.id) return issue('not_your_consultation');
  return ok;
}
