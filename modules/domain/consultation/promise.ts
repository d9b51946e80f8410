import { instantMs, toIso, type Instant } from './instant';
import type { PatientReadiness } from './readiness';
import type { Consultation } from './types';

/**
 * The seed's promise: once the documents are in, the patient hears about their consultation
 * within 2–4 days («Пациенту в личный кабинет приходит уведомление (2-4 дня)»). The clock runs
 * from `readyAt` until the first slot is booked. Days are elapsed 24-hour days, not working
 * days: the seed promises days to the patient, and a weekend does not stop their wait.
 */
export const PROMISE_ATTENTION_DAYS = 2;
export const PROMISE_DEADLINE_DAYS = 4;

const DAY_MS = 86_400_000;

/**
 * `on_time` — under 2 days; `attention` — 2 to 4 days: highlight, the promise is running out;
 * `overdue` — more than 4 days: the promise is broken.
 */
export type PromiseLevel = 'on_time' | 'attention' | 'overdue';

export interface PromiseStatus {
  level: PromiseLevel;
  /** How long the patient has waited (or waited, when the clock stopped). */
  waitedMs: number;
  /** Whole days waited, for «ждёт 3 дня». */
  waitedDays: number;
  /** When the 4 days are over. */
  dueAt: string;
  /** `dueAt` once it has passed, else null. */
  overdueSince: string | null;
}

/** Where the 2–4 day promise stands for documents ready at `readyAt`, at `now`. */
export function overdueSince(readyAt: Instant, now: Instant): PromiseStatus {
  const readyMs = instantMs(readyAt);
  const nowMs = instantMs(now);
  if (Number.isNaN(readyMs) || Number.isNaN(nowMs)) throw new RangeError('overdueSince needs two instants');
  const waitedMs = Math.max(0, nowMs - readyMs);
  const dueMs = readyMs + PROMISE_DEADLINE_DAYS * DAY_MS;
  const level: PromiseLevel = waitedMs > PROMISE_DEADLINE_DAYS * DAY_MS ? 'overdue' : waitedMs >= PROMISE_ATTENTION_DAYS * DAY_MS ? 'attention' : 'on_time';
  return {
    level,
    waitedMs,
    waitedDays: Math.floor(waitedMs / DAY_MS),
    dueAt: toIso(dueMs),
    overdueSince: level === 'overdue' ? toIso(dueMs) : null,
  };
}

/**
 * The promise for one consultation: running while it waits for a first slot, stopped at the
 * first booking (was the promise kept?), null when the documents are not ready yet or it was
 * cancelled before any booking.
 */
export function schedulingPromise(consultation: Consultation, now: Instant): PromiseStatus | null {
  if (consultation.readyAt === undefined) return null;
  if (consultation.firstScheduledAt !== undefined) return overdueSince(consultation.readyAt, consultation.firstScheduledAt);
  if (consultation.status === 'cancelled') return null;
  return overdueSince(consultation.readyAt, now);
}

/** The stages the manager's overview shows (registered → documents → ready → taken → scheduled → in progress → done/cancelled). */
export const PATIENT_STAGES = ['registered', 'documents', 'ready', 'taken', 'scheduled', 'in_progress', 'done', 'cancelled'] as const;
export type PatientStage = (typeof PATIENT_STAGES)[number];

/** The stage of a patient from their current consultation (if any) and their documents. */
export function patientStage(consultation: Consultation | null | undefined, readiness: PatientReadiness): PatientStage {
  switch (consultation?.status) {
    case undefined:
    case 'awaiting_documents': {
      const uploaded = readiness.counts.conclusion + readiness.counts.examination + readiness.pending.length;
      return uploaded === 0 ? 'registered' : 'documents';
    }
    case 'ready':
      return 'ready';
    case 'taken':
    case 'documents_requested':
      return 'taken';
    case 'scheduled':
      return 'scheduled';
    case 'in_progress':
      return 'in_progress';
    case 'held':
    case 'done':
      return 'done';
    case 'cancelled':
      return 'cancelled';
  }
}
