import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellText, isSingleWordName, nameProblem, normalizeIcd10, normalizeName, parseDate, parsePhoneCell, sameName, splitLeadingIcd10 } from './normalize';

const today = new Date('2026-11-15T12:00:00Z');

test('names are trimmed, spaces collapsed and capitalised; mixed case words are left alone', () => {
  assert.equal(normalizeName('  иванова   МАРИЯ петровна '), 'Иванова Мария Петровна');
  assert.equal(normalizeName('ПЕТРОВА-ВОДКИНА анна'), 'Петрова-Водкина Анна');
  assert.equal(normalizeName('МакДональд Джон'), 'МакДональд Джон');
  assert.equal(normalizeName('Иванова М.П.'), 'Иванова М.П.');
  assert.equal(normalizeName(null), '');
});

test('a name needs two letters and only the characters names have', () => {
  assert.equal(nameProblem(''), 'missing');
  assert.equal(nameProblem('И'), 'invalid');
  assert.equal(nameProblem('Ли Ян'), null);
  assert.equal(nameProblem('Петрова-Водкина Анна'), null);
  assert.equal(nameProblem("Д'Артаньян Шарль"), null);
  assert.equal(nameProblem('О’Нил Мэри'), null);
  assert.equal(nameProblem('Иванова М.П.'), null);
  assert.equal(nameProblem('Фёдорова Алёна'), null);
  for (const bad of ['Иванов 2', '=СУММ(A1:A3)', '+79001234567', 'Иванова @ Мария', 'Иванова <Мария>', 'Иванова "Мария"', 'Иванова (Петрова) Мария', 'Иванова; Мария']) {
    assert.equal(nameProblem(bad), 'characters', bad);
  }
});

test('a one-word name is told apart (only a surname)', () => {
  assert.ok(isSingleWordName('Иванова'));
  assert.ok(!isSingleWordName('Иванова Мария'));
  assert.ok(!isSingleWordName('Иванова М.П.'));
});

test('the same name: case, ё and a missing patronymic do not matter; another first name does', () => {
  assert.ok(sameName('Фёдорова Алёна Петровна', 'ФЕДОРОВА алена петровна'));
  assert.ok(sameName('Иванова Мария', 'Иванова Мария Петровна'));
  assert.ok(!sameName('Иванова Мария Петровна', 'Иванова Марина Петровна'));
  assert.ok(!sameName('Иванова', 'Иванова Мария'));
});

test('dates: dd.mm.yyyy, d.m.yy, ISO, slashes, Excel serials and JS dates', () => {
  assert.deepEqual(parseDate('04.05.1990', today), { date: '1990-05-04' });
  assert.deepEqual(parseDate('4.5.90', today), { date: '1990-05-04' });
  assert.deepEqual(parseDate('4.5.15', today), { date: '2015-05-04' });
  assert.deepEqual(parseDate('1990-05-04', today), { date: '1990-05-04' });
  assert.deepEqual(parseDate('1990-05-04T00:00:00.000Z', today), { date: '1990-05-04' });
  assert.deepEqual(parseDate('04/05/1990', today), { date: '1990-05-04' });
  assert.deepEqual(parseDate('04.05.1990 0:00:00', today), { date: '1990-05-04' });
  assert.deepEqual(parseDate('04.05.1990 г.', today), { date: '1990-05-04' });
  assert.deepEqual(parseDate(32997, today), { date: '1990-05-04' });
  assert.deepEqual(parseDate('32997', today), { date: '1990-05-04' });
  assert.deepEqual(parseDate(new Date(Date.UTC(1990, 4, 4)), today), { date: '1990-05-04' });
  // exceljs rounding of a serial can land a millisecond before midnight.
  assert.deepEqual(parseDate(new Date(Date.UTC(1990, 4, 4) - 1), today), { date: '1990-05-04' });
});

test('impossible dates and words are invalid; empty is null', () => {
  assert.deepEqual(parseDate('31.02.1990', today), { problem: 'invalid' });
  assert.deepEqual(parseDate('13.13.2000', today), { problem: 'invalid' });
  assert.deepEqual(parseDate('не указана', today), { problem: 'invalid' });
  assert.deepEqual(parseDate(-5, today), { problem: 'invalid' });
  assert.deepEqual(parseDate(true, today), { problem: 'invalid' });
  assert.equal(parseDate('', today), null);
  assert.equal(parseDate('   ', today), null);
  assert.equal(parseDate(null, today), null);
});

test('ICD-10: case, Cyrillic look-alikes and a comma are fixed; anything else is invalid', () => {
  assert.deepEqual(normalizeIcd10('i10'), { code: 'I10' });
  assert.deepEqual(normalizeIcd10('С50,9'), { code: 'C50.9' });
  assert.deepEqual(normalizeIcd10('C50.9.'), { code: 'C50.9' });
  assert.deepEqual(normalizeIcd10('E11.65'), { code: 'E11.65' });
  assert.deepEqual(normalizeIcd10('гипертония'), { problem: 'invalid' });
  assert.deepEqual(normalizeIcd10('I1'), { problem: 'invalid' });
  assert.deepEqual(normalizeIcd10('C50.999'), { problem: 'invalid' });
  assert.equal(normalizeIcd10(''), null);
  assert.deepEqual(splitLeadingIcd10('C50.9 Рак молочной железы'), { code: 'C50.9', rest: 'Рак молочной железы' });
  assert.deepEqual(splitLeadingIcd10('I10 - Гипертоническая болезнь'), { code: 'I10', rest: 'Гипертоническая болезнь' });
  assert.equal(splitLeadingIcd10('Гипертоническая болезнь'), null);
});

test('phones: any usual format, numbers from Excel; letters are invalid', () => {
  assert.deepEqual(parsePhoneCell('8 (900) 123-45-67'), { phone: '+79001234567' });
  assert.deepEqual(parsePhoneCell(79001234567), { phone: '+79001234567' });
  assert.deepEqual(parsePhoneCell(89001234567), { phone: '+79001234567' });
  assert.deepEqual(parsePhoneCell('+7 900 12З-45-67'), { problem: 'invalid' });
  assert.deepEqual(parsePhoneCell('тел. нет'), { problem: 'invalid' });
  assert.deepEqual(parsePhoneCell('12345'), { problem: 'invalid' });
  assert.equal(parsePhoneCell(''), null);
});

test('cells as text: numbers without float noise, NBSP and runs of spaces collapsed', () => {
  assert.equal(cellText(79001234567), '79001234567');
  assert.equal(cellText('  a\u00a0 b  '), 'a b');
  assert.equal(cellText(new Date(Date.UTC(2000, 0, 2))), '2000-01-02');
});
