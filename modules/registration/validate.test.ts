import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateRegistration } from './validate';

const today = new Date('2026-11-15T12:00:00Z');
const good = { fullName: 'Новикова Дарья Олеговна', birthDate: '1991-07-15', region: 'Якутия', timeZone: 'Asia/Yakutsk' };
const codes = (details: Partial<typeof good>) => validateRegistration({ ...good, ...details }, today).map((issue) => `${issue.field}.${issue.code}`);

test('the "about you" step: the same rules in the form and on the server', () => {
  assert.deepEqual(codes({}), []);
  assert.deepEqual(codes({ fullName: ' Я ' }), ['fullName.required']);
  assert.deepEqual(codes({ birthDate: '1991-02-30' }), ['birthDate.invalid']);
  assert.deepEqual(codes({ birthDate: '15.07.1991' }), ['birthDate.invalid']);
  assert.deepEqual(codes({ birthDate: '2027-01-01' }), ['birthDate.future']);
  assert.deepEqual(codes({ birthDate: '1899-12-31' }), ['birthDate.tooEarly']);
  assert.deepEqual(codes({ region: '' }), ['region.required']);
  assert.deepEqual(codes({ timeZone: 'Europe/Berlin' }), ['timeZone.invalid']);
});
