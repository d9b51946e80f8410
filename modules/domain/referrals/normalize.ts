import { normalizePhone } from '../phone';
import type { CellValue } from './types';

/**
 * Turning cells of a regional doctor's table into clean values. Tables are typed by hand in
 * Excel: extra spaces, ALL CAPS names, dates as text or numbers, Cyrillic letters in ICD codes.
 */

/** A cell as text: numbers without exponent or float noise, dates as YYYY-MM-DD. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return Number.isInteger(value) ? value.toFixed(0) : String(value);
  }
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  return value.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
}

/** For comparing words people wrote: lower case, ё = е, single spaces, no punctuation. */
export function comparable(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[.,:;!?"'«»()[\]{}№#*_/\\|+=–—-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const LETTER = /\p{L}/u;

/** A word in capitals or in lower case gets a capital first letter; «МакДональд» is left alone. */
function capitaliseWord(word: string): string {
  const lower = word.toLowerCase();
  const upper = word.toUpperCase();
  if (word !== lower && word !== upper) return word;
  return lower.replace(/(^|[-'’.])(\p{L})/gu, (_match, separator: string, letter: string) => separator + letter.toUpperCase());
}

/** «  иванова   МАРИЯ петровна » → «Иванова Мария Петровна». */
export function normalizeName(value: CellValue | undefined): string {
  return cellText(value)
    .split(' ')
    .filter(Boolean)
    .map(capitaliseWord)
    .join(' ');
}

/** Full name from one column or from «Фамилия», «Имя», «Отчество». */
export function joinName(parts: readonly (CellValue | undefined)[]): string {
  return normalizeName(parts.map((part) => cellText(part)).filter(Boolean).join(' '));
}

export type NameProblem = 'missing' | 'invalid' | 'characters';

/**
 * What a ФИО may hold besides letters: spaces, a hyphen (Петрова-Водкина), an apostrophe
 * (Д'Артаньян, О’Нил) and the dot of an initial (Иванова М.П.). Anything else — digits,
 * `= + @ < > " ( )` and the like — is a slip of the keyboard or a formula, never a name.
 */
const NAME_CHARACTER = /[\p{L}\p{M} .'’`-]/u;

/** A person's name: only name characters, at least two letters, not absurdly long. */
export function nameProblem(name: string): NameProblem | null {
  if (!name) return 'missing';
  if ([...name].some((char) => !NAME_CHARACTER.test(char))) return 'characters';
  const letters = [...name].filter((char) => LETTER.test(char)).length;
  if (letters < 2 || name.length > 200) return 'invalid';
  return null;
}

/** A name of one word: only a surname (or only a first name) — imported, but worth a look. */
export function isSingleWordName(name: string): boolean {
  return name.trim().split(/\s+/).filter(Boolean).length === 1;
}

/** Key for "the same name": case, ё, punctuation and spacing do not matter. */
export function nameKey(name: string): string {
  return comparable(name);
}

/**
 * Whether two names are the same person's: equal, or one lacks the patronymic the other has
 * (a self-registered «Иванова Мария» and a referral's «Иванова Мария Петровна").
 */
export function sameName(a: string, b: string): boolean {
  const left = nameKey(a).split(' ').filter(Boolean);
  const right = nameKey(b).split(' ').filter(Boolean);
  if (left.length === 0 || right.length === 0) return false;
  const shorter = left.length <= right.length ? left : right;
  const longer = shorter === left ? right : left;
  if (shorter.length < 2 && longer.length !== shorter.length) return false;
  return shorter.every((word, index) => longer[index] === word);
}

// ---------------------------------------------------------------- dates

export type DateResult = { date: string } | { problem: 'invalid' } | null;

/** Excel stores days since 1899-12-30 (counting the non-existent 29 Feb 1900). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Serials from 1900-01-01 to 2199: anything else in a date column is not a date. */
const MIN_SERIAL = 1;
const MAX_SERIAL = 109_574;

function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** Two-digit years: the latest year that is not in the future (birth dates lie in the past). */
function fullYear(twoDigits: number, today: Date): number {
  const century = Math.floor(today.getUTCFullYear() / 100) * 100;
  const candidate = century + twoDigits;
  return candidate > today.getUTCFullYear() ? candidate - 100 : candidate;
}

/**
 * A date cell → YYYY-MM-DD. Accepts JS Dates (exceljs), Excel serial numbers, `dd.mm.yyyy`,
 * `d.m.yy`, `dd/mm/yyyy`, `dd-mm-yyyy`, ISO `yyyy-mm-dd` (with an optional time after it).
 * null for an empty cell; `{problem: 'invalid'}` for anything that is not a real date
 * (31.02.1990, "не указана", 13.13.2000).
 */
export function parseDate(value: CellValue | undefined, today = new Date()): DateResult {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { problem: 'invalid' };
    // exceljs gives dates at UTC midnight; a time part (rounding of a serial) is dropped.
    return { date: new Date(value.getTime() + 1000).toISOString().slice(0, 10) };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < MIN_SERIAL || value > MAX_SERIAL) return { problem: 'invalid' };
    return { date: new Date(EXCEL_EPOCH_MS + Math.floor(value) * DAY_MS).toISOString().slice(0, 10) };
  }
  if (typeof value === 'boolean') return { problem: 'invalid' };
  const text = cellText(value).replace(/\s*(г\.?|года?)\s*$/i, '');
  if (!text) return null;
  const withoutTime = text.replace(/[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/, '');
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(withoutTime);
  if (match) {
    const date = isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
    return date ? { date } : { problem: 'invalid' };
  }
  match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$/.exec(withoutTime);
  if (match) {
    const yearText = match[3]!;
    const year = yearText.length === 2 ? fullYear(Number(yearText), today) : Number(yearText);
    const date = isoDate(year, Number(match[2]), Number(match[1]));
    return date ? { date } : { problem: 'invalid' };
  }
  // A serial typed as text ("32874") in a CSV saved from Excel.
  if (/^\d{4,6}$/.test(withoutTime)) return parseDate(Number(withoutTime), today);
  return { problem: 'invalid' };
}

// ---------------------------------------------------------------- ICD-10

/** Cyrillic letters that look like Latin ones: people type «С50.9» with a Russian С. */
const LOOKALIKES: Record<string, string> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X',
};

const ICD10 = /^[A-Z]\d{2}(\.\d{1,2})?$/;
/** A code at the start of a diagnosis text: «C50.9 Рак молочной железы». */
const LEADING_ICD10 = /^([A-ZА-Я]\s?\d{2}(?:[.,]\d{1,2})?)\.?(?:\s*[-–—:]\s*|\s+|$)/i;

export type IcdResult = { code: string } | { problem: 'invalid' } | null;

/** `i10`, `С50,9`, `C50.9.` → `I10`, `C50.9`; null for empty; invalid for anything else. */
export function normalizeIcd10(value: CellValue | undefined): IcdResult {
  const text = cellText(value);
  if (!text) return null;
  const code = [...text.toUpperCase().replace(/\s+/g, '').replace(',', '.').replace(/\.$/, '')]
    .map((char) => LOOKALIKES[char] ?? char)
    .join('');
  return ICD10.test(code) ? { code } : { problem: 'invalid' };
}

/** Splits «C50.9 Рак молочной железы» into the code and the words (no code: null). */
export function splitLeadingIcd10(text: string): { code: string; rest: string } | null {
  const match = LEADING_ICD10.exec(text);
  if (!match) return null;
  const parsed = normalizeIcd10(match[1]!);
  if (!parsed || 'problem' in parsed) return null;
  return { code: parsed.code, rest: text.slice(match[0].length).trim() };
}

// ---------------------------------------------------------------- phone

export type PhoneResult = { phone: string } | { problem: 'invalid' } | null;

/** A phone cell (text, or a number Excel made of it) → E.164. */
export function parsePhoneCell(value: CellValue | undefined): PhoneResult {
  const text = typeof value === 'number' && Number.isInteger(value) ? value.toFixed(0) : cellText(value);
  if (!text) return null;
  const phone = normalizePhone(text);
  return phone ? { phone } : { problem: 'invalid' };
}
