import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/** Referral tables as regional doctors make them, generated for tests (real exceljs files). */

export type Row = (string | number | Date | null | { formula: string; result: string | number | Date })[];

export interface SheetSpec {
  name: string;
  /** Rows from row 1 (titles, empty lines, the header, data). */
  rows: Row[];
  /** Excel ranges to merge, e.g. `A1:H1`. */
  merges?: string[];
  hidden?: boolean;
}

export async function xlsx(sheets: readonly SheetSpec[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, spec.hidden ? { state: 'hidden' } : {});
    spec.rows.forEach((row, index) => {
      row.forEach((value, column) => {
        if (value === null) return;
        const cell = sheet.getCell(index + 1, column + 1);
        cell.value = value as ExcelJS.CellValue;
        if (value instanceof Date) cell.numFmt = 'dd.mm.yyyy';
      });
    });
    for (const range of spec.merges ?? []) sheet.mergeCells(range);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function csv(rows: readonly (readonly string[])[], options: { delimiter?: string; encoding?: 'utf-8' | 'cp1251'; bom?: boolean } = {}): Buffer {
  const delimiter = options.delimiter ?? ';';
  const text = rows.map((row) => row.map((cell) => (/[";\n,]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(delimiter)).join('\r\n');
  if (options.encoding === 'cp1251') return iconv.encode(text, 'win1251');
  return Buffer.from(`${options.bom ? '\ufeff' : ''}${text}`, 'utf8');
}

export const HEADER = ['№', 'ФИО пациента', 'Дата рождения', 'Телефон', 'Диагноз', 'Код МКБ-10', 'Направившая МО', 'Лечащий врач', 'Профиль консультации'];

/** n valid rows with distinct phones (+7 901 xxx xx xx). */
export function patientRows(count: number, offset = 0): Row[] {
  return Array.from({ length: count }, (_, i) => {
    const n = offset + i;
    return [n + 1, `Пациентова Анна${letters(n)} Ивановна`, `${String((n % 28) + 1).padStart(2, '0')}.0${(n % 9) + 1}.19${50 + (n % 50)}`,
      `+7 901 ${String(10000000 + n).slice(1, 4)} ${String(10000000 + n).slice(4)}`, 'Гипертоническая болезнь', 'I10', 'ГБУЗ «ЦРБ»', 'Петров П. П.', 'Кардиология'];
  });
}

/** Letters instead of digits: names may not contain digits. */
function letters(n: number): string {
  return n.toString(26).split('').map((digit) => 'абвгдежзийклмнопрстуфхцчшщ'[parseInt(digit, 26)]).join('');
}

export function base64(bytes: Buffer): string {
  return bytes.toString('base64');
}
