import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnLetter, findHeader, recogniseHeader } from './headers';
import type { CellValue } from './types';

test('headers are recognised whatever the case, spacing, ё and punctuation', () => {
  const cases: [string, string | null][] = [
    ['ФИО', 'fullName'],
    ['Ф.И.О.', 'fullName'],
    ['Ф. И. О. пациента', 'fullName'],
    ['  фио   пациента ', 'fullName'],
    ['Фамилия, имя, отчество', 'fullName'],
    ['Фамилия Имя Отчество', 'fullName'],
    ['Пациент', 'fullName'],
    ['Фамилия', 'lastName'],
    ['Имя', 'firstName'],
    ['Отчество', 'middleName'],
    ['Дата рождения', 'birthDate'],
    ['ДАТА РОЖДЕНИЯ (дд.мм.гггг)', 'birthDate'],
    ['Д.р.', 'birthDate'],
    ['Телефон', 'phone'],
    ['Контактный телефон пациента', 'phone'],
    ['Тел.', 'phone'],
    ['Моб. телефон', 'phone'],
    ['Моб. тел.', 'phone'],
    ['Контактный тел.', 'phone'],
    ['Тел. моб.', 'phone'],
    ['Сотовый', 'phone'],
    ['Сотовый телефон', 'phone'],
    ['Mobile', 'phone'],
    ['Контактное лицо', null],
    ['Регион', 'region'],
    ['Регион проживания', 'region'],
    ['Субъект РФ', 'region'],
    ['Субъект Российской Федерации', 'region'],
    ['Область/край', 'region'],
    ['Region', 'region'],
    ['Диагноз', 'diagnosis'],
    ['Заболевание', 'diagnosis'],
    ['Код МКБ-10', 'icd10'],
    ['МКБ10', 'icd10'],
    ['Код диагноза', 'icd10'],
    ['Направившая медицинская организация', 'referringOrganization'],
    ['Направившая МО', 'referringOrganization'],
    ['Наименование МО', 'referringOrganization'],
    ['ЛПУ', 'referringOrganization'],
    ['Лечащий врач', 'attendingDoctor'],
    ['ФИО лечащего врача', 'attendingDoctor'],
    ['Направивший врач', 'attendingDoctor'],
    ['Профиль консультации', 'consultationProfile'],
    ['Специальность врача-консультанта', 'consultationProfile'],
    ['№ п/п', null],
    ['Дата направления', null],
    ['Пол', null],
    ['СНИЛС', null],
    ['', null],
  ];
  for (const [text, field] of cases) assert.equal(recogniseHeader(text), field, text);
});

test('the header row may be below a title, a date and an empty line; a merged title does not count', () => {
  const title = 'Список пациентов, направленных на телемедицинскую консультацию';
  const grid: CellValue[][] = [
    [title, title, title, title, title],
    ['от 01.10.2026', null, null, null, null],
    [],
    ['№', 'ФИО пациента', 'Телефон', 'Диагноз', 'Примечание'],
    [1, 'Иванова Мария Петровна', '89001234567', 'I10', null],
  ];
  const header = findHeader(grid);
  assert.ok(header);
  assert.equal(header.rowIndex, 3);
  assert.deepEqual([...header.columns.entries()], [[1, 'fullName'], [2, 'phone'], [3, 'diagnosis']]);
  assert.deepEqual(header.ignored, [{ column: 0, text: '№' }, { column: 4, text: 'Примечание' }]);
});

test('a field named twice keeps the first column; the second is ignored', () => {
  const header = findHeader([['ФИО', 'Телефон', 'Телефон (домашний)']]);
  assert.deepEqual([...header!.columns.entries()], [[0, 'fullName'], [1, 'phone']]);
  assert.deepEqual(header!.ignored, [{ column: 2, text: 'Телефон (домашний)' }]);
});

test('a row with the essential columns beats a bigger row without them', () => {
  const grid: CellValue[][] = [
    ['Диагноз', 'Код МКБ-10', 'Лечащий врач', 'Профиль консультации'],
    ['ФИО', 'Телефон', null, null],
  ];
  assert.equal(findHeader(grid)!.rowIndex, 1);
});

test('no header: null', () => {
  assert.equal(findHeader([['Иванова', '89001234567'], ['Петров', '89001234568']]), null);
  assert.equal(findHeader([]), null);
});

test('column letters as Excel names them', () => {
  assert.deepEqual([0, 1, 25, 26, 27, 701, 702].map(columnLetter), ['A', 'B', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
});
