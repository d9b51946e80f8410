import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { docId, type StoredDoc } from '@oblako/domain';
import { makePdf } from '../../e2e/fixtures/medical-files';
import type { TestServer } from './helpers/test-server';
import { editOf, SyncClient } from './helpers/sync-client';
import { declared, documentDoc, signedIn, startDocumentsServer, type SignedIn } from './helpers/documents';

/**
 * The metadata side over the authorised replication: the patient writes their documents, the
 * assigned doctor only marks them reviewed, a reviewed document stays, and the server's file
 * verdicts are written by nobody else.
 */
let server: TestServer;
let alice: SignedIn;
let bob: SignedIn;
let doctor: SignedIn;
let otherDoctor: SignedIn;
let manager: SignedIn;
let admin: SignedIn;

before(async () => {
  ({ server, alice, bob, doctor, otherDoctor, manager, admin } = await startDocumentsServer());
  await server.app.access.assign(otherDoctor.id, alice.id);
});
after(() => server.close());

const documents = (who: SignedIn) => new SyncClient(server.baseUrl, 'documents', who.token);
const files = () => [declared(makePdf(), 'Заключение.pdf', 'application/pdf')];

async function create(extra: Record<string, unknown> = {}): Promise<StoredDoc> {
  const doc = documentDoc(alice.id, files(), { type: 'conclusion', note: 'Кардиолог, январь', ...extra });
  const { body } = await documents(alice).bulkDocs([doc]);
  assert.equal(body[0]?.ok, true, JSON.stringify(body[0]));
  return (await documents(alice).read(String(doc['_id'])))!;
}

async function write(who: SignedIn, doc: StoredDoc | Record<string, unknown>) {
  const { body } = await documents(who).bulkDocs([doc]);
  return body[0]!;
}

describe('the patient writes their documents', () => {
  test('a document with its declared files replicates to the patient and the assigned doctors; managers and admins read none', async () => {
    const doc = await create();
    for (const reader of [alice, doctor, otherDoctor]) {
      const { rows } = await documents(reader).pullAll();
      assert.ok(rows.some((row) => row.id === doc._id), `${reader.id} reads it`);
    }
    const { rows } = await documents(bob).pullAll();
    assert.ok(!rows.some((row) => row.id === doc._id), 'another patient does not');
    // A role with no read reach in the collection is refused outright, as CouchDB refuses a reader without rights.
    assert.equal((await documents(admin).changes({ since: 0 })).status, 403, 'the admin role reads no medical documents');
    assert.equal((await documents(manager).changes({ since: 0 })).status, 403, 'nor does a manager (least privilege: the stages list says what is missing)');
  });

  test('content rules: a type from the list, a real date not in the future, at least one file, no file twice', async () => {
    const one = files()[0]!;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ type: 'xray' }, 'schema', 'type'],
      [{ date: '2026-02-30' }, 'invalid_value', 'date'],
      [{ date: '2999-01-01' }, 'invalid_value', 'date'],
      [{ files: [] }, 'schema', 'files'],
      [{ files: [one, { ...one }] }, 'invalid_value', 'files'],
      [{ files: [{ ...one, sha256: 'nope' }] }, 'schema', 'files.0.sha256'],
      [{ reviewedAt: new Date().toISOString(), reviewedBy: alice.id }, 'field_not_writable', 'reviewedAt'],
    ];
    for (const [change, code, field] of cases) {
      const row = await write(alice, documentDoc(alice.id, files(), change as never));
      assert.deepEqual([row.code, row.field], [code, field], JSON.stringify(change));
    }
    const intoBob = await write(alice, documentDoc(bob.id, files()));
    assert.equal(intoBob.code, 'outside_scope');
  });

  test('the patient deletes a document nobody has reviewed', async () => {
    const doc = await create();
    const row = await write(alice, { ...editOf(doc), _deleted: true });
    assert.equal(row.ok, true);
  });
});

