import { randomUUID } from 'node:crypto';
import { type Assessment, type ReferralRowValues, type RowIssue } from '@oblako/domain';
import type { ImportCounts, ReportRow, ReportRowResult } from '../api';
import type { Referral } from '../referral-schema';
import { referralDocId } from './facts';
import type { StoredPreview } from './previews';
import type { TableRow } from './rows';

/** A new patient account the import creates. */
export interface PlannedAccount {
  id: string;
  phone: string;
  name: string;
  birthDate: string;
  /** From the referral's region column: the profile's region and zone ('' = not given or not recognised). */
  region: string;
  timeZone: string;
}

/** A referral as stored (CouchDB form: the primary key in `_id`). */
export type ReferralDoc = Omit<Referral, 'id'> & { _id: string };

/**
 * One row of the report, kept with the import: the API's ReportRow with the issues as codes
 * (localised when read) and the row as written, for the CSV of rejected rows.
 */
export type StoredReportRow = Omit<ReportRow, 'reasons'> & {
  issues: RowIssue[];
  raw: TableRow['raw'];
};

export interface ImportPlan {
  accounts: PlannedAccount[];
  referrals: ReferralDoc[];
  report: StoredReportRow[];
  counts: ImportCounts;
}

const RESULT_BY_OUTCOME: Record<Assessment['outcome'], ReportRowResult> = {
  new_patient: 'created',
  existing_patient: 'existing',
  already_imported: 'already_imported',
  duplicate: 'duplicate',
  rejected: 'rejected',
  excluded: 'excluded',
};

/**
 * Everything the import will write, decided before anything is written: one account per new
 * person (several rows, sheets or files of one phone), one referral per distinct referral
 * (its id from the idempotency key), one report row per table row.
 */
export function planImport(
  importId: string,
  preview: StoredPreview,
  assessments: readonly Assessment[],
  existingAccountOf: (rowId: string) => string | undefined,
  importedBy: string,
  now = new Date(),
): ImportPlan {
  const accountsByPerson = new Map<string, PlannedAccount>();
  const rowsByPerson = new Map<string, TableRow[]>();
  preview.rows.forEach((row, index) => {
    const assessment = assessments[index]!;
    if (assessment.outcome !== 'new_patient') return;
    const list = rowsByPerson.get(assessment.personKey!) ?? [];
    list.push(row);
    rowsByPerson.set(assessment.personKey!, list);
  });
  for (const [phone, rows] of rowsByPerson) {
    accountsByPerson.set(phone, {
      id: randomUUID(),
      phone,
      // The fullest spelling of the name (with the patronymic when some row has it).
      name: rows.map((row) => row.values.fullName).sort((a, b) => b.length - a.length)[0]!,
      birthDate: rows.find((row) => row.values.birthDate)?.values.birthDate ?? '',
      ...placeOf(rows),
    });
  }

  const fileNames = preview.files.map((file) => file.name);
  const referrals: ReferralDoc[] = [];
  const report: StoredReportRow[] = [];
  const counts: ImportCounts = {
    rows: preview.rows.length, createdPatients: accountsByPerson.size, existingPatients: 0, referralsCreated: 0,
    referralsExisting: 0, duplicates: 0, rejected: 0, excluded: 0, smsQueued: accountsByPerson.size,
  };
  const existingPeople = new Set<string>();
  preview.rows.forEach((row, index) => {
    const assessment = assessments[index]!;
    const planned = assessment.personKey ? accountsByPerson.get(assessment.personKey) : undefined;
    const patientId = planned?.id ?? existingAccountOf(row.rowId);
    if ((assessment.outcome === 'new_patient' || assessment.outcome === 'existing_patient') && patientId) {
      referrals.push(referralDoc(row.values, patientId, assessment.referralKey!, { fileName: fileNames[row.file] ?? '', sheet: row.sheet, rowNumber: row.rowNumber }, importId, importedBy, now));
      counts.referralsCreated++;
      if (assessment.outcome === 'existing_patient') existingPeople.add(patientId);
    }
    if (assessment.outcome === 'already_imported') counts.referralsExisting++;
    if (assessment.outcome === 'duplicate') counts.duplicates++;
    if (assessment.outcome === 'rejected') counts.rejected++;
    if (assessment.outcome === 'excluded') counts.excluded++;
    report.push({
      rowId: row.rowId,
      fileName: fileNames[row.file] ?? '',
      sheet: row.sheet,
      rowNumber: row.rowNumber,
      fullName: row.values.fullName || row.raw.fullName || '',
      phone: row.values.phone || row.raw.phone || '',
      result: RESULT_BY_OUTCOME[assessment.outcome],
      ...(patientId && assessment.outcome !== 'rejected' && assessment.outcome !== 'excluded' ? { patientId } : {}),
      issues: assessment.issues.filter((issue) => issue.severity !== 'info'),
      raw: row.raw,
    });
  });
  counts.existingPatients = existingPeople.size;
  return { accounts: [...accountsByPerson.values()], referrals, report, counts };
}

/** The first recognised region among a person's rows (an unrecognised one is kept as written, without a zone). */
function placeOf(rows: readonly TableRow[]): { region: string; timeZone: string } {
  const recognised = rows.find((row) => row.values.timeZone);
  if (recognised) return { region: recognised.values.region, timeZone: recognised.values.timeZone };
  return { region: rows.find((row) => row.values.region)?.values.region ?? '', timeZone: '' };
}

function referralDoc(
  values: ReferralRowValues, patientId: string, key: string, source: Referral['source'], importId: string, importedBy: string, now: Date,
): ReferralDoc {
  return {
    _id: referralDocId(patientId, key),
    patientId,
    diagnosis: values.diagnosis,
    icd10: values.icd10,
    referringOrganization: values.referringOrganization,
    attendingDoctor: values.attendingDoctor,
    consultationProfile: values.consultationProfile,
    source: { fileName: source.fileName.slice(0, 255), sheet: source.sheet.slice(0, 100), rowNumber: source.rowNumber },
    importId,
    importedBy,
    importedAt: now.toISOString(),
  };
}
