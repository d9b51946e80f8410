import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectionDefinition } from '../module-contract';
import {
  canRead,
  canReadId,
  checkWrite,
  collectionPolicy,
  toDocumentData,
  type SchemaCheck,
  type StoredDoc,
  type Viewer,
} from './index';

const alice = 'aaaaaaaa-0000-4000-8000-000000000001';
const bob = 'bbbbbbbb-0000-4000-8000-000000000002';
const carol = 'cccccccc-0000-4000-8000-000000000003';
const drHouse = 'dddddddd-0000-4000-8000-000000000004';
const manager = 'eeeeeeee-0000-4000-8000-000000000005';

const patientAlice: Viewer = { id: alice, role: 'patient' };
const patientBob: Viewer = { id: bob, role: 'patient' };
const doctor: Viewer = { id: drHouse, role: 'doctor', assignedPatients: new Set([alice]) };
const unassignedDoctor: Viewer = { id: drHouse, role: 'doctor', assignedPatients: new Set() };
const managerViewer: Viewer = { id: manager, role: 'manager' };

/** Like the profile collection: patients write their own, doctors read assigned, nobody deletes. */
const profiles: CollectionDefinition = {
  name: 'profiles',
  schema: {
    version: 0,
    primaryKey: 'id',
    type: 'object',
    properties: { id: { type: 'string' }, patientId: { type: 'string' }, fullName: { type: 'string' } },
    required: ['id', 'patientId', 'fullName'],
  },
  partitionField: 'patientId',
  access: {
    read: { patient: 'own', doctor: 'assigned', manager: 'all', admin: 'all' },
    write: { patient: 'own' },
  },
  immutableFields: ['patientId'],
  validate: (doc) => (String(doc['fullName'] ?? '').trim().length < 2 ? [{ field: 'fullName', code: 'required' }] : []),
};

/** A collection doctors write into, with a doctor-only field and deletion by the author's side. */
const notes: CollectionDefinition = {
  name: 'notes',
  schema: { version: 0, primaryKey: 'id', type: 'object', properties: {} },
  partitionField: 'patientId',
  access: {
    read: { patient: 'own', doctor: 'assigned' },
    write: { patient: 'own', doctor: 'assigned' },
    delete: { patient: 'own' },
  },
  immutableFields: ['createdAt'],
  fieldWriters: { conclusion: ['doctor'] },
};

const fullNameIsString: SchemaCheck = (data) =>
  typeof data['fullName'] === 'string' ? null : { field: 'fullName', message: 'fullName must be string' };

function profile(owner: string, extra: Record<string, unknown> = {}): StoredDoc {
  return { _id: `${owner}:profile`, patientId: owner, fullName: 'Алиса Иванова', ...extra };
}

describe('reading', () => {
  it('a patient reads only their own partition', () => {
    assert.equal(canRead(profiles, patientAlice, profile(alice)), true);
    assert.equal(canRead(profiles, patientAlice, profile(bob)), false);
    assert.equal(canReadId(profiles, patientBob, `${alice}:profile`), false);
  });

  it('a doctor reads assigned patients and nobody else', () => {
    assert.equal(canRead(profiles, doctor, profile(alice)), true);
    assert.equal(canRead(profiles, doctor, profile(bob)), false);
    assert.equal(canRead(profiles, unassignedDoctor, profile(alice)), false);
  });

  it('a doctor reaching `assigned` also reads their own partition', () => {
    assert.equal(canRead(notes, doctor, { _id: `${drHouse}:n1`, patientId: drHouse }), true);
  });

  it('a manager reads all; a role without a read rule reads nothing', () => {
    assert.equal(canRead(profiles, managerViewer, profile(bob)), true);
    assert.equal(canRead(notes, managerViewer, { _id: `${bob}:n1`, patientId: bob }), false);
  });

  it('reserved and malformed ids are never readable, whatever the role', () => {
    for (const id of ['_design/x', '_local/x', `_${alice}:x`, 'profile', `${alice}:`, `${alice}:a/b`, 42, null]) {
      assert.equal(canReadId(profiles, managerViewer, id), false, String(id));
    }
  });

  it('a live document whose partition field disagrees with its id is withheld', () => {
    assert.equal(canRead(profiles, patientAlice, { _id: `${alice}:profile`, patientId: bob }), false);
    assert.equal(canRead(profiles, patientAlice, { _id: `${alice}:profile` }), false);
  });

  it('a bare tombstone is readable by whoever may read its partition', () => {
    assert.equal(canRead(profiles, patientAlice, { _id: `${alice}:profile`, _rev: '2-x', _deleted: true }), true);
    assert.equal(canRead(profiles, patientBob, { _id: `${alice}:profile`, _rev: '2-x', _deleted: true }), false);
  });
});

