import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessRows, reassess, referralKey, summarise, type AssessInput } from './assess';
import type { ReferralRowValues } from './types';

function row(rowId: string, values: Partial<ReferralRowValues>, extra: Partial<AssessInput> = {}): AssessInput {
  return {
    rowId,
    values: {
      fullName: 'Иванова Мария Петровна', birthDate: '1990-05-04', phone: '+79001234567', diagnosis: 'Гипертония',
      icd10: 'I10', referringOrganization: 'ЦРБ', attendingDoctor: '', consultationProfile: '', region: '', timeZone: '', ...values,
    },
    issues: [],
    ...extra,
  };
}
const brief = (assessments: ReturnType<typeof assessRows>) =>
  assessments.map((a) => `${a.rowId}:${a.status}:${a.outcome}:${a.issues.map((i) => i.code).join(',')}`);

test('one person on two sheets with two diseases: one account, two referrals', () => {
  const result = assessRows([row('0:0:5', {}), row('0:1:3', { icd10: 'C50.9', diagnosis: 'Рак' })]);
  assert.deepEqual(brief(result), ['0:0:5:valid:new_patient:same_person_other_row', '0:1:3:valid:new_patient:same_person_other_row']);
  assert.equal(result[0]!.personKey, result[1]!.personKey);
  assert.deepEqual(summarise(result), { rows: 2, valid: 2, warning: 0, error: 0, newPatients: 1, existingPatients: 0, referrals: 2 });
});

test('the same referral twice (other file, name in capitals, no patronymic): imported once', () => {
  const result = assessRows([row('0:0:5', {}), row('1:0:9', { fullName: 'ИВАНОВА Мария', birthDate: '' })]);
  assert.deepEqual(brief(result), ['0:0:5:valid:new_patient:', '1:0:9:warning:duplicate:duplicate_in_file']);
  assert.deepEqual(result[1]!.issues[0]!.relatedRows, ['0:0:5']);
  assert.equal(summarise(result).referrals, 1);
});

test('one phone, two people: every row of the phone is an error until the wrong one is excluded', () => {
  const rows = [row('0:0:5', {}), row('0:0:6', { fullName: 'Петров Иван Сергеевич' }), row('0:0:7', { icd10: 'E11' })];
  assert.deepEqual(brief(assessRows(rows)).map((line) => line.split(':').slice(3).join(':')), [
    'error:rejected:phone_other_person', 'error:rejected:phone_other_person', 'error:rejected:phone_other_person',
  ]);
  const after = assessRows(rows, new Set(['0:0:6']));
  assert.deepEqual(after.map((a) => a.outcome), ['new_patient', 'excluded', 'new_patient']);
});

test('same name, different birth dates: different people', () => {
  const result = assessRows([row('a', {}), row('b', { birthDate: '1991-05-04', icd10: 'E11' })]);
  assert.deepEqual(result.map((a) => a.outcome), ['rejected', 'rejected']);
});

test('an existing patient of the same name gets a referral and no account; another name is an error', () => {
  const existing = { account: { id: 'patient-1', role: 'patient' as const, name: 'Иванова Мария' } };
  assert.deepEqual(brief(assessRows([row('a', {}, { existing })])), ['a:warning:existing_patient:existing_patient']);
  const other = { account: { id: 'patient-1', role: 'patient' as const, name: 'Сидорова Анна' } };
  assert.deepEqual(brief(assessRows([row('a', {}, { existing: other })])), ['a:error:rejected:phone_other_patient']);
  const staff = { account: { id: 'doctor-1', role: 'doctor' as const, name: 'Иванова Мария Петровна' } };
  assert.deepEqual(brief(assessRows([row('a', {}, { existing: staff })])), ['a:error:rejected:phone_staff']);
});

test('a referral imported before: nothing new', () => {
  const existing = { account: { id: 'patient-1', role: 'patient' as const, name: 'Иванова Мария Петровна' }, referralExists: true };
  const result = assessRows([row('a', {}, { existing })]);
  assert.deepEqual(brief(result), ['a:warning:already_imported:already_imported']);
  assert.deepEqual(summarise(result), { rows: 1, valid: 0, warning: 1, error: 0, newPatients: 0, existingPatients: 0, referrals: 0 });
});

test('rows with their own errors are rejected and take no part in duplicates', () => {
  const bad = row('a', { fullName: '' }, { issues: [{ code: 'name_missing', severity: 'error', field: 'fullName' }] });
  const result = assessRows([bad, row('b', {})]);
  assert.deepEqual(brief(result), ['a:error:rejected:name_missing', 'b:valid:new_patient:']);
});

test('excluded rows stay excluded whatever their problems', () => {
  const result = assessRows([row('a', {}), row('b', {})], new Set(['a', 'b']));
  assert.deepEqual(result.map((a) => a.outcome), ['excluded', 'excluded']);
  assert.equal(summarise(result).referrals, 0);
});

test('the referral key depends on phone, disease and sender, not on the name, file or row', () => {
  const base = row('a', {}).values;
  assert.equal(referralKey(base), referralKey({ ...base, fullName: 'ИВАНОВА МАРИЯ' } as typeof base));
  assert.equal(referralKey(base), referralKey({ ...base, diagnosis: 'другие слова' }));
  assert.equal(referralKey(base), referralKey({ ...base, referringOrganization: ' црб ' }));
  assert.notEqual(referralKey(base), referralKey({ ...base, icd10: 'E11' }));
  assert.notEqual(referralKey(base), referralKey({ ...base, referringOrganization: 'Другая больница' }));
  assert.notEqual(referralKey(base), referralKey({ ...base, phone: '+79001234568' }));
  assert.equal(referralKey({ ...base, icd10: '', diagnosis: 'Гипертоническая  БОЛЕЗНЬ' }), referralKey({ ...base, icd10: '', diagnosis: 'гипертоническая болезнь' }));
  assert.match(referralKey(base), /^[0-9a-f]{32}$/);
});

test('5,000 people: every one a new patient (timing: npm run bench:import)', () => {
  const rows = Array.from({ length: 5000 }, (_, i) => row(`0:0:${i}`, { phone: `+7900${String(1000000 + i)}`, fullName: `Пациент Номер${i}` }));
  assert.equal(summarise(assessRows(rows)).newPatients, 5000);
});

test('reassess: the preview\'s rows again after exclusions, as the commit will see them', () => {
  const rows = [row('a', {}), row('b', { fullName: 'Петров Иван Сергеевич' })];
  const first = assessRows(rows);
  const shown = rows.map((input, index) => ({ ...input, issues: first[index]!.issues }));
  assert.deepEqual(first.map((a) => a.outcome), ['rejected', 'rejected']);
  assert.deepEqual(reassess(shown, new Set(['b'])).map((a) => a.outcome), ['new_patient', 'excluded']);
});
