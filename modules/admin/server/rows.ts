import {
  columnLetter, findHeader, isBlankRow, missingEssentialColumns, readRow,
  type CellValue, type ReferralField, type RowIssue,
} from '@oblako/domain';
import { HttpError } from '@oblako/server-kit';
import { IMPORT_LIMITS, type FileFormat, type FileProblemCode, type PreviewRow, type RecognisedColumn, type SheetProblemCode } from '../api';
import type { ParsedFile } from './parse/index';

/** A data row as read from a table, before the server's facts and duplicates are considered: the row's place and cells as the preview shows them, with issues not yet put into words. */
export type TableRow = Pick<PreviewRow, 'rowId' | 'file' | 'sheet' | 'rowNumber' | 'values' | 'raw'> & { issues: RowIssue[] };

export interface SheetMeta {
  name: string;
  headerRow: number | null;
  columns: RecognisedColumn[];
  ignoredHeaders: string[];
  dataRows: number;
  problem?: { code: SheetProblemCode; missing?: ReferralField[] };
}

export interface FileMeta {
  index: number;
  name: string;
  format?: FileFormat;
  encoding?: 'utf-8' | 'windows-1251';
  delimiter?: ';' | ',' | '\t';
  sheets: SheetMeta[];
  problem?: { code: FileProblemCode; line?: number };
}

/**
 * Every sheet of every file → header, recognised columns and data rows (each read and checked
 * on its own). Refuses the whole import over IMPORT_LIMITS.maxRows: a table that big is
 * better split than previewed for minutes.
 */
export function tableRows(files: readonly ParsedFile[], today = new Date()): { files: FileMeta[]; rows: TableRow[] } {
  const rows: TableRow[] = [];
  const metas: FileMeta[] = files.map((file, fileIndex) => {
    const meta: FileMeta = {
      index: fileIndex,
      name: file.name,
      ...(file.format ? { format: file.format } : {}),
      ...(file.encoding ? { encoding: file.encoding } : {}),
      ...(file.delimiter ? { delimiter: file.delimiter } : {}),
      sheets: [],
      ...(file.problem ? { problem: file.problem } : {}),
    };
    file.sheets.forEach((sheet, sheetIndex) => {
      if (sheet.grid.every((cells) => cells.every((cell) => cell === null || cell === undefined || cell === ''))) return; // Excel's empty «Лист2»
      const header = findHeader(sheet.grid);
      // A sheet of notes (one text per row, like the template's «Как заполнять») is not a table.
      if (!header && sheet.grid.every((cells) => cells.filter((cell) => cell !== null && cell !== undefined && cell !== '').length <= 1)) return;
      const fields = header ? [...header.columns.values()] : [];
      const missing = missingEssentialColumns(fields);
      if (!header || missing.length > 0) {
        meta.sheets.push({
          name: sheet.name, headerRow: header ? header.rowIndex + 1 : null, columns: header ? columnsOf(header.columns, sheet.grid[header.rowIndex] ?? []) : [],
          ignoredHeaders: header?.ignored.map((entry) => entry.text) ?? [], dataRows: 0, problem: { code: header ? 'sheet_missing_columns' : 'sheet_no_header', missing },
        });
        return;
      }
      let dataRows = 0;
      for (let index = header.rowIndex + 1; index < sheet.grid.length; index++) {
        const cells = sheet.grid[index] ?? [];
        if (isBlankRow(cells, header.columns) || repeatsHeader(cells, sheet.grid[header.rowIndex] ?? [], header.columns)) continue;
        dataRows++;
        if (rows.length >= IMPORT_LIMITS.maxRows) throw new HttpError(400, 'import_too_many_rows');
        const read = readRow(cells, header.columns, today);
        rows.push({ rowId: `${fileIndex}:${sheetIndex}:${index + 1}`, file: fileIndex, sheet: sheet.name, rowNumber: index + 1, ...read });
      }
      meta.sheets.push({
        name: sheet.name, headerRow: header.rowIndex + 1, columns: columnsOf(header.columns, sheet.grid[header.rowIndex] ?? []),
        ignoredHeaders: header.ignored.map((entry) => entry.text), dataRows,
        ...(dataRows === 0 ? { problem: { code: 'sheet_no_rows' as const } } : {}),
      });
    });
    if (!meta.problem && meta.sheets.length === 0) meta.problem = { code: 'import_file_empty' };
    return meta;
  });
  return { files: metas, rows };
}

function columnsOf(columns: ReadonlyMap<number, ReferralField>, headerCells: readonly CellValue[]): RecognisedColumn[] {
  return [...columns.entries()].map(([column, field]) => ({ field, header: String(headerCells[column] ?? '').trim(), column: columnLetter(column) }));
}

/** Long printed tables repeat the header on every page. */
function repeatsHeader(cells: readonly CellValue[], header: readonly CellValue[], columns: ReadonlyMap<number, ReferralField>): boolean {
  for (const column of columns.keys()) {
    if (cells[column] !== header[column]) return false;
  }
  return true;
}