describe('writing: ids and ownership', () => {
  it('a patient creates and updates their own profile', () => {
    assert.equal(checkWrite(profiles, patientAlice, null, profile(alice)), null);
    const old = profile(alice, { _rev: '1-a' });
    assert.equal(checkWrite(profiles, patientAlice, old, profile(alice, { _rev: '1-a', fullName: 'Алиса Петрова' })), null);
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, 'x', 3, [profile(alice)]]) {
      assert.equal(checkWrite(profiles, patientAlice, null, body)?.code, 'invalid_id');
    }
  });

  it('refuses reserved ids (_design, _local) for every role', () => {
    for (const viewer of [patientAlice, managerViewer, { id: manager, role: 'admin' } as Viewer]) {
      assert.equal(checkWrite(profiles, viewer, null, { _id: '_design/evil', views: {} })?.code, 'reserved_id');
      assert.equal(checkWrite(profiles, viewer, null, { _id: '_local/x' })?.code, 'reserved_id');
    }
  });

  it('refuses ids that are not <partition>:<local>', () => {
    for (const id of ['profile', `${alice}`, `${alice}:`, `${alice}:a b`, `${alice.toUpperCase()}:p`, undefined, 7]) {
      const refusal = checkWrite(profiles, patientAlice, null, { _id: id, patientId: alice, fullName: 'Алиса' });
      assert.equal(refusal?.code, 'invalid_id', String(id));
      assert.equal(refusal?.field, '_id');
    }
  });

  it("refuses writing into someone else's partition", () => {
    const refusal = checkWrite(profiles, patientAlice, null, profile(bob));
    assert.equal(refusal?.code, 'outside_scope');
    assert.match(refusal?.reason ?? '', /belong to someone else.*\(outside_scope\)/);
  });

  it("refuses a forged id: own partition field, someone else's id", () => {
    const forged = { _id: `${bob}:profile`, patientId: alice, fullName: 'Алиса' };
    assert.equal(checkWrite(profiles, patientAlice, null, forged)?.code, 'outside_scope');
  });

  it("refuses an own id carrying someone else's partition field", () => {
    const forged = { _id: `${alice}:profile`, patientId: bob, fullName: 'Алиса' };
    const refusal = checkWrite(profiles, patientAlice, null, forged);
    assert.equal(refusal?.code, 'partition_mismatch');
    assert.equal(refusal?.field, 'patientId');
  });

  it('refuses a body whose primary key differs from the id (it would land under that id on readers)', () => {
    const refusal = checkWrite(profiles, patientAlice, null, profile(alice, { id: `${bob}:profile` }));
    assert.equal(refusal?.code, 'primary_key_mismatch');
    assert.equal(checkWrite(profiles, patientAlice, null, profile(alice, { id: `${alice}:profile` })), null);
  });

  it('refuses writes from roles without a write rule (a doctor cannot write a profile)', () => {
    assert.equal(checkWrite(profiles, doctor, profile(alice), profile(alice, { fullName: 'X Y' }))?.code, 'role_cannot_write');
    assert.equal(checkWrite(profiles, managerViewer, null, profile(bob))?.code, 'role_cannot_write');
  });

  it('a doctor writes into assigned partitions only', () => {
    assert.equal(checkWrite(notes, doctor, null, { _id: `${alice}:n1`, patientId: alice }), null);
    assert.equal(checkWrite(notes, doctor, null, { _id: `${bob}:n1`, patientId: bob })?.code, 'outside_scope');
  });
});

