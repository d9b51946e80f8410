import { callEventsIssue } from './call-events';
import type { FieldIssue } from '../module-contract';
import { DOC_ID_PATTERN, isUserId, partitionOf } from '../ids';
import { ROLES } from '../roles';
import { isCanonicalInstant, isIsoTime } from './instant';
import { MAX_COMMENT_LENGTH, MAX_HISTORY_ENTRIES, MAX_REASON_LENGTH, TRANSITIONS } from './transitions';
import {
  CONSULTATION_STATUSES,
  SYSTEM_ACTOR_ID,
  TRANSITION_NAMES,
  type Consultation,
  type ConsultationIssue,
  type ConsultationStatus,
} from './types';

/**
 * What a stored consultation must look like, whatever wrote it: the shape of every field and
 * the invariants of each state (a scheduled consultation has a slot, a cancelled one says who
 * cancelled, the history walks the state machine to the current status). The server runs it on
 * every write (as the collection's `validate`), the PWA before saving.
 */

export const MAX_SPECIALTY_LENGTH = 200;
export const MAX_REF_LENGTH = 170;
export const MAX_DOCTOR_NAME_LENGTH = 200;

const TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set([
  'id', 'patientId', 'specialty', 'referralId', 'status', 'createdAt', 'updatedAt', 'readyAt', 'doctorId', 'doctorName', 'takenAt',
  'documentsRequest', 'slot', 'bookedAt', 'firstScheduledAt', 'timeRequest', 'cancellation', 'startedAt', 'heldAt',
  'conclusionId', 'concludedAt', 'history', 'callEvents',
]);
const OPTIONAL_TIMES = ['readyAt', 'takenAt', 'bookedAt', 'firstScheduledAt', 'startedAt', 'heldAt', 'concludedAt'] as const;
const ACTOR_ROLES: readonly string[] = [...ROLES, 'system'];

type Data = Readonly<Record<string, unknown>>;
/** A document as the store gives it (RxDB view) or as typed code has it. */
export type ConsultationInput = Data | Consultation;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnly(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(value).every((key) => keys.includes(key) || value[key] === undefined);
}

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

function bad(field: string): ConsultationIssue {
  return { code: 'invalid_value', field };
}

/** The problems with the shape of the fields (types, lengths, known fields only). */
export function shapeIssues(doc: Data): ConsultationIssue[] {
  const issues: ConsultationIssue[] = [];
  for (const field of Object.keys(doc)) {
    if (!TOP_LEVEL_FIELDS.has(field) && doc[field] !== undefined) issues.push(bad(field));
  }
  const id = doc['id'];
  if (typeof id !== 'string' || !DOC_ID_PATTERN.test(id) || partitionOf(id) !== doc['patientId']) issues.push(bad('id'));
  if (!isUserId(doc['patientId'])) issues.push(bad('patientId'));
  const specialty = doc['specialty'];
  if (!isText(specialty, MAX_SPECIALTY_LENGTH) || specialty.trim() === '') issues.push(bad('specialty'));
  if (doc['referralId'] !== undefined && (!isText(doc['referralId'], MAX_REF_LENGTH) || doc['referralId'] === '')) issues.push(bad('referralId'));
  if (!(CONSULTATION_STATUSES as readonly unknown[]).includes(doc['status'])) issues.push(bad('status'));
  if (!isIsoTime(doc['createdAt'])) issues.push(bad('createdAt'));
  if (!isIsoTime(doc['updatedAt'])) issues.push(bad('updatedAt'));
  for (const field of OPTIONAL_TIMES) {
    if (doc[field] !== undefined && !isIsoTime(doc[field])) issues.push(bad(field));
  }
  if (doc['doctorId'] !== undefined && !isUserId(doc['doctorId'])) issues.push(bad('doctorId'));
  if (doc['doctorName'] !== undefined && (!isText(doc['doctorName'], MAX_DOCTOR_NAME_LENGTH) || doc['doctorId'] === undefined)) issues.push(bad('doctorName'));
  const documentsRequest = doc['documentsRequest'];
  if (documentsRequest !== undefined) {
    if (!isRecord(documentsRequest) || !hasOnly(documentsRequest, ['comment', 'at']) || !isText(documentsRequest['comment'], MAX_COMMENT_LENGTH) || !isIsoTime(documentsRequest['at'])) {
      issues.push(bad('documentsRequest'));
    }
  }
  const slot = doc['slot'];
  if (slot !== undefined) {
    if (!isRecord(slot) || !hasOnly(slot, ['start', 'end']) || !isCanonicalInstant(slot['start']) || !isCanonicalInstant(slot['end']) || slot['end'] <= slot['start']) {
      issues.push(bad('slot'));
    }
  }
  const timeRequest = doc['timeRequest'];
  if (timeRequest !== undefined) {
    if (!isRecord(timeRequest) || !hasOnly(timeRequest, ['comment', 'at']) || !isText(timeRequest['comment'], MAX_COMMENT_LENGTH) || !isIsoTime(timeRequest['at'])) {
      issues.push(bad('timeRequest'));
    }
  }
  const cancellation = doc['cancellation'];
  if (cancellation !== undefined) {
    if (
      !isRecord(cancellation) || !hasOnly(cancellation, ['by', 'actorId', 'reason', 'at']) ||
      !['patient', 'doctor', 'manager'].includes(String(cancellation['by'])) || !isUserId(cancellation['actorId']) ||
      !isText(cancellation['reason'], MAX_REASON_LENGTH) || !isIsoTime(cancellation['at'])
    ) {
      issues.push(bad('cancellation'));
    }
  }
  // An empty conclusion id is left to the step's own check, which says «write the conclusion first».
  if (doc['conclusionId'] !== undefined && !isText(doc['conclusionId'], MAX_REF_LENGTH)) issues.push(bad('conclusionId'));
  const history = doc['history'];
  if (!Array.isArray(history) || history.length === 0 || history.length > MAX_HISTORY_ENTRIES) {
    issues.push(bad('history'));
  } else {
    const problem = history.map(historyEntryIssue).find((found) => found !== null);
    if (problem) issues.push(problem);
  }
  const callEvents = callEventsIssue(doc['callEvents']);
  if (callEvents) issues.push(callEvents);
  return issues;
}

