import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBlankRow, readRow } from './row';
import type { ReferralField } from './types';

const today = new Date('2026-11-15T12:00:00Z');
const columns = new Map<number, ReferralField>([
  [0, 'fullName'], [1, 'birthDate'], [2, 'phone'], [3, 'diagnosis'], [4, 'icd10'],
  [5, 'referringOrganization'], [6, 'attendingDoctor'], [7, 'consultationProfile'],
]);
const codes = (row: ReturnType<typeof readRow>) => row.issues.map((issue) => `${issue.severity}:${issue.code}`);

test('a good row is normalised and has no issues', () => {
  const row = readRow(['ИВАНОВА мария петровна', '04.05.1990', '8 (900) 123-45-67', 'Гипертоническая болезнь', 'i10', 'ГБУЗ «ЦРБ»', 'Петров П.П.', 'кардиология'], columns, today);
  assert.deepEqual(row.values, {
    fullName: 'Иванова Мария Петровна', birthDate: '1990-05-04', phone: '+79001234567', diagnosis: 'Гипертоническая болезнь',
    icd10: 'I10', referringOrganization: 'ГБУЗ «ЦРБ»', attendingDoctor: 'Петров П.П.', consultationProfile: 'кардиология',
    region: '', timeZone: '',
  });
  assert.deepEqual(row.issues, []);
  assert.equal(row.raw.phone, '8 (900) 123-45-67');
});

test('errors: missing name, phone with letters, future birth date, impossible date', () => {
  assert.deepEqual(codes(readRow(['', '04.05.1990', '89001234567', 'I10'], columns, today)), ['error:name_missing']);
  assert.deepEqual(codes(readRow(['Иванова Мария', '04.05.1990', '8900123456O', 'I10'], columns, today)), ['error:phone_invalid']);
  assert.deepEqual(codes(readRow(['Иванова Мария', '04.05.2030', '89001234567', 'I10'], columns, today)), ['error:birth_date_future']);
  assert.deepEqual(codes(readRow(['Иванова Мария', '30.02.1990', '89001234567', 'I10'], columns, today)), ['error:birth_date_invalid']);
  assert.deepEqual(codes(readRow(['Иванова Мария', '04.05.1889', '89001234567', 'I10'], columns, today)), ['error:birth_date_too_early']);
  assert.deepEqual(codes(readRow(['Иванова Мария', '04.05.1990', null, 'I10'], columns, today)), ['error:phone_missing']);
});

test('a name with characters no name has is an error; a surname alone is a warning', () => {
  assert.deepEqual(codes(readRow(['Иванова Мария 2', '04.05.1990', '89001234567', 'I10'], columns, today)), ['error:name_characters']);
  assert.deepEqual(codes(readRow(['=HYPERLINK("x")', '04.05.1990', '89001234567', 'I10'], columns, today)), ['error:name_characters']);
  assert.deepEqual(codes(readRow(['Иванова <Мария>', '04.05.1990', '89001234567', 'I10'], columns, today)), ['error:name_characters']);
  assert.deepEqual(codes(readRow(['ИВАНОВА', '04.05.1990', '89001234567', 'I10'], columns, today)), ['warning:name_single_word']);
  assert.deepEqual(codes(readRow(["Д'Артаньян-Петров Шарль", '04.05.1990', '89001234567', 'I10'], columns, today)), []);
});

test('warnings: no birth date, an ICD-10 that is not one, no diagnosis', () => {
  assert.deepEqual(codes(readRow(['Иванова Мария', null, '89001234567', 'Гипертония'], columns, today)), ['warning:birth_date_missing']);
  const badCode = readRow(['Иванова Мария', '04.05.1990', '89001234567', 'Гипертония', 'гипертония'], columns, today);
  assert.deepEqual(codes(badCode), ['warning:icd10_invalid']);
  assert.equal(badCode.values.icd10, '');
  assert.deepEqual(codes(readRow(['Иванова Мария', '04.05.1990', '89001234567'], columns, today)), ['warning:diagnosis_missing']);
});

test('a code written with the diagnosis is split off', () => {
  const inCodeColumn = readRow(['Иванова Мария', '04.05.1990', '89001234567', null, 'C50.9 Рак молочной железы'], columns, today);
  assert.equal(inCodeColumn.values.icd10, 'C50.9');
  assert.equal(inCodeColumn.values.diagnosis, 'Рак молочной железы');
  const inDiagnosis = readRow(['Иванова Мария', '04.05.1990', '89001234567', 'I10 Гипертоническая болезнь'], columns, today);
  assert.equal(inDiagnosis.values.icd10, 'I10');
  assert.equal(inDiagnosis.values.diagnosis, 'I10 Гипертоническая болезнь');
});

test('split name columns are joined', () => {
  const split = new Map<number, ReferralField>([[0, 'lastName'], [1, 'firstName'], [2, 'middleName'], [3, 'phone']]);
  const row = readRow(['ИВАНОВА', 'мария', 'Петровна', '+7 900 123 45 67'], split, today);
  assert.equal(row.values.fullName, 'Иванова Мария Петровна');
  assert.deepEqual(codes(row), ['warning:birth_date_missing', 'warning:diagnosis_missing']);
});

test('blank rows are recognised by the recognised columns only', () => {
  assert.ok(isBlankRow([null, '', '  '], columns));
  assert.ok(isBlankRow([], columns));
  assert.ok(!isBlankRow(['', '', '89001234567'], columns));
  assert.ok(isBlankRow([null, null, null, null, null, null, null, null, 'заметка'], columns));
});

test('the region column: a known region gives its official name and zone; an unknown one is a warning, not an error', () => {
  const withRegion = new Map<number, ReferralField>([[0, 'fullName'], [1, 'birthDate'], [2, 'phone'], [3, 'diagnosis'], [4, 'region']]);
  const known = readRow(['Ким Олег Сергеевич', '04.05.1960', '89001234567', 'Гипертония', 'приморский кр.'], withRegion, today);
  assert.deepEqual([known.values.region, known.values.timeZone], ['Приморский край', 'Asia/Vladivostok']);
  assert.deepEqual(known.issues, []);
  const unknown = readRow(['Ким Олег Сергеевич', '04.05.1960', '89001234567', 'Гипертония', 'Атлантида'], withRegion, today);
  assert.deepEqual([unknown.values.region, unknown.values.timeZone], ['Атлантида', '']);
  assert.deepEqual(codes(unknown), ['warning:region_unknown']);
  assert.equal(unknown.issues[0]!.field, 'region');
  const none = readRow(['Ким Олег Сергеевич', '04.05.1960', '89001234567', 'Гипертония', ''], withRegion, today);
  assert.deepEqual([none.values.region, none.values.timeZone, codes(none)], ['', '', []]);
});
