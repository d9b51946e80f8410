import type ExcelJS from 'exceljs';
import { HEADER_SEARCH_ROWS, type CellValue } from '@oblako/domain';
import { HttpError } from '@oblako/server-kit';
import type { ParsedFile, ParsedSheet } from './types';

/**
 * An .xlsx workbook → one grid per visible sheet. Formulas give their cached result (what the
 * manager sees in Excel), merged cells repeat the top-left value in every cell of the range (a
 * sending organisation merged down several rows belongs to each of them), rich text and links
 * give their text. Hidden sheets (lookup lists) are skipped.
 */
export async function readXlsx(name: string, bytes: Buffer, maxRows = Number.POSITIVE_INFINITY): Promise<ParsedFile> {
  const workbook = new (await loadExcel()).Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { name, format: 'xlsx', sheets: [], problem: { code: 'import_file_unreadable' } };
  }
  // Refused before any cell is converted: titles and headers aside, rows are data rows.
  const rows = workbook.worksheets.reduce((total, sheet) => total + (sheet.state === 'visible' ? sheet.actualRowCount : 0), 0);
  if (rows > maxRows + HEADER_SEARCH_ROWS) throw new HttpError(400, 'import_too_many_rows');
  const sheets: ParsedSheet[] = [];
  for (const worksheet of workbook.worksheets) {
    if (worksheet.state !== 'visible') continue;
    const grid: CellValue[][] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: CellValue[] = [];
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        cells[columnNumber - 1] = toCellValue(cell.value);
      });
      grid[rowNumber - 1] = cells;
    });
    // Rows eachRow skipped (empty) are holes: make them empty rows so indexes stay row numbers.
    for (let index = 0; index < grid.length; index++) grid[index] ??= [];
    sheets.push({ name: worksheet.name, grid });
  }
  return { name, format: 'xlsx', sheets };
}

function toCellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result === undefined || result === null) return null;
      if (typeof result === 'object' && !(result instanceof Date)) return 'error' in result ? String(result.error) : null;
      return result as CellValue;
    }
    if ('hyperlink' in value) {
      const text = (value as ExcelJS.CellHyperlinkValue).text;
      return typeof text === 'string' ? text : toCellValue(text as ExcelJS.CellValue);
    }
    if ('error' in value) return String((value as ExcelJS.CellErrorValue).error);
  }
  return null;
}

/**
 * exceljs is loaded on first use: importing it takes about a second of CPU, which the server's
 * start (and every instance that never imports a table) need not pay.
 */
let excel: Promise<typeof ExcelJS> | null = null;
export function loadExcel(): Promise<typeof ExcelJS> {
  excel ??= import('exceljs').then((module) => (module as unknown as { default: typeof ExcelJS }).default ?? (module as unknown as typeof ExcelJS));
  return excel;
}
