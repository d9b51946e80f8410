import type { Consultation, Role } from '@oblako/domain';

/** How long before the slot a call opens and how long after its end it can still be joined. */
export interface JoinWindowSettings {
  beforeMinutes: number;
  afterMinutes: number;
}

export const DEFAULT_JOIN_WINDOW: JoinWindowSettings = { beforeMinutes: 15, afterMinutes: 30 };

export interface JoinWindow {
  /** UTC ISO instants. */
  opensAt: string;
  closesAt: string;
}

/** The two people of a call; nobody else ever joins one. */
export type CallRole = 'patient' | 'doctor';

/** Why someone may not join (the HTTP status follows the kind: 403 who, 409 state or time). */
export type CallRefusalCode =
  | 'call_role_not_allowed'
  | 'call_not_your_consultation'
  | 'call_not_scheduled'
  | 'call_consultation_cancelled'
  | 'call_consultation_finished'
  | 'call_too_early'
  | 'call_too_late';

export type CallAccess =
  | { ok: true; role: CallRole; window: JoinWindow }
  | { ok: false; status: 403 | 409; code: CallRefusalCode; window?: JoinWindow };

export function joinWindow(slot: { start: string; end: string }, settings: JoinWindowSettings = DEFAULT_JOIN_WINDOW): JoinWindow {
  return {
    opensAt: new Date(Date.parse(slot.start) - settings.beforeMinutes * 60_000).toISOString(),
    closesAt: new Date(Date.parse(slot.end) + settings.afterMinutes * 60_000).toISOString(),
  };
}

/**
 * May this person join the call of this consultation now? Only its patient and the doctor who
 * holds it, only while it is scheduled or in progress, only inside the join window
 * (slot start − before … slot end + after, both edges included). Pure: the server decides with
 * its clock; the PWA uses the same rule to show the button or when it opens.
 */
export function checkCallAccess(
  consultation: Pick<Consultation, 'patientId' | 'doctorId' | 'status' | 'slot'>,
  user: { id: string; role: Role },
  now: Date,
  settings: JoinWindowSettings = DEFAULT_JOIN_WINDOW,
): CallAccess {
  if (user.role !== 'patient' && user.role !== 'doctor') return { ok: false, status: 403, code: 'call_role_not_allowed' };
  const party = user.role === 'patient' ? consultation.patientId : consultation.doctorId;
  if (party !== user.id) return { ok: false, status: 403, code: 'call_not_your_consultation' };
  if (consultation.status === 'cancelled') return { ok: false, status: 409, code: 'call_consultation_cancelled' };
  if (consultation.status === 'held' || consultation.status === 'done') return { ok: false, status: 409, code: 'call_consultation_finished' };
  if ((consultation.status !== 'scheduled' && consultation.status !== 'in_progress') || !consultation.slot) {
    return { ok: false, status: 409, code: 'call_not_scheduled' };
  }
  const window = joinWindow(consultation.slot, settings);
  const at = now.getTime();
  if (at < Date.parse(window.opensAt)) return { ok: false, status: 409, code: 'call_too_early', window };
  if (at > Date.parse(window.closesAt)) return { ok: false, status: 409, code: 'call_too_late', window };
  return { ok: true, role: user.role, window };
}
