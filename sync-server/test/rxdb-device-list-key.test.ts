import 'fake-indexeddb/auto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RxCollection } from 'rxdb';
import { docId } from '@oblako/domain';
import { DOCUMENTS_COLLECTION, documentsModule, type MedicalDocument } from '../../modules/documents/index';
import { inReviewOrder } from '../../modules/documents/ui/lists/review-order';
import { openUserDatabase, removeUserDatabase } from '../../pwa/src/app/core/db/user-database';
import { readFirst } from '../../pwa/src/app/core/db/read-first';
import type { Fetch } from '../../pwa/src/app/core/replication/couch-push';
import { openAppDevice, type AppDevice } from './helpers/app-device';
import { waitForDoc } from './helpers/rxdb-wait';
import { startTestServer, type TestAccount, type TestServer } from './helpers/test-server';

/**
 * The documents' device-only review-order key (modules/documents/list-key.ts), filled in by the
 * device's storage (core/db/device-fields-storage.ts) on every way a document reaches it — the
 * first sync (straight into the storage), the live pull, a page's edit, a schema migration — and
 * never seen above it: not by the app's reads, not by the push (the server has none), so:
 * - a first screen read from the index `[patientId, listKey]` is the doctor's review order
 *   (lists/review-order.ts), the whole patient too;
 * - a doctor's review moves the document at once, and what is pushed has no `listKey`;
 * - a patient's new document, pushed from their phone, has none on the server, and comes first
 *   on the doctor's device as it arrives;
 * - the server refuses a document that carries one (its schema has no such field).
 */
type Doc = Record<string, unknown>;
const LIST_KEY = 'listKey';

/** Records with ties on purpose: equal dates, equal creation times, every fifth reviewed. */
function records(patientId: string, doctorId: string, count: number): Doc[] {
  return Array.from({ length: count }, (_, n) => {
    const createdAt = new Date(Date.UTC(2024, 0, 1) + Math.floor(n / 3) * 3_600_000).toISOString();
    return {
      _id: docId(patientId, `record-${String((n * 7919) % 1000).padStart(4, '0')}-${n}`),
      patientId,
      type: 'lab',
      date: `2024-0${1 + (n % 4)}-1${n % 7}`,
      note: `Анализ № ${n}`,
      files: [{ fileId: `file-${String(n).padStart(6, '0')}`, name: `скан-${n}.jpg`, size: 1000 + n, mime: 'image/jpeg', sha256: 'a'.repeat(64) }],
      createdAt,
      updatedAt: createdAt,
      ...(n % 5 === 0 ? { reviewedAt: '2024-06-01T10:00:00.000Z', reviewedBy: doctorId } : {}),
    };
  });
}

/** Every body the device sends to `_bulk_docs`, to look for the device-only field. */
class Sent {
  readonly bodies: string[] = [];
  readonly network = (fetch: Fetch): Fetch => async (input, init) => {
    if (String(input).includes('/_bulk_docs')) this.bodies.push(String(init?.body));
    return fetch(input, init);
  };
}

async function all(collection: RxCollection<Doc>, patientId: string): Promise<MedicalDocument[]> {
  return (await collection.find({ selector: { patientId } }).exec()).map((d) => d.toJSON() as unknown as MedicalDocument);
}

const ids = (docs: readonly { id: string }[]) => docs.map((d) => d.id);

