import { cellText, isSingleWordName, joinName, nameProblem, normalizeIcd10, normalizeName, parseDate, parsePhoneCell, splitLeadingIcd10 } from './normalize';
import { regionFromText } from '../russian-regions';
import type { CellValue, ReferralField, ReferralRowValues, RowIssue } from './types';

/** Dates of birth before this year are typos (1889 for 1989). */
export const EARLIEST_BIRTH_YEAR = 1900;
const NAME_ISSUE = { missing: 'name_missing', invalid: 'name_invalid', characters: 'name_characters' } as const;
const MAX_TEXT = { diagnosis: 500, referringOrganization: 300, attendingDoctor: 200, consultationProfile: 200, region: 200 } as const;

export interface ReadRow {
  values: ReferralRowValues;
  /** The cells as written, by field (for showing the manager what was wrong). */
  raw: Partial<Record<ReferralField, string>>;
  /** Problems of this row on its own (duplicates and existing accounts come later, in assessRows). */
  issues: RowIssue[];
}

/** Whether a grid row has nothing in any recognised column (skipped, not an error). */
export function isBlankRow(cells: readonly CellValue[], columns: ReadonlyMap<number, ReferralField>): boolean {
  for (const column of columns.keys()) if (cellText(cells[column]) !== '') return false;
  return true;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * One data row → normalised values and its own problems. Errors (the row cannot be imported):
 * no or bad name, no or bad phone, an impossible or future birth date. Warnings (imported all
 * the same): no birth date, no diagnosis, an ICD-10 code that is not one (left out), a region
 * that names no federal subject (the zone stays Moscow).
 */
export function readRow(cells: readonly CellValue[], columns: ReadonlyMap<number, ReferralField>, today = new Date()): ReadRow {
  const cell: Partial<Record<ReferralField, CellValue>> = {};
  const raw: Partial<Record<ReferralField, string>> = {};
  for (const [column, field] of columns) {
    const value = cells[column] ?? null;
    cell[field] = value;
    const text = cellText(value);
    if (text) raw[field] = text;
  }
  const issues: RowIssue[] = [];

  const fullName = normalizeName(cell.fullName) || joinName([cell.lastName, cell.firstName, cell.middleName]);
  const nameIssue = nameProblem(fullName);
  if (nameIssue) issues.push({ code: NAME_ISSUE[nameIssue], severity: 'error', field: 'fullName' });
  else if (isSingleWordName(fullName)) issues.push({ code: 'name_single_word', severity: 'warning', field: 'fullName' });

  let phone = '';
  const phoneResult = parsePhoneCell(cell.phone);
  if (!phoneResult) issues.push({ code: 'phone_missing', severity: 'error', field: 'phone' });
  else if ('problem' in phoneResult) issues.push({ code: 'phone_invalid', severity: 'error', field: 'phone' });
  else phone = phoneResult.phone;

  let birthDate = '';
  const dateResult = parseDate(cell.birthDate, today);
  if (!dateResult) issues.push({ code: 'birth_date_missing', severity: 'warning', field: 'birthDate' });
  else if ('problem' in dateResult) issues.push({ code: 'birth_date_invalid', severity: 'error', field: 'birthDate' });
  else if (dateResult.date > today.toISOString().slice(0, 10)) issues.push({ code: 'birth_date_future', severity: 'error', field: 'birthDate' });
  else if (Number(dateResult.date.slice(0, 4)) < EARLIEST_BIRTH_YEAR) issues.push({ code: 'birth_date_too_early', severity: 'error', field: 'birthDate' });
  else birthDate = dateResult.date;

  let diagnosis = cellText(cell.diagnosis);
  let icd10 = '';
  const icdResult = normalizeIcd10(cell.icd10);
  if (icdResult && 'code' in icdResult) {
    icd10 = icdResult.code;
  } else {
    // «C50.9 Рак молочной железы» in the code column, or in the diagnosis column with no code column.
    const fromCode = icdResult ? splitLeadingIcd10(cellText(cell.icd10)) : null;
    const fromDiagnosis = !fromCode && diagnosis ? splitLeadingIcd10(diagnosis) : null;
    if (fromCode) {
      icd10 = fromCode.code;
      if (!diagnosis) diagnosis = fromCode.rest;
    } else if (icdResult) {
      issues.push({ code: 'icd10_invalid', severity: 'warning', field: 'icd10' });
    } else if (fromDiagnosis) {
      icd10 = fromDiagnosis.code;
    }
  }
  if (!diagnosis && !icd10) issues.push({ code: 'diagnosis_missing', severity: 'warning', field: 'diagnosis' });

  // The region sets the zone of the patient's profile; one we cannot place keeps Moscow, with a word to the manager.
  const regionText = cellText(cell.region);
  const region = regionText ? regionFromText(regionText) : null;
  if (regionText && !region) issues.push({ code: 'region_unknown', severity: 'warning', field: 'region' });

  return {
    values: {
      fullName,
      birthDate,
      phone,
      diagnosis: clip(diagnosis, MAX_TEXT.diagnosis),
      icd10,
      referringOrganization: clip(cellText(cell.referringOrganization), MAX_TEXT.referringOrganization),
      attendingDoctor: clip(cellText(cell.attendingDoctor), MAX_TEXT.attendingDoctor),
      consultationProfile: clip(cellText(cell.consultationProfile), MAX_TEXT.consultationProfile),
      region: region ? region.name : clip(regionText, MAX_TEXT.region),
      timeZone: region ? region.timeZone : '',
    },
    raw,
    issues,
  };
}
