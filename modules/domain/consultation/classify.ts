import { callEventsChangeIssue } from './call-events';
import { sameJson } from '../authorization/doc-data';
import { instantMs, toIso, type Instant } from './instant';
import { noticesOfStep, type Notice } from './notices';
import {
  CLOCK_SKEW_MS,
  IMMUTABLE_FIELDS,
  TRANSITIONS,
  checkParty,
  transitionsFrom,
  type TransitionContext,
  type TransitionDefinition,
} from './transitions';
import type {
  Consultation,
  ConsultationActor,
  ConsultationErrorCode,
  ConsultationStatus,
  HistoryEntry,
  Slot,
  TransitionName,
} from './types';
import { readConsultation, shapeIssues, stateIssues, type ConsultationInput } from './validate';

/**
 * One write of a consultation, checked against the state machine. A write names what it does
 * by appending entries to `history` (one per transition, in the writer's name); the server
 * replays them from the stored state and accepts the write only when every step is allowed for
 * the writer, the document ends in the state the steps lead to, and nothing changed that those
 * steps may not change. Several steps in one write are normal: RxDB pushes only the latest
 * state of a document, so a doctor who took a patient and scheduled them while offline sends
 * both steps at once.
 */

export type ClassifyResult = ClassifiedWrite | RefusedWrite;

export interface ClassifiedWrite {
  /** The last step of the write; null for a write that changes nothing. */
  transition: TransitionName | null;
  steps: TransitionName[];
  /** Who to tell what (delivery `server`). */
  notices: Notice[];
}

export interface RefusedWrite {
  error: ConsultationErrorCode;
  field?: string;
  /** The step that was refused, when one was. */
  transition?: TransitionName;
}

/** Narrows the answer of classifyWrite or applyTransition to a refusal. */
export function isRefused<T extends object>(result: T | RefusedWrite): result is RefusedWrite {
  return 'error' in result;
}

/** More steps than this in one write is not something a person did. */
export const MAX_STEPS_PER_WRITE = 10;

/** Always allowed to change: the step's own bookkeeping. */
const BOOKKEEPING: ReadonlySet<string> = new Set(['status', 'history', 'updatedAt']);

type Data = Readonly<Record<string, unknown>>;

function refuse(error: ConsultationErrorCode, field?: string, transition?: TransitionName): RefusedWrite {
  const result: RefusedWrite = { error };
  if (field !== undefined) result.field = field;
  if (transition !== undefined) result.transition = transition;
  return result;
}

function changedFields(before: Consultation | null, after: Consultation): string[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  const record = (doc: Consultation | null, field: string) => (doc as Record<string, unknown> | null)?.[field];
  return [...fields].filter((field) => !sameJson(record(before, field), record(after, field)));
}

/**
 * Decides one write: `before` is the stored consultation (null when it is created), `after` the
 * document as it would be stored (RxDB view; null for a deletion), `actor` the signed-in writer
 * as the server knows them. Returns the steps and the notices, or the first problem.
 */
