import {
  assessRows, errorMessage, localiseIssue, summarise,
  type Assessment, type ExistingFacts, type Language, type ReferralField, type RowIssue,
} from '@oblako/domain';
import type { FileProblem, ImportPreview, PreviewFile, PreviewRow, SheetProblem } from '../api';
import type { StoredPreview } from './previews';
import type { FileMeta, TableRow } from './rows';

/** «Октябрь», строка 12 — how a row is named in messages about other rows. */
export function rowLabeller(rows: readonly Pick<TableRow, 'rowId' | 'sheet' | 'rowNumber'>[], language: Language): (rowId: string) => string {
  const byId = new Map(rows.map((row) => [row.rowId, row]));
  return (rowId) => {
    const row = byId.get(rowId);
    if (!row) return rowId;
    return language === 'ru' ? `«${row.sheet}», строка ${row.rowNumber}` : `"${row.sheet}", row ${row.rowNumber}`;
  };
}

export function assess(rows: readonly TableRow[], facts: ReadonlyMap<string, ExistingFacts>, excluded: ReadonlySet<string> = new Set()): Assessment[] {
  return assessRows(rows.map((row) => ({ ...row, ...(facts.has(row.rowId) ? { existing: facts.get(row.rowId)! } : {}) })), excluded);
}

export function localiseIssues(issues: readonly RowIssue[], language: Language, label: (rowId: string) => string) {
  return issues.map((issue) => localiseIssue(issue, language, label));
}

export function presentFiles(files: readonly FileMeta[], language: Language): PreviewFile[] {
  return files.map((file) => ({
    index: file.index,
    name: file.name,
    ...(file.format ? { format: file.format } : {}),
    ...(file.encoding ? { encoding: file.encoding } : {}),
    ...(file.delimiter ? { delimiter: file.delimiter } : {}),
    sheets: file.sheets.map((sheet) => ({
      name: sheet.name,
      headerRow: sheet.headerRow,
      columns: sheet.columns,
      ignoredHeaders: sheet.ignoredHeaders,
      dataRows: sheet.dataRows,
      ...(sheet.problem
        ? { problem: { code: sheet.problem.code, message: sheetProblemMessage(sheet, language), ...(sheet.problem.missing?.length ? { missing: sheet.problem.missing } : {}) } satisfies SheetProblem }
        : {}),
    })),
    ...(file.problem ? { problem: fileProblem(file.problem, language) } : {}),
  }));
}

/** The column names a manager knows from the template. */
const ESSENTIAL_COLUMN_NAMES: Partial<Record<ReferralField, Record<Language, string>>> = {
  fullName: { ru: '«ФИО»', en: '"ФИО" (full name)' },
  phone: { ru: '«Телефон»', en: '"Телефон" (phone)' },
};

/** «В строке заголовков (строка 2) нет обязательных столбцов: «Телефон». …» — which row was taken for the header, and what it lacks. */
function sheetProblemMessage(sheet: FileMeta['sheets'][number], language: Language): string {
  const problem = sheet.problem!;
  const message = errorMessage(problem.code, language);
  if (problem.code !== 'sheet_missing_columns') return message;
  const names = (problem.missing ?? []).map((field) => ESSENTIAL_COLUMN_NAMES[field]?.[language] ?? field).join(', ');
  return language === 'ru'
    ? `${message} (строка ${sheet.headerRow}): ${names}. Переименуйте заголовок столбца или добавьте столбец.`
    : `${message} (row ${sheet.headerRow}): ${names}. Rename the column header or add the column.`;
}

function fileProblem(problem: NonNullable<FileMeta['problem']>, language: Language): FileProblem {
  const message = errorMessage(problem.code, language);
  const line = problem.line;
  return {
    code: problem.code,
    message: line ? `${message} ${language === 'ru' ? `Строка ${line}.` : `Line ${line}.`}` : message,
    ...(line ? { line } : {}),
  };
}

/** The preview as the manager sees it: every row with its status, outcome and reasons. */
export function presentPreview(preview: StoredPreview, facts: ReadonlyMap<string, ExistingFacts>, language: Language): ImportPreview {
  const assessments = assess(preview.rows, facts);
  const label = rowLabeller(preview.rows, language);
  const rows: PreviewRow[] = preview.rows.map((row, index) => {
    const assessment = assessments[index]!;
    const existing = facts.get(row.rowId);
    return {
      rowId: row.rowId,
      file: row.file,
      sheet: row.sheet,
      rowNumber: row.rowNumber,
      values: row.values,
      raw: row.raw,
      status: assessment.status,
      outcome: assessment.outcome,
      issues: localiseIssues(assessment.issues, language, label),
      ...(assessment.personKey ? { personKey: assessment.personKey } : {}),
      ...(existing ? { existing } : {}),
    };
  });
  return {
    previewId: preview.id,
    createdAt: preview.createdAt,
    expiresAt: preview.expiresAt,
    files: presentFiles(preview.files, language),
    rows,
    summary: summarise(assessments),
  };
}
