import { PATIENT_STAGES, type ConsultationStatus, type PatientStage } from '@oblako/domain';
import type { StageRow } from '../../api';

/** How the manager's overview filters and orders the rows. */
export interface StageFilter {
  stages: readonly PatientStage[];
  overdueOnly: boolean;
  search: string;
  sort: StageSort;
}

export type StageSort = 'waited' | 'name' | 'stage';
export const STAGE_SORTS: readonly StageSort[] = ['waited', 'name', 'stage'];

/** Statuses a manager may move to another doctor (the state machine's `reassign`). */
export const REASSIGNABLE: readonly ConsultationStatus[] = ['ready', 'taken', 'documents_requested', 'scheduled'];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

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

export function canReassign(row: StageRow): boolean {
  return row.consultationId !== null && row.status !== null && REASSIGNABLE.includes(row.status);
}

/** Digits only, so «+7 913 555-12-34», «8913…» and «5551234» find the same person. */
function digits(text: string): string {
  return text.replace(/\D/g, '');
}

function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/ё/g, 'е');
}

export function matchesSearch(row: StageRow, search: string): boolean {
  const text = normalise(search);
  if (text === '') return true;
  if (normalise(row.patientName).includes(text)) return true;
  const wanted = digits(text);
  if (wanted.length < 3) return false;
  const phone = digits(row.phone);
  // A Russian number typed with 8 instead of +7.
  return phone.includes(wanted) || (wanted.startsWith('8') && phone.includes(`7${wanted.slice(1)}`));
}

/** The rows to show, in order: longest wait first by default (no wait → last). */
export function filterStageRows(rows: readonly StageRow[], filter: StageFilter): StageRow[] {
  const shown = rows.filter(
    (row) =>
      (filter.stages.length === 0 || filter.stages.includes(row.stage)) &&
      (!filter.overdueOnly || isOverdue(row)) &&
      matchesSearch(row, filter.search),
  );
  const byName = (a: StageRow, b: StageRow) => a.patientName.localeCompare(b.patientName, 'ru');
  const waited = (row: StageRow) => (row.waitedMs === null ? -1 : row.waitedMs);
  const compare: Record<StageSort, (a: StageRow, b: StageRow) => number> = {
    // Waiting rows first (the promise is running), then by how long.
    waited: (a, b) => Number(isWaiting(b)) - Number(isWaiting(a)) || waited(b) - waited(a) || byName(a, b),
    name: byName,
    stage: (a, b) => PATIENT_STAGES.indexOf(a.stage) - PATIENT_STAGES.indexOf(b.stage) || waited(b) - waited(a) || byName(a, b),
  };
  return shown.sort(compare[filter.sort]);
}

/** Whole days and remaining hours of a wait. */
export function waitedParts(waitedMs: number): { days: number; hours: number } {
  const ms = Math.max(0, waitedMs);
  return { days: Math.floor(ms / DAY_MS), hours: Math.floor((ms % DAY_MS) / HOUR_MS) };
}
