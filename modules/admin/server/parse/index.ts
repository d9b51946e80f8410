import { readCsv } from './csv';
import { sniff } from './sniff';
import type { ParsedFile } from './types';
import { readXlsx } from './xlsx';

export type { ParsedFile, ParsedSheet } from './types';

/**
 * Any uploaded table → sheets of cells, or a clear problem. The content decides, the name only
 * breaks ties: a CSV saved as .txt is read, a picture named .xlsx is refused as unreadable, a
 * legacy .xls (exceljs cannot read it) and a password-protected workbook get their own messages.
 */
export async function readTable(name: string, bytes: Buffer, maxRows = Number.POSITIVE_INFINITY): Promise<ParsedFile> {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  const kind = sniff(bytes);
  switch (kind) {
    case 'empty':
      return { name, sheets: [], problem: { code: 'import_file_empty' } };
    case 'zip':
      return readXlsx(name, bytes, maxRows);
    case 'ole-encrypted':
      return { name, format: 'xlsx', sheets: [], problem: { code: 'import_file_encrypted' } };
    case 'ole':
      return { name, sheets: [], problem: { code: 'import_xls_unsupported' } };
    case 'text':
      // Whatever the name: «save as CSV» then renamed to .xlsx is still a table.
      return readCsv(name, bytes, maxRows);
    default:
      return { name, sheets: [], problem: { code: ['xlsx', 'xls', 'csv'].includes(extension) ? 'import_file_unreadable' : 'import_file_unsupported' } };
  }
}
