import type { ImportCounts, ReportRow } from '../api';

/**
 * Patients this import gave two or more referrals (one person on two sheets, or two diseases):
 * one account, several referrals. patientId → how many referrals the import added.
 */
export function mergedPatients(rows: readonly ReportRow[]): ReadonlyMap<string, number> {
  const referrals = new Map<string, number>();
  for (const row of rows) {
    if (!row.patientId || (row.result !== 'created' && row.result !== 'existing')) continue;
    referrals.set(row.patientId, (referrals.get(row.patientId) ?? 0) + 1);
  }
  for (const [patientId, count] of referrals) if (count < 2) referrals.delete(patientId);
  return referrals;
}

/**
 * The report's first sentence: what the import did in words. A re-import of the same table says
 * that its rows were already imported, not «создано 0».
 */
export type ReportHeadline =
  | { kind: 'nothing_new'; alreadyImported: number }
  | { kind: 'imported'; patients: number; referrals: number; alreadyImported: number; merged: number }
  | { kind: 'nothing_imported' };

export function reportHeadline(counts: ImportCounts, merged: number): ReportHeadline {
  if (counts.referralsCreated === 0) {
    return counts.referralsExisting > 0 ? { kind: 'nothing_new', alreadyImported: counts.referralsExisting } : { kind: 'nothing_imported' };
  }
  return {
    kind: 'imported', patients: counts.createdPatients + counts.existingPatients, referrals: counts.referralsCreated,
    alreadyImported: counts.referralsExisting, merged,
  };
}
