/**
 * Field-by-field three-way merge of one document, used to resolve replication conflicts
 * without losing anybody's edit silently.
 *
 * - `base`   what both sides last agreed on (RxDB's assumedMasterState), absent for a document
 *            that both sides created independently;
 * - `local`  this device's version (newDocumentState);
 * - `remote` the server's version (realMasterState).
 *
 * A field changed on one side only takes that side's value. A field changed on both sides to
 * different values takes the server's value (the server is the authority) and is reported as a
 * conflict, so the caller can keep the local value somewhere the person sees it.
 */
export type DocumentState = Readonly<Record<string, unknown>>;

export interface MergeConflict {
  field: string;
  base: unknown;
  local: unknown;
  remote: unknown;
}

export interface MergeResult<T extends DocumentState> {
  merged: T;
  conflicts: MergeConflict[];
}

export interface MergeOptions {
  /** Bookkeeping fields that take no part in the merge (kept from the remote side). */
  ignore?: readonly string[];
  /**
   * Fields holding "time of the last edit" (ISO strings): both sides always change them, so
   * the later value wins and it is never reported as a conflict.
   */
  latest?: readonly string[];
}

const DELETED = '_deleted';

export function threeWayMerge<T extends DocumentState>(
  base: DocumentState | undefined,
  local: T,
  remote: T,
  options: MergeOptions = {},
): MergeResult<T> {
  const ignore = new Set(options.ignore ?? []);
  const latest = new Set(options.latest ?? []);
  const merged: Record<string, unknown> = { ...remote };
  const conflicts: MergeConflict[] = [];

  // A document deleted on the server stays deleted; local edits to it become one conflict.
  if (remote[DELETED] === true && local[DELETED] !== true) {
    if (changedFields(base, local, ignore).length > 0 || base === undefined || base[DELETED] === true) {
      conflicts.push({ field: DELETED, base: base?.[DELETED] ?? false, local: false, remote: true });
    }
    return { merged: merged as T, conflicts };
  }

  const fields = new Set([...Object.keys(local), ...Object.keys(remote), ...Object.keys(base ?? {})]);
  for (const field of fields) {
    if (ignore.has(field)) continue;
    const localValue = local[field];
    const remoteValue = remote[field];
    if (deepEqual(localValue, remoteValue)) continue;
    if (latest.has(field)) {
      merged[field] = laterOf(localValue, remoteValue);
      continue;
    }
    const baseValue = base?.[field];
    const localChanged = base === undefined || !deepEqual(baseValue, localValue);
    const remoteChanged = base === undefined || !deepEqual(baseValue, remoteValue);
    if (localChanged && !remoteChanged) {
      setOrDelete(merged, field, localValue);
    } else if (localChanged && remoteChanged) {
      conflicts.push({ field, base: baseValue, local: localValue, remote: remoteValue });
    }
  }
  return { merged: merged as T, conflicts };
}

function changedFields(base: DocumentState | undefined, local: DocumentState, ignore: Set<string>): string[] {
  if (base === undefined) return [];
  const fields = new Set([...Object.keys(local), ...Object.keys(base)]);
  return [...fields].filter((field) => !ignore.has(field) && field !== DELETED && !deepEqual(base[field], local[field]));
}

function setOrDelete(target: Record<string, unknown>, field: string, value: unknown): void {
  if (value === undefined) delete target[field];
  else target[field] = value;
}

function laterOf(a: unknown, b: unknown): unknown {
  if (typeof a !== 'string') return b;
  if (typeof b !== 'string') return a;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta)) return b;
  if (Number.isNaN(tb)) return a;
  return ta >= tb ? a : b;
}

/** Structural equality of JSON values (documents are plain JSON). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  const keysA = Object.keys(recordA).filter((key) => recordA[key] !== undefined);
  const keysB = Object.keys(recordB).filter((key) => recordB[key] !== undefined);
  return keysA.length === keysB.length && keysA.every((key) => deepEqual(recordA[key], recordB[key]));
}