describe('writing: store fields', () => {
  it('refuses attachments (files never go through replication)', () => {
    const refusal = checkWrite(profiles, patientAlice, null, profile(alice, { _attachments: {} }));
    assert.equal(refusal?.code, 'attachments_not_allowed');
  });

  it('refuses other underscore fields', () => {
    for (const field of ['_revisions', '_conflicts', '_meta', '_local_seq']) {
      const refusal = checkWrite(profiles, patientAlice, null, profile(alice, { [field]: {} }));
      assert.equal(refusal?.code, 'reserved_field', field);
      assert.equal(refusal?.field, field);
    }
  });

  it('refuses non-boolean _deleted and non-string _rev', () => {
    assert.equal(checkWrite(profiles, patientAlice, null, profile(alice, { _deleted: 'yes' }))?.field, '_deleted');
    assert.equal(checkWrite(profiles, patientAlice, null, profile(alice, { _rev: 1 }))?.field, '_rev');
  });

  it('accepts _deleted: false as RxDB sends it', () => {
    assert.equal(checkWrite(profiles, patientAlice, null, profile(alice, { _deleted: false })), null);
  });
});

describe('writing: deletion', () => {
  it('nobody deletes where the collection has no delete rule', () => {
    const tombstone = { _id: `${alice}:profile`, _rev: '1-a', _deleted: true };
    assert.equal(checkWrite(profiles, patientAlice, profile(alice), tombstone)?.code, 'role_cannot_delete');
    assert.equal(checkWrite(profiles, managerViewer, profile(alice), tombstone)?.code, 'role_cannot_delete');
  });

  it("refuses deleting someone else's document even with delete rights", () => {
    const tombstone = { _id: `${bob}:n1`, _rev: '1-a', _deleted: true };
    assert.equal(checkWrite(notes, patientAlice, { _id: `${bob}:n1`, patientId: bob }, tombstone)?.code, 'role_cannot_delete');
  });

  it('allows a bare tombstone within delete reach', () => {
    const tombstone = { _id: `${alice}:n1`, _rev: '1-a', _deleted: true };
    assert.equal(checkWrite(notes, patientAlice, { _id: `${alice}:n1`, patientId: alice }, tombstone), null);
  });

  it('a deletion that carries a body must still be a valid body', () => {
    const old: StoredDoc = { _id: `${alice}:n1`, patientId: alice, createdAt: 't1' };
    const forgedBody = { _id: `${alice}:n1`, _deleted: true, patientId: bob, createdAt: 't1' };
    assert.equal(checkWrite(notes, patientAlice, old, forgedBody)?.code, 'partition_mismatch');
    const fine = { _id: `${alice}:n1`, _deleted: true, patientId: alice, createdAt: 't1' };
    assert.equal(checkWrite(notes, patientAlice, old, fine), null);
  });
});

