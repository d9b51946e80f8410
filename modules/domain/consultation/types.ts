import type { ConsultationCallEvent } from './call-events';
import type { Role } from '../roles';

/**
 * A consultation: one patient's way from «documents uploaded» to «conclusion issued» with one
 * specialist. One replicated document per consultation, in the patient's partition
 * (id `<patientId>:<local>`), written by the patient, the doctor who took it, managers and the
 * server — every write is exactly one or more transitions of the state machine (transitions.ts),
 * named in an entry appended to `history`, so the server can check each write and nothing a
 * person did disappears without a trace.
 */
export const CONSULTATION_STATUSES = [
  /** Opened; the patient is still uploading the required documents. */
  'awaiting_documents',
  /** The documents are complete: the patient waits in the doctors' queue («Новые пациенты»). */
  'ready',
  /** A doctor took the patient and is reviewing the documents. */
  'taken',
  /** The doctor asked the patient for more documents (with a comment). */
  'documents_requested',
  /** A slot in the doctor's calendar is booked. */
  'scheduled',
  /** The video call is running. */
  'in_progress',
  /** The call took place; the conclusion is being written. */
  'held',
  /** The conclusion is issued (terminal). */
  'done',
  /** Cancelled by the patient, the doctor or a manager (terminal). */
  'cancelled',
] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

export const TERMINAL_STATUSES: readonly ConsultationStatus[] = ['done', 'cancelled'];
/** Statuses in which the consultation holds a slot of the doctor's calendar. */
export const BOOKING_STATUSES: readonly ConsultationStatus[] = ['scheduled', 'in_progress'];

export const TRANSITION_NAMES = [
  'open',
  'documents_ready',
  'documents_withdrawn',
  'take',
  'request_documents',
  'documents_provided',
  'schedule',
  'reschedule',
  'request_other_time',
  'cancel_by_patient',
  'cancel_by_doctor',
  'cancel_by_manager',
  'start',
  'complete',
  'issue_conclusion',
  'reassign',
  'release_slot',
] as const;
export type TransitionName = (typeof TRANSITION_NAMES)[number];

/** The server acts as `system` (automatic readiness, a booking displaced by the conflict rule). */
export type ActorRole = Role | 'system';
export const SYSTEM_ACTOR_ID = 'system';

/** Who performs a transition: the signed-in person (role from the server, never from the client) or the server. */
export interface ConsultationActor {
  id: string;
  role: ActorRole;
}

/** A booked time, both ends UTC ISO instants as `Date.toISOString()` writes them; `end` exclusive. */
export interface Slot {
  start: string;
  end: string;
}

/** One step of the consultation's life, appended by whoever made it (never edited afterwards). */
export interface HistoryEntry {
  transition: TransitionName;
  actorId: string;
  role: ActorRole;
  /** When it was done, on the device that did it (an offline device syncs later). */
  at: string;
  /** A reason given for a reschedule, a reassignment or a released slot. */
  reason?: string;
}

export interface DocumentsRequest {
  /** What the doctor needs, shown to the patient. */
  comment: string;
  at: string;
}

export interface TimeRequest {
  /** What suits the patient, free text; '' when none given. */
  comment: string;
  at: string;
}

export type CancelledBy = 'patient' | 'doctor' | 'manager';

export interface Cancellation {
  by: CancelledBy;
  actorId: string;
  /** Optional for the patient, required for the doctor and a manager. */
  reason: string;
  at: string;
}

export interface Consultation {
  id: string;
  patientId: string;
  /** The consultation profile (специальность): from the referral, or chosen by a self-registered patient. */
  specialty: string;
  /** The referral that led here, when there is one. */
  referralId?: string;
  status: ConsultationStatus;
  createdAt: string;
  /** Set on every write by the device that wrote. */
  updatedAt: string;
  /** When the documents became complete: the 2–4 day promise runs from here. */
  readyAt?: string;
  doctorId?: string;
  /** The doctor's name as their account has it, set with doctorId (take, reassign) so the patient sees it offline. */
  doctorName?: string;
  takenAt?: string;
  /** The doctor's latest request for more documents (kept after it is answered). */
  documentsRequest?: DocumentsRequest;
  slot?: Slot;
  /** When the doctor picked the current slot (device time): decides between two bookings of one slot. */
  bookedAt?: string;
  /** When a slot was first booked: stops the 2–4 day clock. */
  firstScheduledAt?: string;
  /** The patient's open request for another time (cleared when the doctor reschedules). */
  timeRequest?: TimeRequest;
  cancellation?: Cancellation;
  startedAt?: string;
  heldAt?: string;
  /** The issued conclusion (a document of the patient; its PDF is a medical document). */
  conclusionId?: string;
  concludedAt?: string;
  history: HistoryEntry[];
  /** The video call's events, written by the server only (call-events.ts); not steps of the state machine. */
  callEvents?: ConsultationCallEvent[];
}

/** A slot held by a consultation in a doctor's calendar. */
export interface Booking extends Slot {
  consultationId: string;
  /** When the slot was picked; absent for bookings made before the field existed. */
  bookedAt?: string;
}

/** A problem with a write or a request: a stable code (see messages.ts) and the field it is about. */
export interface ConsultationIssue {
  code: ConsultationErrorCode;
  field?: string;
}

export const CONSULTATION_ERROR_CODES = [
  // shape
  'invalid_value',
  'immutable_field',
  'field_not_allowed',
  'delete_not_allowed',
  'status_mismatch',
  // history (how a write names its transitions)
  'no_transition',
  'history_rewritten',
  'history_actor_mismatch',
  'history_time_invalid',
  'unknown_transition',
  // the state machine
  'invalid_transition',
  'role_not_allowed',
  'not_your_consultation',
  'already_taken',
  'not_your_specialty',
  'patient_not_ready',
  'documents_still_complete',
  'context_missing',
  'reason_required',
  'comment_required',
  'too_early',
  'too_late',
  'slot_unchanged',
  'same_doctor',
  'not_a_doctor',
  'conclusion_required',
  // scheduling
  'invalid_slot',
  'in_past',
  'outside_working_hours',
  'not_slot_aligned',
  'overlaps_booking',
] as const;
export type ConsultationErrorCode = (typeof CONSULTATION_ERROR_CODES)[number];
