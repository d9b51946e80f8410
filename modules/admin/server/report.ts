import { localiseIssue, type Language, type ReferralField } from '@oblako/domain';
import type { ImportReport, ImportSummary, ReportRow } from '../api';
import type { JournalDoc } from './commit';
import type { StoredReportRow } from './plan';
import { rowLabeller } from './present';

export function summaryOf(journal: JournalDoc): ImportSummary {
  return {
    importId: journal.importId,
    committedAt: journal.committedAt ?? journal.startedAt,
    committedBy: journal.committedBy,
    fileNames: journal.fileNames,
    counts: journal.counts,
  };
}

export function presentReport(journal: JournalDoc, rows: readonly StoredReportRow[], language: Language): ImportReport {
  const label = rowLabeller(rows, language);
  return {
    ...summaryOf(journal),
    previewId: journal.importId,
    state: journal.state === 'done' ? 'committed' : 'finishing',
    rows: rows.map((row): ReportRow => ({
      rowId: row.rowId,
      fileName: row.fileName,
      sheet: row.sheet,
      rowNumber: row.rowNumber,
      fullName: row.fullName,
      phone: row.phone,
      result: row.result,
      ...(row.patientId ? { patientId: row.patientId } : {}),
      reasons: reasonsOf(row, language, label),
    })),
  };
}

function reasonsOf(row: StoredReportRow, language: Language, label: (rowId: string) => string): string[] {
  const reasons = row.issues.map((issue) => localiseIssue(issue, language, label).message);
  if (row.result === 'excluded') reasons.unshift(language === 'ru' ? 'Исключена менеджером при импорте.' : 'Excluded by the manager.');
  return reasons;
}

const CSV_COLUMNS: readonly { field: ReferralField; ru: string; en: string }[] = [
  { field: 'fullName', ru: 'ФИО', en: 'Full name' },
  { field: 'birthDate', ru: 'Дата рождения', en: 'Date of birth' },
  { field: 'phone', ru: 'Телефон', en: 'Phone' },
  { field: 'diagnosis', ru: 'Диагноз', en: 'Diagnosis' },
  { field: 'icd10', ru: 'Код МКБ-10', en: 'ICD-10' },
  { field: 'referringOrganization', ru: 'Направившая медицинская организация', en: 'Referring organisation' },
  { field: 'attendingDoctor', ru: 'Лечащий врач', en: 'Attending doctor' },
  { field: 'consultationProfile', ru: 'Профиль консультации', en: 'Consultation profile' },
  { field: 'region', ru: 'Регион', en: 'Region' },
];

/**
 * The rows that were not imported (errors, and rows the manager excluded) as a CSV Russian
 * Excel opens by double-click: UTF-8 with a BOM, `;` between cells, CRLF line ends. The cells
 * are as the table had them, so the regional doctor can fix and send them again.
 */
export function rejectedCsv(rows: readonly StoredReportRow[], language: Language): string {
  const label = rowLabeller(rows, language);
  const header = [
    language === 'ru' ? 'Файл' : 'File', language === 'ru' ? 'Лист' : 'Sheet', language === 'ru' ? 'Строка' : 'Row',
    ...CSV_COLUMNS.map((column) => column[language]), language === 'ru' ? 'Причина' : 'Reason',
  ];
  const lines = [header, ...rows
    .filter((row) => row.result === 'rejected' || row.result === 'excluded')
    .map((row) => [
      row.fileName, row.sheet, String(row.rowNumber),
      ...CSV_COLUMNS.map((column) => row.raw[column.field] ?? (column.field === 'fullName' ? joinSplitName(row) : '')),
      reasonsOf(row, language, label).join(' '),
    ])];
  return `\ufeff${lines.map((cells) => cells.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

function joinSplitName(row: StoredReportRow): string {
  return [row.raw.lastName, row.raw.firstName, row.raw.middleName].filter(Boolean).join(' ');
}

/** Quoted when needed; a cell Excel would run as a formula is defused with a leading quote. */
function csvCell(value: string): string {
  const safe = /^[=@\t\r]/.test(value) || (/^[+-]/.test(value) && !/^[+-]?[\d\s().-]+$/.test(value)) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