describe('the documents’ review-order key on a device', () => {
  let server: TestServer;
  let doctor: TestAccount;
  let patient: TestAccount;
  let doctorDevice: AppDevice;
  let patientDevice: AppDevice;
  const doctorSent = new Sent();
  const patientSent = new Sent();

  before(async () => {
    server = await startTestServer({}, { modules: [documentsModule] });
    doctor = await server.createAccount('doctor');
    patient = await server.createAccount('patient');
    await server.app.access.assign(doctor.user.id, patient.user.id);
    await server.app.store.db('documents').bulkDocs(records(patient.user.id, doctor.user.id, 120));
    const open = async (account: TestAccount, sent: Sent) =>
      openAppDevice(server, {
        definitions: documentsModule.collections!,
        role: account.user.role,
        accessToken: (await server.signIn(account.phone, account.password)).accessToken,
        network: sent.network,
        retryTime: 300,
      });
    doctorDevice = await open(doctor, doctorSent);
    patientDevice = await open(patient, patientSent);
  });
  after(async () => {
    await doctorDevice?.close().catch(() => undefined);
    await patientDevice?.close().catch(() => undefined);
    server.app.server.closeAllConnections();
    await server.close();
  });

  test('after the first sync the index gives the review order: the first screen and the whole patient', async () => {
    const documents = doctorDevice.collections['documents']!;
    const expected = inReviewOrder(await all(documents, patient.user.id));
    assert.equal(expected.length, 120);
    const first = await readFirst<MedicalDocument>(documents, { patientId: patient.user.id }, [{ [LIST_KEY]: 'asc' }], 31);
    assert.deepEqual(ids(first), ids(expected.slice(0, 31)));
    const whole = await readFirst<MedicalDocument>(documents, { patientId: patient.user.id }, [{ [LIST_KEY]: 'asc' }], 1000);
    assert.deepEqual(ids(whole), ids(expected));
    for (const doc of [...first, ...(await all(documents, patient.user.id))]) assert.ok(!(LIST_KEY in doc), `${doc.id} is read without the device-only key`);
  });

  test('a doctor’s review moves the document at once; the push carries no listKey', async () => {
    const documents = doctorDevice.collections['documents']!;
    const top = (await readFirst<MedicalDocument>(documents, { patientId: patient.user.id }, [{ [LIST_KEY]: 'asc' }], 1))[0]!;
    assert.equal(top.reviewedAt, undefined, 'the first card is one still to review');
    const reviewedAt = new Date().toISOString();
    await (await documents.findOne(top.id).exec())!.incrementalPatch({ reviewedAt, reviewedBy: doctor.user.id });

    const expected = inReviewOrder(await all(documents, patient.user.id));
    const now = await readFirst<MedicalDocument>(documents, { patientId: patient.user.id }, [{ [LIST_KEY]: 'asc' }], 1000);
    assert.deepEqual(ids(now), ids(expected));
    assert.notEqual(now[0]!.id, top.id, 'the reviewed document left the top');

    await doctorDevice.states['documents']!.awaitInSync();
    const store = server.app.store.db('documents');
    for (let i = 0; ((await store.get(top.id)) as unknown as Doc)['reviewedAt'] !== reviewedAt; i++) {
      assert.ok(i < 300, 'the review reaches the server');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const onServer = (await store.get(top.id)) as unknown as Doc;
    assert.ok(!(LIST_KEY in onServer), 'the server’s document has no listKey');
    assert.ok(doctorSent.bodies.length > 0, 'the review was pushed');
    for (const body of doctorSent.bodies) assert.ok(!body.includes(LIST_KEY), `pushed without listKey: ${body.slice(0, 200)}`);
  });

  test('a patient’s new document: none on the server, first on the doctor’s device as it arrives (live pull)', async () => {
    const id = docId(patient.user.id, 'new-from-phone');
    const now = new Date().toISOString();
    await patientDevice.collections['documents']!.insert({
      id, patientId: patient.user.id, type: 'mri', date: now.slice(0, 10), note: 'МРТ колена', createdAt: now, updatedAt: now,
      files: [{ fileId: 'file-new-0001', name: 'мрт.dcm', size: 10, mime: 'application/dicom', sha256: 'b'.repeat(64) }],
    });
    const documents = doctorDevice.collections['documents']!;
    await waitForDoc<Doc>(documents, id, (doc) => doc !== null, 30_000);
    const onServer = (await server.app.store.db('documents').get(id)) as unknown as Doc;
    assert.ok(!(LIST_KEY in onServer));
    assert.ok(patientSent.bodies.some((body) => body.includes('new-from-phone')), 'the patient’s phone pushed it');
    for (const body of patientSent.bodies) assert.ok(!body.includes(LIST_KEY));
    const first = await readFirst<MedicalDocument>(documents, { patientId: patient.user.id }, [{ [LIST_KEY]: 'asc' }], 31);
    assert.equal(first[0]!.id, id, 'the newest document still to review comes first');
    assert.deepEqual(ids(first), ids(inReviewOrder(await all(documents, patient.user.id)).slice(0, 31)));
  });

  test('the server refuses a document carrying listKey', async () => {
    const { accessToken } = await server.signIn(patient.phone, patient.password);
    const now = new Date().toISOString();
    const response = await fetch(`${server.baseUrl}/sync/documents/_bulk_docs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        new_edits: false,
        docs: [{
          _id: docId(patient.user.id, 'with-key'), _rev: '1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', patientId: patient.user.id, type: 'mri', date: now.slice(0, 10), note: '',
          createdAt: now, updatedAt: now, listKey: '0abc', files: [{ fileId: 'file-key-0001', name: 'a.pdf', size: 1, mime: 'application/pdf', sha256: 'c'.repeat(64) }],
        }],
      }),
    });
    const answer = await response.text();
    assert.ok(response.status >= 400 || answer.includes('error'), `refused: ${response.status} ${answer}`);
    await assert.rejects(server.app.store.db('documents').get(docId(patient.user.id, 'with-key')));
  });
});

describe('a device updated from the documents schema before the key', () => {
  test('the migration stores the key: the index gives the review order at once', async () => {
    const name = `list-key-migration-${process.pid}`;
    const withoutKey = { ...DOCUMENTS_COLLECTION, schema: { ...DOCUMENTS_COLLECTION.schema, version: 1 }, migrations: { 1: (doc: Doc) => doc }, deviceFields: undefined };
    let user = await openUserDatabase(name, [withoutKey]);
    const stored = records('p1', 'd1', 40).map(({ _id, ...rest }) => ({ id: _id, ...rest }));
    await user.db.collections['documents']!.bulkInsert(stored);
    await user.db.close();

    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    try {
      const documents = user.db.collections['documents'] as RxCollection<Doc>;
      const expected = inReviewOrder(await all(documents, 'p1'));
      assert.equal(expected.length, 40);
      const first = await readFirst<MedicalDocument>(documents, { patientId: 'p1' }, [{ [LIST_KEY]: 'asc' }], 31);
      assert.deepEqual(ids(first), ids(expected.slice(0, 31)));
    } finally {
      await user.db.close();
      await removeUserDatabase(name);
    }
  });
});
