import type { ConsultationStatus } from '@oblako/domain';
import type { StageRow } from '../../api';

export { STAGE_SORTS, type StageSort } from '../../api';
export { isOverdue, isWaiting, needsAttention } from '../../stage-rules';

/** Statuses a manager may move to another doctor (the state machine's `reassign`). */
export const REASSIGNABLE: readonly ConsultationStatus[] = ['ready', 'taken', 'documents_requested', 'scheduled'];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function canReassign(row: StageRow): boolean {
  return row.consultationId !== null && row.status !== null && REASSIGNABLE.includes(row.status);
}

/** Statuses a manager may cancel (the state machine's `cancel_by_manager`). */
export const CANCELLABLE: readonly ConsultationStatus[] = ['awaiting_documents', 'ready', 'taken', 'documents_requested', 'scheduled'];

export function canCancel(row: StageRow): boolean {
  return row.consultationId !== null && row.status !== null && CANCELLABLE.includes(row.status);
}

/** Whole days and remaining hours of a wait. */
export function waitedParts(waitedMs: number): { days: number; hours: number } {
  const ms = Math.max(0, waitedMs);
  return { days: Math.floor(ms / DAY_MS), hours: Math.floor((ms % DAY_MS) / HOUR_MS) };
}
