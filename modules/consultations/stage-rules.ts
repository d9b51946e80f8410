import type { StageRow } from './api';

/**
 * The 2–4 day promise as the manager's stages list reads it, shared by the server (filter and
 * order of the paged list) and the page (row colours and words), so both say the same.
 */

/** Still waiting for a first slot: the 2–4 day promise is running for this row. */
export function isWaiting(row: StageRow): boolean {
  return row.readyAt !== null && row.slotStart === null && (row.stage === 'ready' || row.stage === 'taken');
}

/** The promise is broken and the patient is still waiting: the rows to act on now. */
export function isOverdue(row: StageRow): boolean {
  return isWaiting(row) && row.promise === 'overdue';
}

export function needsAttention(row: StageRow): boolean {
  return isWaiting(row) && row.promise === 'attention';
}