describe('writing: content', () => {
  it('refuses changing an immutable field, allows keeping it', () => {
    const old: StoredDoc = { _id: `${alice}:n1`, patientId: alice, createdAt: '2024-01-01T00:00:00Z' };
    const changed = { ...old, createdAt: '2025-01-01T00:00:00Z' };
    const refusal = checkWrite(notes, patientAlice, old, changed);
    assert.equal(refusal?.code, 'immutable_field');
    assert.equal(refusal?.field, 'createdAt');
    assert.equal(checkWrite(notes, patientAlice, old, { ...old, text: 'hi' }), null);
  });

  it('immutable fields may be set freely on creation and after a deletion', () => {
    assert.equal(checkWrite(notes, patientAlice, null, { _id: `${alice}:n1`, patientId: alice, createdAt: 'x' }), null);
    const deleted: StoredDoc = { _id: `${alice}:n1`, _deleted: true, patientId: alice, createdAt: 'old' };
    assert.equal(checkWrite(notes, patientAlice, deleted, { _id: `${alice}:n1`, patientId: alice, createdAt: 'new' }), null);
  });

  it('fieldWriters: other roles must keep the field as it is', () => {
    const old: StoredDoc = { _id: `${alice}:n1`, patientId: alice, conclusion: { text: 'ok' } };
    assert.equal(checkWrite(notes, patientAlice, old, { ...old, conclusion: { text: 'fine' } })?.code, 'field_not_writable');
    assert.equal(checkWrite(notes, patientAlice, old, { ...old, conclusion: undefined })?.code, 'field_not_writable');
    assert.equal(checkWrite(notes, patientAlice, old, { ...old, conclusion: { text: 'ok' }, text: 'x' }), null);
    assert.equal(checkWrite(notes, doctor, old, { ...old, conclusion: { text: 'fine' } }), null);
  });

  it('fieldWriters: other roles cannot set the field on creation', () => {
    const created = { _id: `${alice}:n2`, patientId: alice, conclusion: 'self-diagnosed' };
    const refusal = checkWrite(notes, patientAlice, null, created);
    assert.equal(refusal?.code, 'field_not_writable');
    assert.match(refusal?.reason ?? '', /only be changed by: doctor/);
  });

  it('runs the schema check on the RxDB view of the document', () => {
    let seen: Record<string, unknown> | undefined;
    const spy: SchemaCheck = (data) => {
      seen = { ...data };
      return fullNameIsString(data);
    };
    assert.equal(checkWrite(profiles, patientAlice, null, profile(alice, { _rev: '1-a', _deleted: false }), { schemaCheck: spy }), null);
    assert.deepEqual(seen, { id: `${alice}:profile`, patientId: alice, fullName: 'Алиса Иванова' });
    const refusal = checkWrite(profiles, patientAlice, null, profile(alice, { fullName: 5 }), { schemaCheck: fullNameIsString });
    assert.equal(refusal?.code, 'schema');
    assert.equal(refusal?.field, 'fullName');
    assert.match(refusal?.reason ?? '', /"profiles" schema: fullName must be string/);
  });

  it("runs the collection's validate() and reports the field and issue code", () => {
    const refusal = checkWrite(profiles, patientAlice, null, profile(alice, { fullName: ' ' }));
    assert.equal(refusal?.code, 'invalid_value');
    assert.equal(refusal?.field, 'fullName');
    assert.match(refusal?.reason ?? '', /fullName\.required/);
  });
});

describe('policy', () => {
  it('binds one viewer to one collection', () => {
    const policy = collectionPolicy(profiles, doctor, { schemaCheck: fullNameIsString });
    assert.equal(policy.readDependsOnAssignments, true);
    assert.equal(policy.canReadPartition(alice), true);
    assert.equal(policy.canReadPartition(carol), false);
    assert.equal(policy.canRead(profile(alice)), true);
    assert.equal(policy.checkWrite(null, profile(alice))?.code, 'role_cannot_write');
    assert.equal(collectionPolicy(profiles, patientAlice).readDependsOnAssignments, false);
    assert.equal(collectionPolicy(profiles, managerViewer).readDependsOnAssignments, false);
  });

  it('toDocumentData swaps _id for the primary key and drops store fields', () => {
    assert.deepEqual(toDocumentData({ _id: 'a:b', _rev: '1-x', _deleted: false, x: 1 }, 'id'), { x: 1, id: 'a:b' });
  });
});