function historyEntryIssue(entry: unknown): ConsultationIssue | null {
  if (!isRecord(entry) || !hasOnly(entry, ['transition', 'actorId', 'role', 'at', 'reason'])) return bad('history');
  if (!(TRANSITION_NAMES as readonly unknown[]).includes(entry['transition'])) return { code: 'unknown_transition', field: 'history' };
  if (!ACTOR_ROLES.includes(String(entry['role'])) || !isIsoTime(entry['at'])) return bad('history');
  // `system` names the server and nobody else, in both directions.
  const actorOk = entry['role'] === 'system' ? entry['actorId'] === SYSTEM_ACTOR_ID : isUserId(entry['actorId']) && entry['actorId'] !== SYSTEM_ACTOR_ID;
  return actorOk && (entry['reason'] === undefined || isText(entry['reason'], MAX_REASON_LENGTH)) ? null : bad('history');
}

type Presence = 'required' | 'forbidden' | 'any';

/** Which fields each state needs or excludes (the rest are free). */
const STATE_FIELDS: Record<ConsultationStatus, Partial<Record<keyof Consultation, Presence>>> = {
  awaiting_documents: { readyAt: 'forbidden', doctorId: 'forbidden', slot: 'forbidden' },
  ready: { readyAt: 'required', doctorId: 'forbidden', slot: 'forbidden' },
  taken: { readyAt: 'required', doctorId: 'required', takenAt: 'required', slot: 'forbidden' },
  documents_requested: { readyAt: 'required', doctorId: 'required', takenAt: 'required', slot: 'forbidden', documentsRequest: 'required' },
  scheduled: { readyAt: 'required', doctorId: 'required', takenAt: 'required', slot: 'required', bookedAt: 'required', firstScheduledAt: 'required' },
  in_progress: { doctorId: 'required', slot: 'required', startedAt: 'required' },
  held: { doctorId: 'required', slot: 'required', heldAt: 'required' },
  done: { doctorId: 'required', slot: 'required', heldAt: 'required', conclusionId: 'required', concludedAt: 'required' },
  cancelled: { cancellation: 'required' },
};

/** The invariants of the consultation's state, and that its history leads to that state. */
export function stateIssues(consultation: Consultation): ConsultationIssue[] {
  const issues: ConsultationIssue[] = [];
  const rules = STATE_FIELDS[consultation.status];
  for (const [field, presence] of Object.entries(rules) as [keyof Consultation, Presence][]) {
    const present = consultation[field] !== undefined;
    if ((presence === 'required' && !present) || (presence === 'forbidden' && present)) issues.push(bad(field));
  }
  if (consultation.status !== 'cancelled' && consultation.cancellation !== undefined) issues.push(bad('cancellation'));
  if (consultation.status !== 'done' && (consultation.conclusionId !== undefined || consultation.concludedAt !== undefined)) {
    issues.push(bad('conclusionId'));
  }
  let state: ConsultationStatus | null = null;
  for (const entry of consultation.history) {
    const definition = TRANSITIONS[entry.transition];
    if (!definition.from.includes(state)) {
      issues.push({ code: 'status_mismatch', field: 'history' });
      return issues;
    }
    state = definition.to;
  }
  if (state !== consultation.status) issues.push({ code: 'status_mismatch', field: 'status' });
  return issues;
}

/**
 * Only the shape, as the collection's `validate` hook: the server's write guard then checks the
 * steps and the state with classifyWrite, which names the precise problem (`invalid_transition`,
 * `no_transition`, …) instead of a generic `invalid_value`.
 */
export function validateConsultationShape(doc: ConsultationInput): FieldIssue[] {
  return shapeIssues(doc as Data).map((found) => ({ field: found.field ?? 'status', code: found.code }));
}

/** Every problem of a stored consultation (RxDB view: `id`, no `_` fields). Empty when it is fine. */
export function consultationIssues(doc: ConsultationInput): ConsultationIssue[] {
  const shape = shapeIssues(doc as Data);
  return shape.length > 0 ? shape : stateIssues(doc as unknown as Consultation);
}

/** The same, as the collection's `validate` hook wants them (`<field>.<code>`). */
export function validateConsultation(doc: ConsultationInput): FieldIssue[] {
  return consultationIssues(doc).map((found) => ({ field: found.field ?? 'status', code: found.code }));
}

/** The document as a Consultation when it is a valid one, else its first problem. */
export function readConsultation(doc: ConsultationInput): { consultation: Consultation } | { issue: ConsultationIssue } {
  const [first] = consultationIssues(doc);
  return first ? { issue: first } : { consultation: doc as unknown as Consultation };
}
