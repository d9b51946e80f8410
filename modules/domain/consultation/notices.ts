import type { Consultation, ConsultationActor, HistoryEntry, Slot, TransitionName } from './types';

/**
 * What a person must be told about a consultation. The server turns each notice into a
 * notification («Уведомления») and, where configured, an SMS or push, with the text of
 * messages.ts in the recipient's language and time zone. Conflict rules (conflicts.ts) return
 * notices too, so the outcome of two concurrent offline edits reaches both sides.
 */
export const NOTICE_KINDS = [
  // from transitions
  'documents_requested',
  'documents_provided',
  'scheduled',
  'rescheduled',
  'other_time_requested',
  'cancelled_by_patient',
  'cancelled_by_doctor',
  'cancelled_by_manager',
  'call_started',
  'conclusion_issued',
  'doctor_changed',
  'assigned',
  'unassigned',
  'slot_released',
  // from the video call (modules/video): the patient is in the waiting room, the doctor is not
  'patient_waiting',
  // from conflict rules
  'taken_by_another_doctor',
  'cancelled_before_your_change',
  'cancel_applied_over_reschedule',
  'change_not_applied',
  'slot_conflict',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/**
 * `doctor` is the doctor of the consultation after the change; `previous_doctor` the one before
 * a reassignment; `managers` every manager (no single user id).
 */
export type NoticeRecipient = 'patient' | 'doctor' | 'previous_doctor' | 'managers';

/**
 * `server`: the server sends it when it accepts the write (classifyWrite returns it);
 * `local`: the device that resolved a conflict shows it to its own user right away, because the
 * server never sees the edit that lost.
 */
export type NoticeDelivery = 'server' | 'local';

export interface Notice {
  kind: NoticeKind;
  recipient: NoticeRecipient;
  /** The user to tell; absent for `managers`. */
  userId?: string;
  consultationId: string;
  patientId: string;
  /** The transition the notice is about (for conflicts: the one that was not applied). */
  transition?: TransitionName;
  /** The time the notice is about, shown in the recipient's zone. */
  slot?: Slot;
  /** The time before a reschedule or a cancellation. */
  previousSlot?: Slot;
  /** The reason or comment a person wrote, shown as written. */
  text?: string;
  /** For `slot_conflict`: the consultation that kept the slot. */
  otherConsultationId?: string;
  delivery: NoticeDelivery;
}

export interface NoticeRule {
  recipient: NoticeRecipient;
  kind: NoticeKind;
  /** Only when this holds for the change (absent: always). */
  when?: (before: Consultation | null, after: Consultation) => boolean;
}

/** The user a recipient stands for in this change, or undefined (managers; no doctor yet). */
function recipientUser(recipient: NoticeRecipient, before: Consultation | null, after: Consultation): string | undefined {
  switch (recipient) {
    case 'patient':
      return after.patientId;
    case 'doctor':
      return after.doctorId ?? before?.doctorId;
    case 'previous_doctor':
      return before?.doctorId !== after.doctorId ? before?.doctorId : undefined;
    case 'managers':
      return undefined;
  }
}

/** The text a person wrote for this step: a reason, a request comment, a cancellation reason. */
function textOf(transition: TransitionName, after: Consultation, entry: HistoryEntry | undefined): string | undefined {
  if (transition === 'request_documents') return after.documentsRequest?.comment;
  if (transition === 'request_other_time') return after.timeRequest?.comment || undefined;
  if (transition.startsWith('cancel_')) return after.cancellation?.reason || undefined;
  return entry?.reason || undefined;
}

/**
 * The notices of one accepted step. Nobody is told about what they did themselves; a
 * recipient with no user (no doctor yet) is skipped, except `managers`.
 */
export function noticesOfStep(
  transition: TransitionName,
  rules: readonly NoticeRule[],
  before: Consultation | null,
  after: Consultation,
  actor: ConsultationActor,
  entry?: HistoryEntry,
): Notice[] {
  const notices: Notice[] = [];
  for (const rule of rules) {
    if (rule.when && !rule.when(before, after)) continue;
    const userId = recipientUser(rule.recipient, before, after);
    if (rule.recipient !== 'managers' && (userId === undefined || userId === actor.id)) continue;
    if (rule.recipient === 'managers' && actor.role === 'manager') continue;
    const notice: Notice = {
      kind: rule.kind,
      recipient: rule.recipient,
      consultationId: after.id,
      patientId: after.patientId,
      transition,
      delivery: 'server',
    };
    if (userId !== undefined) notice.userId = userId;
    const slot = after.slot ?? before?.slot;
    if (slot) notice.slot = slot;
    if (before?.slot && after.slot && (before.slot.start !== after.slot.start || before.slot.end !== after.slot.end)) {
      notice.previousSlot = before.slot;
    }
    const text = textOf(transition, after, entry);
    if (text !== undefined) notice.text = text;
    notices.push(notice);
  }
  return notices;
}

/**
 * Notices about when (or whether) a consultation happens. A later one of these about the same
 * consultation makes an earlier one wrong: «назначена на 10:00» after «перенесена на 12:00» must
 * not be read as the current time, so the earlier one is marked «заменено».
 */
const TIME_NOTICE_KINDS: ReadonlySet<NoticeKind> = new Set<NoticeKind>([
  'scheduled', 'rescheduled', 'slot_released', 'doctor_changed', 'other_time_requested',
  'cancelled_by_patient', 'cancelled_by_doctor', 'cancelled_by_manager', 'cancel_applied_over_reschedule', 'slot_conflict',
]);

/**
 * The ids of notifications a strictly later notification about the same consultation's time has
 * replaced (notices written by one change share a moment: none of those replaces another).
 */
export function supersededNotices(notifications: readonly { id: string; kind: NoticeKind; consultationId: string; createdAt: string }[]): ReadonlySet<string> {
  const latest = new Map<string, string>();
  for (const item of notifications) {
    if (!TIME_NOTICE_KINDS.has(item.kind)) continue;
    const current = latest.get(item.consultationId);
    if (current === undefined || item.createdAt > current) latest.set(item.consultationId, item.createdAt);
  }
  const superseded = new Set<string>();
  for (const item of notifications) {
    if (TIME_NOTICE_KINDS.has(item.kind) && item.createdAt < latest.get(item.consultationId)!) superseded.add(item.id);
  }
  return superseded;
}
