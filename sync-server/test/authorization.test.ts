import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWrite, type StoredDoc } from '@oblako/domain';
import { MODULES } from '@oblako/modules';
import { compileSchemaCheck } from '../src/plugins/replication/schema-check';
import { decodeCheckpoint, encodeCheckpoint, parseSince } from '../src/plugins/replication/checkpoint';

const profiles = MODULES.flatMap((module) => module.collections ?? []).find((collection) => collection.name === 'profiles')!;
const patientId = 'aaaaaaaa-0000-4000-8000-000000000001';
const patient = { id: patientId, role: 'patient' as const };

/** A profile as RxDB pushes it: `_id` instead of the primary key, `_deleted: false`. */
const pushed = (changes: Record<string, unknown> = {}): StoredDoc => ({
  _id: `${patientId}:profile`,
  patientId,
  fullName: 'Иванова Мария Петровна',
  birthDate: '1980-05-17',
  region: 'Томская область',
  timeZone: 'Asia/Omsk',
  contactPhone: '+79001234567',
  updatedAt: '2025-06-01T10:00:00.000Z',
  _deleted: false,
  ...changes,
});

describe('the profile collection on the server (ajv + validate())', () => {
  const schemaCheck = compileSchemaCheck(profiles.schema);
  const check = (doc: StoredDoc) => checkWrite(profiles, patient, null, doc, { schemaCheck });

  test('a complete profile as RxDB pushes it passes', () => {
    assert.equal(check(pushed()), null);
    assert.equal(check(pushed({ birthDate: '', contactPhone: '' })), null);
  });

  test('missing, mistyped, extra and malformed fields are named', () => {
    const { region: _removed, ...withoutRegion } = pushed();
    const cases: [StoredDoc, string, RegExp][] = [
      [withoutRegion, 'region', /field "region" is required/],
      [pushed({ fullName: 42 }), 'fullName', /field "fullName" must be string/],
      [pushed({ diagnosis: 'x' }), 'diagnosis', /field "diagnosis" is not allowed/],
      [pushed({ updatedAt: 'yesterday' }), 'updatedAt', /must match format "date-time"/],
      [pushed({ contactPhone: '8 900 123' }), 'contactPhone', /must match pattern/],
      [pushed({ fullName: 'x'.repeat(201) }), 'fullName', /must NOT have more than 200 characters/],
    ];
    for (const [doc, field, reason] of cases) {
      const refusal = check(doc);
      assert.equal(refusal?.code, 'schema', field);
      assert.equal(refusal?.field, field);
      assert.match(refusal!.reason, reason);
    }
  });

  test("the module's validate() runs after the schema: a birth date in the future", () => {
    const refusal = check(pushed({ birthDate: '2999-12-31' }));
    assert.equal(refusal?.code, 'invalid_value');
    assert.equal(refusal?.field, 'birthDate');
    assert.match(refusal!.reason, /birthDate\.future/);
    assert.equal(check(pushed({ birthDate: '2023-02-30' }))?.code, 'invalid_value');
  });

  test('validation does not change the document it checks', () => {
    const doc = pushed();
    const copy = structuredClone(doc);
    check(doc);
    assert.deepEqual(doc, copy);
  });
});

describe('checkpoints', () => {
  test('round-trip numbers (LevelDB) and opaque strings (CouchDB)', () => {
    for (const checkpoint of [{ c: 0 }, { c: 42, a: 7 }, { c: '12-g1AAAA_x', a: '3-g1BB', k: `${patientId}:d01` }]) {
      const encoded = encodeCheckpoint(checkpoint);
      assert.match(encoded, /^[A-Za-z0-9_-]+$/, 'safe in a URL without escaping');
      assert.deepEqual(decodeCheckpoint(encoded), checkpoint);
    }
  });

  test('anything we did not issue is refused', () => {
    const bad = [
      '',
      'not base64!',
      Buffer.from('not json').toString('base64url'),
      Buffer.from('[1]').toString('base64url'),
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('{"c":-1}').toString('base64url'),
      Buffer.from('{"c":1.5}').toString('base64url'),
      Buffer.from('{"c":""}').toString('base64url'),
      Buffer.from('{"c":{}}').toString('base64url'),
      Buffer.from('{"c":1,"k":"_design/x"}').toString('base64url'),
      Buffer.from('{"c":1,"admin":true}').toString('base64url'),
      'A'.repeat(5000),
    ];
    for (const value of bad) assert.equal(decodeCheckpoint(value), null, value.slice(0, 40));
  });

  test('since: absent or 0 is the start, "now" is now', () => {
    const epoch = 'epoch-1';
    assert.deepEqual(parseSince(undefined, epoch), { kind: 'start' });
    assert.deepEqual(parseSince('0', epoch), { kind: 'start' });
    assert.deepEqual(parseSince('now', epoch), { kind: 'now' });
    assert.deepEqual(parseSince(encodeCheckpoint({ c: 5 }), epoch), { kind: 'checkpoint', checkpoint: { c: 5 } });
    assert.equal(parseSince('5', epoch), null, 'a bare store sequence is not a checkpoint of ours');
  });

  test('since: a checkpoint of this store is kept; one of another epoch (a restored store) is the start', () => {
    assert.deepEqual(parseSince(encodeCheckpoint({ c: 5, e: 'epoch-1' }), 'epoch-1'), { kind: 'checkpoint', checkpoint: { c: 5, e: 'epoch-1' } });
    assert.deepEqual(parseSince(encodeCheckpoint({ c: 5000, a: 7, e: 'epoch-0' }), 'epoch-1'), { kind: 'start' });
    assert.equal(parseSince(encodeCheckpoint({ c: 5, e: 'not an epoch!' }), 'epoch-1'), null);
  });
});
