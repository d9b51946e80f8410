import type { DocumentFileRecord, MedicalDocument } from '../index';

/** A file the doctor's device would like to keep, in order of importance. */
export interface WantedFile {
  /** `<patientId>/<fileId>` */
  key: string;
  size: number;
}

export interface OfflinePlan {
  /** Already on the device and still wanted within the cap. */
  keep: string[];
  /** To download, in this order. */
  fetch: WantedFile[];
  /** To delete: no longer visible, or pushed out by the cap. */
  evict: string[];
  /** Wanted files that do not fit under the cap. */
  doesNotFit: number;
  /** Bytes on the device once the plan is carried out. */
  plannedBytes: number;
}

export function fileKey(patientId: string, fileId: string): string {
  return `${patientId}/${fileId}`;
}

/**
 * The files worth keeping offline, most useful first: documents not yet reviewed, then the
 * newest. Only verified files that their document still lists. `ownId` (a doctor) leaves out the
 * documents of that partition; null (a patient, whose documents are all their own) keeps all.
 */
export function wantedFiles(documents: readonly MedicalDocument[], records: readonly DocumentFileRecord[], ownId: string | null): WantedFile[] {
  const verified = new Map(records.filter((r) => r.status === 'uploaded').map((r) => [fileKey(r.patientId, r.fileId), r]));
  const ordered = documents
    .filter((d) => ownId === null || d.patientId !== ownId)
    .sort(
      (a, b) =>
        Number(a.reviewedAt !== undefined) - Number(b.reviewedAt !== undefined) ||
        b.date.localeCompare(a.date) ||
        b.createdAt.localeCompare(a.createdAt),
    );
  const wanted: WantedFile[] = [];
  for (const document of ordered) {
    for (const file of document.files) {
      const key = fileKey(document.patientId, file.fileId);
      const record = verified.get(key);
      if (record) wanted.push({ key, size: record.size });
    }
  }
  return wanted;
}

/**
 * What to download and what to delete so the device holds the most useful files within
 * `capBytes`. Greedy in order of importance: a file that does not fit is skipped, smaller
 * later ones may still fit. Files no longer wanted are always deleted.
 */
export function planOfflineFiles(wanted: readonly WantedFile[], cached: ReadonlyMap<string, number>, capBytes: number): OfflinePlan {
  const plan: OfflinePlan = { keep: [], fetch: [], evict: [], doesNotFit: 0, plannedBytes: 0 };
  const wantedKeys = new Set<string>();
  let budget = Math.max(0, capBytes);
  for (const file of wanted) {
    if (wantedKeys.has(file.key)) continue;
    wantedKeys.add(file.key);
    const size = cached.get(file.key) ?? file.size;
    if (size <= budget) {
      budget -= size;
      plan.plannedBytes += size;
      if (cached.has(file.key)) plan.keep.push(file.key);
      else plan.fetch.push(file);
    } else {
      plan.doesNotFit++;
      if (cached.has(file.key)) plan.evict.push(file.key);
    }
  }
  for (const key of cached.keys()) if (!wantedKeys.has(key)) plan.evict.push(key);
  return plan;
}
