import { assessRows, localiseIssue, type ExistingFacts, type ReferralRowValues, type RowIssue } from '@oblako/domain';
import type { ImportPreview, PreviewRow } from '../api';

/** Test doubles for the pages' specs (never imported by the pages themselves). */

export interface RowSpec {
  sheet?: string;
  rowNumber: number;
  values: Partial<ReferralRowValues>;
  /** The row's own problems (what readRow found). */
  issues?: RowIssue[];
  existing?: ExistingFacts;
}

const EMPTY: ReferralRowValues = {
  fullName: '', birthDate: '', phone: '', diagnosis: '', icd10: '', referringOrganization: '', attendingDoctor: '', consultationProfile: '', region: '', timeZone: '',
};

/** A preview as the server makes it: rows assessed by the same rules, messages in Russian. */
export function previewOf(specs: readonly RowSpec[], fileName = 'направления.xlsx'): ImportPreview {
  const rows = specs.map((spec) => ({
    rowId: `0:0:${spec.rowNumber}`,
    sheet: spec.sheet ?? 'Октябрь',
    rowNumber: spec.rowNumber,
    values: { ...EMPTY, ...spec.values },
    issues: spec.issues ?? [],
    existing: spec.existing,
  }));
  const assessments = assessRows(rows.map((row) => ({ rowId: row.rowId, values: row.values, issues: row.issues, ...(row.existing ? { existing: row.existing } : {}) })));
  const label = (rowId: string) => `строка ${rowId.split(':')[2]}`;
  const previewRows: PreviewRow[] = rows.map((row, index) => {
    const assessment = assessments[index]!;
    return {
      rowId: row.rowId,
      file: 0,
      sheet: row.sheet,
      rowNumber: row.rowNumber,
      values: row.values,
      raw: { fullName: row.values.fullName, phone: row.values.phone },
      status: assessment.status,
      outcome: assessment.outcome,
      issues: assessment.issues.map((issue) => localiseIssue(issue, 'ru', label)),
      ...(assessment.personKey ? { personKey: assessment.personKey } : {}),
      ...(row.existing ? { existing: row.existing } : {}),
    };
  });
  const count = (status: string) => previewRows.filter((row) => row.status === status).length;
  return {
    previewId: '11111111-1111-4111-8111-111111111111',
    createdAt: '2026-11-26T09:00:00.000Z',
    expiresAt: '2026-11-26T10:00:00.000Z',
    files: [{
      index: 0, name: fileName, format: 'xlsx',
      sheets: [{ name: 'Октябрь', headerRow: 2, columns: [
        { field: 'fullName', header: 'ФИО пациента', column: 'A' },
        { field: 'phone', header: 'Телефон', column: 'C' },
      ], ignoredHeaders: ['№'], dataRows: previewRows.length }],
    }],
    rows: previewRows,
    summary: { rows: previewRows.length, valid: count('valid'), warning: count('warning'), error: count('error'), newPatients: 0, existingPatients: 0, referrals: 0 },
  };
}

/** Two people with one phone, a good row, a row with a bad phone. */
export function conflictPreview(): ImportPreview {
  return previewOf([
    { rowNumber: 3, values: { fullName: 'Соколова Анна Игоревна', phone: '+79135551234', diagnosis: 'Гипертония', icd10: 'I10' } },
    { rowNumber: 4, values: { fullName: 'Волков Пётр Андреевич', phone: '+79135551234', diagnosis: 'Диабет', icd10: 'E11' } },
    { rowNumber: 5, values: { fullName: 'Лебедев Олег', phone: '+79135559900', diagnosis: 'Артроз', icd10: 'M17' } },
    { rowNumber: 6, values: { fullName: 'Морозова Елена' }, issues: [{ code: 'phone_invalid', severity: 'error', field: 'phone' }] },
  ]);
}

/** `count` valid rows of distinct people (the 5,000-row case). */
export function largePreview(count: number): ImportPreview {
  return previewOf(Array.from({ length: count }, (_unused, index) => ({
    rowNumber: index + 2,
    values: { fullName: `Пациентова Анна ${index}`, phone: `+7913${String(1_000_000 + index).slice(1).padStart(7, '0')}`, diagnosis: 'Гипертония', icd10: 'I10' },
  })));
}