describe('the assigned doctor only marks documents reviewed', () => {
  test('a doctor cannot change what the patient wrote, nor create documents', async () => {
    const doc = await create();
    for (const [field, value] of [['note', 'исправлено врачом'], ['type', 'other'], ['date', '2020-01-01'], ['files', files()]] as const) {
      const row = await write(doctor, editOf(doc, { [field]: value }));
      assert.deepEqual([row.code, row.field], ['field_not_writable', field]);
    }
    const created = await write(doctor, documentDoc(alice.id, files()));
    assert.equal(created.code, 'field_not_writable');
    assert.equal((await write(doctor, { ...editOf(doc), _deleted: true })).code, 'role_cannot_delete');
    assert.equal((await write(manager, editOf(doc, { reviewedAt: new Date().toISOString(), reviewedBy: manager.id }))).code, 'role_cannot_write');
  });

  test('a review names the doctor who made it and is made once; an unassigned doctor cannot review', async () => {
    const doc = await create();
    const reviewedAt = new Date().toISOString();
    const forged = await write(doctor, editOf(doc, { reviewedAt, reviewedBy: otherDoctor.id }));
    assert.deepEqual([forged.code, forged.field], ['change_refused', 'reviewedBy']);
    assert.equal((await write(doctor, editOf(doc, { reviewedAt }))).code, 'invalid_value', 'both fields together');

    const unassigned = await signedIn(server, 'doctor');
    assert.equal((await write(unassigned, editOf(doc, { reviewedAt, reviewedBy: unassigned.id }))).code, 'outside_scope');

    const reviewed = await write(doctor, editOf(doc, { reviewedAt, reviewedBy: doctor.id }));
    assert.equal(reviewed.ok, true);
    const current = (await documents(alice).read(doc._id))!;
    assert.equal(current['reviewedBy'], doctor.id);
    const again = await write(otherDoctor, editOf(current, { reviewedAt: new Date().toISOString(), reviewedBy: otherDoctor.id }));
    assert.deepEqual([again.code, again.field], ['change_refused', 'reviewedAt']);
  });

  test('after a review the patient can neither delete the document nor change its files, type or date; the note stays editable', async () => {
    const doc = await create();
    assert.equal((await write(doctor, editOf(doc, { reviewedAt: new Date().toISOString(), reviewedBy: doctor.id }))).ok, true);
    const current = (await documents(alice).read(doc._id))!;

    const deletion = await write(alice, { ...editOf(current), _deleted: true });
    assert.deepEqual([deletion.code, deletion.field], ['change_refused', 'reviewedAt']);
    const bareTombstone = await write(alice, { _id: current._id, _rev: (await documents(alice).allDocs([current._id])).body.rows[0]!.value!.rev, _deleted: true });
    assert.equal(bareTombstone.code, 'change_refused');
    for (const [field, value] of [['files', files()], ['type', 'other'], ['date', '2020-01-01']] as const) {
      const row = await write(alice, editOf(current, { [field]: value, updatedAt: new Date().toISOString() }));
      assert.deepEqual([row.code, row.field], ['change_refused', field]);
    }
    const unreview = await write(alice, editOf(current, { reviewedAt: undefined, reviewedBy: undefined }));
    assert.equal(unreview.code, 'field_not_writable');
    const note = await write(alice, editOf(current, { note: 'Добавила пояснение', updatedAt: new Date().toISOString() }));
    assert.equal(note.ok, true);
  });
});

test('nobody writes the server\'s file verdicts over /sync — not the patient, not staff', async () => {
  const forged = {
    _id: docId(alice.id, 'forged-file-0001'),
    patientId: alice.id,
    documentId: docId(alice.id, 'some-document'),
    fileId: 'forged-file-0001',
    status: 'uploaded',
    name: 'forged.pdf',
    size: 10,
    mime: 'application/pdf',
    sha256: 'a'.repeat(64),
    checkedAt: new Date().toISOString(),
  };
  for (const who of [alice, doctor, manager, admin]) {
    const { body } = await new SyncClient(server.baseUrl, 'document_files', who.token).bulkDocs([forged]);
    assert.equal(body[0]?.code, 'role_cannot_write', who.id);
  }
  const { body } = await new SyncClient(server.baseUrl, 'document_files', alice.token).bulkDocs([{ _id: forged._id, _deleted: true }]);
  assert.equal(body[0]?.code, 'role_cannot_delete');
});
