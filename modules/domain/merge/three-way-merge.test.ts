import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deepEqual, threeWayMerge } from './three-way-merge';

const base = { id: 'p:profile', fullName: 'Иванов Иван', region: 'Томская область', timeZone: 'Asia/Tomsk', updatedAt: '2026-01-01T10:00:00.000Z' };

test('a field changed only on this device is kept on top of the server version', () => {
  const local = { ...base, fullName: 'Иванов Иван Петрович', updatedAt: '2026-01-02T10:00:00.000Z' };
  const remote = { ...base, region: 'Новосибирская область', updatedAt: '2026-01-01T12:00:00.000Z' };
  const { merged, conflicts } = threeWayMerge(base, local, remote, { latest: ['updatedAt'] });
  assert.deepEqual(merged, { ...base, fullName: 'Иванов Иван Петрович', region: 'Новосибирская область', updatedAt: '2026-01-02T10:00:00.000Z' });
  assert.deepEqual(conflicts, []);
});

test('a field changed on both sides to different values takes the server value and is reported', () => {
  const local = { ...base, region: 'Омская область' };
  const remote = { ...base, region: 'Новосибирская область' };
  const { merged, conflicts } = threeWayMerge(base, local, remote);
  assert.equal(merged.region, 'Новосибирская область');
  assert.deepEqual(conflicts, [{ field: 'region', base: 'Томская область', local: 'Омская область', remote: 'Новосибирская область' }]);
});

test('the same change made on both sides is no conflict', () => {
  const local = { ...base, region: 'Омская область' };
  const { merged, conflicts } = threeWayMerge(base, local, { ...local });
  assert.equal(merged.region, 'Омская область');
  assert.deepEqual(conflicts, []);
});

test('without a common base every differing field is a conflict resolved to the server', () => {
  const local = { ...base, fullName: 'А' };
  const remote = { ...base, fullName: 'Б' };
  const { merged, conflicts } = threeWayMerge(undefined, local, remote);
  assert.equal(merged.fullName, 'Б');
  assert.equal(conflicts.length, 1);
  assert.equal(conflicts[0]?.field, 'fullName');
});

test('ignored bookkeeping fields never conflict and come from the server', () => {
  const local = { ...base, _rev: '2-a' };
  const remote = { ...base, _rev: '3-b' };
  const { merged, conflicts } = threeWayMerge({ ...base, _rev: '1-x' }, local, remote, { ignore: ['_rev'] });
  assert.equal(merged._rev, '3-b');
  assert.deepEqual(conflicts, []);
});

test('the later edit time wins for "latest" fields, without a conflict', () => {
  const local = { ...base, updatedAt: '2026-01-01T09:00:00.000Z' };
  const remote = { ...base, updatedAt: '2026-01-03T09:00:00.000Z' };
  const { merged, conflicts } = threeWayMerge(base, local, remote, { latest: ['updatedAt'] });
  assert.equal(merged.updatedAt, '2026-01-03T09:00:00.000Z');
  assert.deepEqual(conflicts, []);
});

test('a field removed locally and untouched remotely is removed', () => {
  const withNote = { ...base, note: 'x' };
  const local: Record<string, unknown> = { ...base };
  const { merged } = threeWayMerge(withNote, local, withNote);
  assert.equal('note' in merged, false);
});

test('a local edit of a document the server deleted stays deleted and is reported', () => {
  const local = { ...base, fullName: 'Новое имя', _deleted: false };
  const remote = { ...base, _deleted: true };
  const { merged, conflicts } = threeWayMerge({ ...base, _deleted: false }, local, remote);
  assert.equal(merged._deleted, true);
  assert.deepEqual(conflicts.map((c) => c.field), ['_deleted']);
});

test('a local deletion of a document nobody else changed is kept', () => {
  const local = { ...base, _deleted: true };
  const { merged, conflicts } = threeWayMerge({ ...base, _deleted: false }, local, { ...base, _deleted: false });
  assert.equal(merged._deleted, true);
  assert.deepEqual(conflicts, []);
});

test('nested values are compared structurally', () => {
  assert.equal(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), true);
  assert.equal(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }), false);
  assert.equal(deepEqual({ a: 1, b: undefined }, { a: 1 }), true);
  assert.equal(deepEqual([1], { 0: 1 }), false);
  const local = { ...base, tags: ['a', 'b'] };
  const remote = { ...base, tags: ['a', 'b'] };
  assert.deepEqual(threeWayMerge(base, local, remote).conflicts, []);
});