export function classifyWrite(
  before: ConsultationInput | null,
  after: ConsultationInput | null,
  actor: ConsultationActor,
  context: TransitionContext,
): ClassifyResult {
  if (after === null) return refuse('delete_not_allowed');
  // The shape first, then the steps (so a forged step is refused as such), then what the
  // resulting state requires.
  const [shape] = shapeIssues(after as Data);
  if (shape) return refuse(shape.code, shape.field);
  const next = after as unknown as Consultation;
  let current: Consultation | null = null;
  if (before !== null) {
    const stored = readConsultation(before);
    // A stored document that breaks the rules cannot be the base of a checked change.
    if ('issue' in stored) return refuse('invalid_value', stored.issue.field);
    current = stored.consultation;
    for (const field of IMMUTABLE_FIELDS) {
      if (!sameJson(current[field], next[field])) return refuse('immutable_field', field);
    }
  }

  const known = current?.history ?? [];
  if (next.history.length < known.length || !known.every((entry, index) => sameJson(entry, next.history[index]))) {
    return refuse('history_rewritten', 'history');
  }
  // The call's events: appended by the server only, whatever else the write does.
  const callEvents = callEventsChangeIssue(current?.callEvents, next.callEvents, actor.role);
  if (callEvents) return refuse(callEvents.code, callEvents.field);
  const entries = next.history.slice(known.length);
  const changed = changedFields(current, next).filter((field) => field !== 'updatedAt' && field !== 'callEvents');
  if (entries.length === 0) {
    return changed.length === 0 ? { transition: null, steps: [], notices: [] } : refuse('no_transition', changed[0]);
  }
  if (entries.length > MAX_STEPS_PER_WRITE) return refuse('invalid_value', 'history');

  const nowMs = instantMs(context.now);
  const steps: TransitionDefinition[] = [];
  let state: ConsultationStatus | null = current?.status ?? null;
  for (const [index, entry] of entries.entries()) {
    if (entry.actorId !== actor.id || entry.role !== actor.role) return refuse('history_actor_mismatch', 'history', entry.transition);
    if (Date.parse(entry.at) > nowMs + CLOCK_SKEW_MS) return refuse('history_time_invalid', 'history', entry.transition);
    const definition = TRANSITIONS[entry.transition];
    if (!definition.from.includes(state)) return refuse('invalid_transition', 'status', entry.transition);
    // Later steps of one write see the document as the earlier steps left it.
    const seen: Consultation | null = index === 0 ? current : { ...next, status: state as ConsultationStatus };
    const party = checkParty(definition, seen, actor);
    if (party) return refuse(party.code, party.field, entry.transition);
    const precondition = definition.precondition?.(seen, actor, context);
    if (precondition) return refuse(precondition.code, precondition.field, entry.transition);
    steps.push(definition);
    state = definition.to;
  }
  if (state !== next.status) return refuse('status_mismatch', 'status');
  const [invariant] = stateIssues(next);
  if (invariant) return refuse(invariant.code, invariant.field);

  const allowed = new Set<string>(steps.flatMap((step) => step.fields));
  const outside = changed.find((field) => !BOOKKEEPING.has(field) && !allowed.has(field));
  if (outside !== undefined) return refuse('field_not_allowed', outside);

  for (const step of steps) {
    const effect = step.effect?.(current, next, actor, context);
    if (effect) return refuse(effect.code, effect.field, step.name);
  }

  const notices = steps.flatMap((step, index) => noticesOfStep(step.name, step.notifies, current, next, actor, entries[index]));
  return { transition: steps[steps.length - 1]?.name ?? null, steps: steps.map((step) => step.name), notices: uniqueNotices(notices) };
}

