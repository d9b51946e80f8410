import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { HEADER_SEARCH_ROWS } from '@oblako/domain';
import { HttpError } from '@oblako/server-kit';
import type { ParsedFile } from './types';

const UTF8_BOM = '\ufeff';

/**
 * A CSV file → one grid. The encoding is UTF-8 when the bytes are valid UTF-8, else Windows-1251
 * (what Russian Excel saves as «CSV (разделители — запятые)»); the delimiter is guessed among
 * `;` (Russian Excel), `,` and tab. A quote that never closes is an error with its line: the
 * rest of the file would otherwise silently become one cell.
 */
export function readCsv(name: string, bytes: Buffer, maxRows = Number.POSITIVE_INFINITY): ParsedFile {
  const { text, encoding } = decode(bytes);
  const body = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  if (body.trim() === '') return { name, format: 'csv', encoding, sheets: [], problem: { code: 'import_file_empty' } };
  const parsed = Papa.parse<string[]>(body, { delimitersToGuess: [';', ',', '\t'], skipEmptyLines: false });
  const quoteError = parsed.errors.find((error) => error.type === 'Quotes');
  const delimiter = (parsed.meta.delimiter === ',' || parsed.meta.delimiter === '\t' ? parsed.meta.delimiter : ';') as ';' | ',' | '\t';
  if (quoteError) {
    return { name, format: 'csv', encoding, delimiter, sheets: [], problem: { code: 'import_csv_broken', line: lineOf(body, parsed.data, quoteError.row) } };
  }
  if (parsed.data.length > maxRows + HEADER_SEARCH_ROWS) throw new HttpError(400, 'import_too_many_rows');
  const grid = parsed.data.map((row) => row.map((cell) => (cell === '' ? null : cell)));
  const sheetName = name.replace(/\.[^.]+$/, '') || name;
  return { name, format: 'csv', encoding, delimiter, sheets: [{ name: sheetName, grid }] };
}

function decode(bytes: Buffer): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'win1251'), encoding: 'windows-1251' };
  }
}

/** The 1-based line where the bad record starts (records before it may span lines). */
function lineOf(text: string, rows: readonly string[][], rowIndex: number | undefined): number {
  if (rowIndex === undefined) return 1;
  let line = 1;
  for (let index = 0; index < rowIndex && index < rows.length; index++) {
    line += 1 + rows[index]!.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);
  }
  return Math.min(line, text.split('\n').length);
}
