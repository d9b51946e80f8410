import { cellText, comparable } from './normalize';
import type { CellValue, ReferralField } from './types';

/**
 * Recognising the columns of a referral table by their header text, whatever the order and
 * wherever the header row is (tables often start with a title, a date and an empty line).
 * Rules are tried in this order, so «ФИО лечащего врача» is the doctor, not the patient, and
 * «Код диагноза» is the ICD-10 code, not the diagnosis.
 */
const HEADER_RULES: readonly { field: ReferralField; patterns: readonly RegExp[] }[] = [
  { field: 'icd10', patterns: [/мкб/, /(^| )(mkb|icd)( |$)/, /^код (диагноза|заболевания)/, /^шифр/] },
  { field: 'consultationProfile', patterns: [/профиль/, /специальност/, /^вид консультации/, /^консультац/, /^консультант/] },
  { field: 'attendingDoctor', patterns: [/врач/] },
  { field: 'referringOrganization', patterns: [/направивш/, /медицинск[а-я]* организац/, /(^| )(мо|лпу|мед ?организация)( |$)/, /^учреждени/, /^организаци/, /больниц/, /поликлиник/] },
  { field: 'birthDate', patterns: [/дата рождения/, /^д ?р$/, /рождени/, /^birth/] },
  { field: 'phone', patterns: [/телефон/, /(^| )тел( |$)/, /мобильн/, /(^| )моб( |$)/, /сотов/, /^phone/, /^mobile/] },
  { field: 'diagnosis', patterns: [/диагноз/, /заболевани/, /нозолог/, /болезн/] },
  { field: 'region', patterns: [/регион/, /субъект/, /^(область|край|республика)( |$)/, /^область край/, /^region/] },
  { field: 'fullName', patterns: [/^фио( |$)/, /^фамилия и(мя)? о(тчество)?( |$)/, /^пациент( |$)/, /^full name/] },
  { field: 'lastName', patterns: [/^фамилия$/, /^фамилия пациента$/] },
  { field: 'firstName', patterns: [/^имя$/, /^имя пациента$/] },
  { field: 'middleName', patterns: [/^отчество$/, /^отчество пациента$/] },
];

/** Header text → our field, or null. Case, spacing, ё and punctuation do not matter. */
export function recogniseHeader(text: string): ReferralField | null {
  // «Ф.И.О.» and «Ф. И. О.» become «ф и о» after the punctuation goes: one word again.
  const key = comparable(text).replace(/(^| )ф и о(?= |$)/g, '$1фио');
  if (!key) return null;
  for (const rule of HEADER_RULES) {
    if (rule.patterns.some((pattern) => pattern.test(key))) return rule.field;
  }
  return null;
}

export interface HeaderMatch {
  /** 0-based index of the header row in the grid. */
  rowIndex: number;
  /** 0-based column index → field (the first column wins when a field repeats). */
  columns: Map<number, ReferralField>;
  /** Header texts of non-empty cells that matched nothing (or repeated a field). */
  ignored: { column: number; text: string }[];
}

/** How far down a header is looked for. */
export const HEADER_SEARCH_ROWS = 30;

function matchRow(cells: readonly CellValue[]): HeaderMatch['columns'] {
  const columns = new Map<number, ReferralField>();
  const taken = new Set<ReferralField>();
  cells.forEach((cell, column) => {
    if (typeof cell !== 'string') return;
    const field = recogniseHeader(cell);
    if (field && !taken.has(field)) {
      taken.add(field);
      columns.set(column, field);
    }
  });
  return columns;
}

/** Whether a row of columns names the patient (one column or split) and their phone. */
export function hasEssentialColumns(fields: Iterable<ReferralField>): boolean {
  const set = new Set(fields);
  return set.has('phone') && (set.has('fullName') || set.has('lastName'));
}

export function missingEssentialColumns(fields: Iterable<ReferralField>): ReferralField[] {
  const set = new Set(fields);
  const missing: ReferralField[] = [];
  if (!set.has('fullName') && !set.has('lastName')) missing.push('fullName');
  if (!set.has('phone')) missing.push('phone');
  return missing;
}

/**
 * The header row: among the first HEADER_SEARCH_ROWS rows, the one recognising the most
 * columns (the first such on a tie), if it recognises at least two. A title merged across
 * the columns repeats one text in every cell and so recognises at most one field.
 */
export function findHeader(grid: readonly (readonly CellValue[])[]): HeaderMatch | null {
  let best: { rowIndex: number; columns: Map<number, ReferralField>; essential: boolean } | null = null;
  const limit = Math.min(grid.length, HEADER_SEARCH_ROWS);
  for (let rowIndex = 0; rowIndex < limit; rowIndex++) {
    const columns = matchRow(grid[rowIndex] ?? []);
    if (columns.size < 2) continue;
    const essential = hasEssentialColumns(columns.values());
    // A row with the essential columns beats a bigger one without them (a legend row, say).
    if (!best || (essential && !best.essential) || (essential === best.essential && columns.size > best.columns.size)) {
      best = { rowIndex, columns, essential };
    }
  }
  if (!best) return null;
  const ignored: HeaderMatch['ignored'] = [];
  (grid[best.rowIndex] ?? []).forEach((cell, column) => {
    const text = cellText(cell);
    if (text && !best.columns.has(column)) ignored.push({ column, text });
  });
  return { rowIndex: best.rowIndex, columns: best.columns, ignored };
}

/** 0 → A, 25 → Z, 26 → AA: how Excel names columns. */
export function columnLetter(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
