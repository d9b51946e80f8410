import { PATIENT_STAGES, patientStage, schedulingPromise, type PatientStage } from '@oblako/domain';
import type { StageRow, StageSort, StagesPage } from '../../api';
import { isOverdue, isWaiting } from '../../stage-rules';
import type { PatientFacts } from './facts';

/** The filter of one request, parsed and checked (see routes). */
export interface StagesFilter {
  limit: number;
  /** The sort key after which the page starts (decoded cursor). */
  after: SortKey | null;
  search: string;
  stages: readonly PatientStage[];
  overdueOnly: boolean;
  sort: StageSort;
}

/**
 * The position of a row in the chosen order: [group, number, name, patient id]. Every part is
 * fixed while the row does not change (a waiting row is keyed by when its documents were ready,
 * not by how long ago that is), so a cursor stays valid as time passes and new patients arrive.
 */
export type SortKey = readonly [number, number, string, string];

const collator = new Intl.Collator('ru');
/** Rows with no wait go after every waited time. */
const NO_WAIT = 1;

export function stageRow(facts: PatientFacts, now: string): StageRow {
  const { current } = facts;
  const promise = current ? schedulingPromise(current, now) : null;
  return {
    patientId: facts.patientId,
    patientName: facts.name,
    phone: facts.phone,
    region: facts.region,
    timeZone: facts.timeZone,
    stage: patientStage(current, facts.readiness),
    consultationId: current?.id ?? null,
    status: current?.status ?? null,
    specialty: current?.specialty ?? '',
    doctorId: current?.doctorId ?? null,
    doctorName: facts.doctorName,
    readyAt: current?.readyAt ?? null,
    slotStart: current?.slot?.start ?? null,
    promise: promise?.level ?? null,
    waitedMs: promise?.waitedMs ?? null,
    missing: facts.readiness.missing,
  };
}

function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/ё/g, 'е');
}

/** A part of the name, or ≥ 3 digits of the phone («8 913…» finds «+7 913…»). */
export function matchesSearch(row: StageRow, search: string): boolean {
  const text = normalise(search);
  if (text === '') return true;
  if (normalise(row.patientName).includes(text)) return true;
  const wanted = text.replace(/\D/g, '');
  if (wanted.length < 3) return false;
  const phone = row.phone.replace(/\D/g, '');
  return phone.includes(wanted) || (wanted.startsWith('8') && phone.includes(`7${wanted.slice(1)}`));
}

export function sortKey(row: StageRow, sort: StageSort): SortKey {
  const name = normalise(row.patientName);
  if (sort === 'name') return [0, 0, name, row.patientId];
  const waiting = isWaiting(row);
  // Waiting: the earliest ready first (the longest wait). Others: the longest recorded wait first.
  const waited = waiting ? Date.parse(row.readyAt!) : row.waitedMs === null ? NO_WAIT : -row.waitedMs;
  const group = waiting ? 0 : 1;
  return [sort === 'stage' ? PATIENT_STAGES.indexOf(row.stage) * 2 + group : group, waited, name, row.patientId];
}

export function compareKeys(a: SortKey, b: SortKey): number {
  return a[0] - b[0] || a[1] - b[1] || collator.compare(a[2], b[2]) || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0);
}

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key a cursor carries, or null when it is not one of ours. */
export function decodeCursor(cursor: string): SortKey | null {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(key) || key.length !== 4) return null;
    const [group, waited, name, id] = key as unknown[];
    if (!Number.isFinite(group) || !Number.isFinite(waited) || typeof name !== 'string' || typeof id !== 'string') return null;
    return [group as number, waited as number, name, id];
  } catch {
    return null;
  }
}

/** One page of the list from every patient's facts at `now`. */
export function stagesPage(all: readonly PatientFacts[], filter: StagesFilter, now: string): StagesPage {
  const counts = Object.fromEntries(PATIENT_STAGES.map((stage) => [stage, 0])) as Record<PatientStage, number>;
  let overdue = 0;
  const matching: { row: StageRow; key: SortKey }[] = [];
  for (const facts of all) {
    const row = stageRow(facts, now);
    counts[row.stage]++;
    const late = isOverdue(row);
    if (late) overdue++;
    if (filter.stages.length > 0 && !filter.stages.includes(row.stage)) continue;
    if (filter.overdueOnly && !late) continue;
    if (!matchesSearch(row, filter.search)) continue;
    matching.push({ row, key: sortKey(row, filter.sort) });
  }
  matching.sort((a, b) => compareKeys(a.key, b.key));
  const after = filter.after;
  const start = after === null ? 0 : firstAfter(matching, after);
  const page = matching.slice(start, start + filter.limit);
  const last = page[page.length - 1];
  return {
    rows: page.map((entry) => entry.row),
    total: matching.length,
    counts,
    overdue,
    ...(last && start + filter.limit < matching.length ? { nextCursor: encodeCursor(last.key) } : {}),
  };
}

/** Index of the first entry whose key is after `key` (binary search on the sorted list). */
function firstAfter(sorted: readonly { key: SortKey }[], key: SortKey): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compareKeys(sorted[middle]!.key, key) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
