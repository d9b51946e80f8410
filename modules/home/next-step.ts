import {
  TERMINAL_STATUSES,
  schedulingPromise,
  type Consultation,
  type PatientReadiness,
  type PromiseLevel,
  type Slot,
} from '@oblako/domain';
import { joinWindow, type JoinWindowSettings } from '../video/index';

/**
 * The one thing a patient should do (or wait for) next, from what their device holds: their
 * documents (as readiness), their consultations and their referral. Pure and clock-free (`now`
 * is given), so the home page computes it offline exactly as it would online.
 *
 * The path: upload the attending doctor's conclusion → upload an examination result → choose a
 * specialty (book) → wait for a doctor (2–4 days) → the doctor took you / asks for documents →
 * the consultation at its time (the call opens in its join window) → the conclusion is being
 * written → the conclusion is ready.
 */
export type NextStep =
  | { kind: 'upload_conclusion'; uploading: boolean; consultationId?: string }
  | { kind: 'upload_examination'; uploading: boolean; consultationId?: string }
  | { kind: 'choose_specialty'; suggestedProfile: string; previous: 'none' | 'cancelled' }
  | { kind: 'waiting_doctor'; consultationId: string; specialty: string; promise: PromiseLevel | null; waitedDays: number }
  | { kind: 'documents_requested'; consultationId: string; doctorName: string; comment: string }
  | { kind: 'doctor_assigned'; consultationId: string; doctorName: string; specialty: string }
  | { kind: 'consultation'; consultationId: string; doctorName: string; specialty: string; slot: Slot; call: CallState; opensAt: string; timeRequested: boolean }
  | { kind: 'conclusion_pending'; consultationId: string; doctorName: string }
  | { kind: 'conclusion'; consultationId: string; conclusionId: string; doctorName: string; specialty: string };

export type NextStepKind = NextStep['kind'];

/** The call of a booked consultation: not open yet, open (joinable), open but this device is offline, or over. */
export type CallState = 'soon' | 'open' | 'offline' | 'over';

export interface HomeFacts {
  readiness: PatientReadiness;
  consultations: readonly Consultation[];
  /** The consultation profile of the newest referral (import), '' when none. */
  referralProfile: string;
  now: Date;
  online: boolean;
  joinWindow?: JoinWindowSettings;
}

/** Which active consultation speaks first when there are several: the one nearest the call. */
const URGENCY: Readonly<Record<string, number>> = {
  in_progress: 0, scheduled: 1, held: 2, documents_requested: 3, taken: 4, ready: 5, awaiting_documents: 6,
};

export function nextStep(facts: HomeFacts): NextStep {
  const active = facts.consultations
    .filter((c) => !TERMINAL_STATUSES.includes(c.status))
    .sort((a, b) => (URGENCY[a.status] ?? 9) - (URGENCY[b.status] ?? 9) || (a.slot?.start ?? a.createdAt).localeCompare(b.slot?.start ?? b.createdAt));
  const current = active[0];
  if (current) return stepOf(current, facts);

  const finished = facts.consultations
    .filter((c) => TERMINAL_STATUSES.includes(c.status))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const latest = finished[0];
  if (latest?.status === 'done' && latest.conclusionId) {
    return { kind: 'conclusion', consultationId: latest.id, conclusionId: latest.conclusionId, doctorName: latest.doctorName ?? '', specialty: latest.specialty };
  }
  const documents = documentsStep(facts.readiness);
  if (documents) return documents;
  return { kind: 'choose_specialty', suggestedProfile: facts.referralProfile, previous: latest?.status === 'cancelled' ? 'cancelled' : 'none' };
}

function documentsStep(readiness: PatientReadiness, consultationId?: string): NextStep | null {
  const extra = consultationId ? { consultationId } : {};
  if (readiness.missing.includes('conclusion')) return { kind: 'upload_conclusion', uploading: readiness.pending.includes('conclusion'), ...extra };
  if (readiness.missing.includes('examination')) return { kind: 'upload_examination', uploading: readiness.pending.includes('examination'), ...extra };
  return null;
}

function stepOf(c: Consultation, facts: HomeFacts): NextStep {
  const doctorName = c.doctorName ?? '';
  switch (c.status) {
    case 'awaiting_documents':
      return documentsStep(facts.readiness, c.id) ?? waiting(c, facts.now);
    case 'ready':
      return waiting(c, facts.now);
    case 'taken':
      return { kind: 'doctor_assigned', consultationId: c.id, doctorName, specialty: c.specialty };
    case 'documents_requested':
      return { kind: 'documents_requested', consultationId: c.id, doctorName, comment: c.documentsRequest?.comment ?? '' };
    case 'scheduled':
    case 'in_progress': {
      // Always set in these states (validate.ts); the guard keeps the type honest.
      if (!c.slot) return { kind: 'doctor_assigned', consultationId: c.id, doctorName, specialty: c.specialty };
      const window = joinWindow(c.slot, facts.joinWindow);
      const nowMs = facts.now.getTime();
      const call: CallState =
        nowMs < Date.parse(window.opensAt) ? 'soon' : nowMs > Date.parse(window.closesAt) ? 'over' : facts.online ? 'open' : 'offline';
      return {
        kind: 'consultation', consultationId: c.id, doctorName, specialty: c.specialty, slot: c.slot, call,
        opensAt: window.opensAt, timeRequested: c.timeRequest !== undefined,
      };
    }
    case 'held':
      return { kind: 'conclusion_pending', consultationId: c.id, doctorName };
    default:
      return waiting(c, facts.now);
  }
}

function waiting(c: Consultation, now: Date): NextStep {
  // Before the server marks it ready (readyAt), the wait has not started: no level yet.
  const promise = schedulingPromise(c, now.toISOString());
  return { kind: 'waiting_doctor', consultationId: c.id, specialty: c.specialty, promise: promise?.level ?? null, waitedDays: promise?.waitedDays ?? 0 };
}