/** One notice per person and kind, even when a write repeats a step. */
function uniqueNotices(notices: Notice[]): Notice[] {
  const seen = new Set<string>();
  return notices.filter((notice) => {
    const key = `${notice.kind}|${notice.recipient}|${notice.userId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The transitions this actor may start now: what the PWA offers as buttons. Only the state,
 * the party and the preconditions are checked here; the values (a slot, a reason) are checked
 * when the change is made (applyTransition / classifyWrite). `null`: no consultation yet.
 */
export function allowedTransitions(consultation: Consultation | null, actor: ConsultationActor, context: TransitionContext): TransitionName[] {
  return transitionsFrom(consultation?.status ?? null)
    .filter((definition) => checkParty(definition, consultation, actor) === null)
    .filter((definition) => !definition.precondition?.(consultation, actor, context))
    .map((definition) => definition.name);
}

/** What the person supplies for each transition; everything else (times, ids, history) is filled in. */
export type TransitionRequest =
  | { transition: 'open'; id: string; patientId: string; specialty: string; referralId?: string }
  | { transition: 'documents_ready' | 'documents_withdrawn' | 'documents_provided' | 'start' | 'complete' }
  /** `doctorName`: the taker's name as their account has it (the server sets it; a device may leave it out). */
  | { transition: 'take'; doctorName?: string }
  | { transition: 'request_documents'; comment: string }
  | { transition: 'schedule'; slot: Slot }
  | { transition: 'reschedule'; slot: Slot; reason?: string }
  | { transition: 'request_other_time'; comment?: string }
  | { transition: 'cancel_by_patient'; reason?: string }
  | { transition: 'cancel_by_doctor' | 'cancel_by_manager'; reason: string }
  | { transition: 'issue_conclusion'; conclusionId: string }
  | { transition: 'reassign'; doctorId: string; doctorName?: string; reason?: string }
  | { transition: 'release_slot'; reason?: string };

export type AppliedTransition = { consultation: Consultation; notices: Notice[] } | RefusedWrite;

function copy(consultation: Consultation): Record<string, unknown> {
  return JSON.parse(JSON.stringify(consultation)) as Record<string, unknown>;
}

/**
 * The consultation after one transition, made the way the server will check it, and checked
 * with classifyWrite before it is returned: the PWA saves exactly this (also offline), the
 * server uses it for changes it makes itself. `context.now` stamps every time.
 */
export function applyTransition(
  consultation: Consultation | null,
  request: TransitionRequest,
  actor: ConsultationActor,
  context: TransitionContext,
): AppliedTransition {
  const draft = draftTransition(consultation, request, actor, context.now);
  const result = classifyWrite(consultation, draft, actor, context);
  if (isRefused(result)) return result;
  return { consultation: draft, notices: result.notices };
}

/** The document one transition would produce, unchecked (applyTransition checks it). */
export function draftTransition(
  consultation: Consultation | null,
  request: TransitionRequest,
  actor: ConsultationActor,
  now: Instant,
): Consultation {
  const at = toIso(instantMs(now));
  const entry: HistoryEntry = { transition: request.transition, actorId: actor.id, role: actor.role, at };
  const doc: Record<string, unknown> = consultation ? copy(consultation) : {};
  switch (request.transition) {
    case 'open':
      Object.assign(doc, { id: request.id, patientId: request.patientId, specialty: request.specialty, createdAt: at, history: [] });
      if (request.referralId !== undefined) doc['referralId'] = request.referralId;
      break;
    case 'documents_ready':
      doc['readyAt'] = at;
      break;
    case 'documents_withdrawn':
      delete doc['readyAt'];
      break;
    case 'take':
      Object.assign(doc, { doctorId: actor.id, takenAt: at });
      if (request.doctorName) doc['doctorName'] = request.doctorName;
      else delete doc['doctorName'];
      break;
    case 'request_documents':
      doc['documentsRequest'] = { comment: request.comment, at };
      break;
    case 'schedule':
      Object.assign(doc, { slot: { ...request.slot }, bookedAt: at, firstScheduledAt: doc['firstScheduledAt'] ?? at });
      delete doc['timeRequest'];
      break;
    case 'reschedule':
      Object.assign(doc, { slot: { ...request.slot }, bookedAt: at });
      delete doc['timeRequest'];
      if (request.reason) entry.reason = request.reason;
      break;
    case 'request_other_time':
      doc['timeRequest'] = { comment: request.comment ?? '', at };
      break;
    case 'cancel_by_patient':
    case 'cancel_by_doctor':
    case 'cancel_by_manager': {
      const by = request.transition === 'cancel_by_patient' ? 'patient' : request.transition === 'cancel_by_doctor' ? 'doctor' : 'manager';
      doc['cancellation'] = { by, actorId: actor.id, reason: request.reason ?? '', at };
      break;
    }
    case 'start':
      doc['startedAt'] = at;
      break;
    case 'complete':
      doc['heldAt'] = at;
      break;
    case 'issue_conclusion':
      Object.assign(doc, { conclusionId: request.conclusionId, concludedAt: at });
      break;
    case 'reassign':
      Object.assign(doc, { doctorId: request.doctorId, takenAt: at });
      // The previous doctor's name must not stay on the consultation of the new one.
      if (request.doctorName) doc['doctorName'] = request.doctorName;
      else delete doc['doctorName'];
      for (const field of ['slot', 'bookedAt', 'timeRequest']) delete doc[field];
      if (request.reason) entry.reason = request.reason;
      break;
    case 'release_slot':
      for (const field of ['slot', 'bookedAt', 'timeRequest']) delete doc[field];
      if (request.reason) entry.reason = request.reason;
      break;
    case 'documents_provided':
      break;
  }
  doc['status'] = TRANSITIONS[request.transition].to;
  doc['updatedAt'] = at;
  doc['history'] = [...((doc['history'] as HistoryEntry[] | undefined) ?? []), entry];
  return doc as unknown as Consultation;
}
