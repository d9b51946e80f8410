import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { docId } from '@oblako/domain';
import { documentsModule } from '../../modules/documents/index';
import type { Fetch } from '../../pwa/src/app/core/replication/couch-push';
import { INITIAL_PULL_BATCH_SIZE } from '../../pwa/src/app/core/replication/collection-replication';
import { readFirstSyncProgress } from '../../pwa/src/app/core/replication/first-sync-progress';
import { openAppDevice, type AppDevice } from './helpers/app-device';
import { waitForDoc } from './helpers/rxdb-wait';
import { startTestServer, type TestAccount, type TestServer } from './helpers/test-server';

/**
 * A doctor's first sync writes the records straight into RxDB's storage (first-sync.ts), without
 * RxDB's record of what the server holds (its "assumed master state"). Then:
 * - RxDB's replication takes over from where the first sync ended: its push sends none of the
 *   pulled records back and asks the server about none of them; its pull goes on from the last page;
 * - a later edit of such a record is merged against the version it was made on: the patient's note changed
 *   meanwhile on the server (their phone) and the doctor's review mark made here both survive, with no notice;
 * - a server change to a record the device did not touch reaches the device.
 * The device is the app's own database and replication (openAppDevice) against the real server.
 */
const RECORDS = 3 * INITIAL_PULL_BATCH_SIZE + 10;

type Doc = Record<string, unknown>;

/** Counts the device's requests by endpoint; `offline` fails every request (no network). */
class Link {
  readonly changesSinces: string[] = [];
  allDocs = 0;
  bulkDocs = 0;
  bulkDocsRows = 0;
  offline = false;

  readonly network = (fetch: Fetch): Fetch => async (input, init) => {
    if (this.offline) throw new TypeError('offline (injected by the test)');
    const url = new URL(String(input));
    if (url.pathname.endsWith('/sync/documents/_changes')) this.changesSinces.push(url.searchParams.get('since') ?? '');
    if (url.pathname.endsWith('/sync/documents/_all_docs')) this.allDocs += 1;
    if (url.pathname.endsWith('/sync/documents/_bulk_docs')) {
      this.bulkDocs += 1;
      this.bulkDocsRows += (JSON.parse(String(init?.body)) as { docs: unknown[] }).docs.length;
    }
    return fetch(input, init);
  };
}

function records(patientId: string, count: number): Doc[] {
  return Array.from({ length: count }, (_, n) => {
    const at = new Date(Date.UTC(2022, 0, 1) + n * 60_000).toISOString();
    return {
      _id: docId(patientId, `record-${String(n).padStart(6, '0')}`),
      patientId,
      type: 'lab',
      date: at.slice(0, 10),
      note: `Анализ крови № ${n}`,
      files: [{ fileId: `file-${String(n).padStart(6, '0')}`, name: `скан-${n}.jpg`, size: 1000 + n, mime: 'image/jpeg', sha256: 'a'.repeat(64) }],
      createdAt: at,
      updatedAt: at,
    };
  });
}

/** The server's document once `predicate` holds for it (the push after a merge comes a moment later); the last one read after `timeoutMs`. */
async function serverHolds(store: { get(id: string): Promise<unknown> }, id: string, predicate: (doc: Doc) => boolean, timeoutMs: number): Promise<Doc> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const doc = (await store.get(id)) as Doc;
    if (predicate(doc) || Date.now() > deadline) return doc;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a first sync written straight into the storage', () => {
  let server: TestServer;
  let doctor: TestAccount;
  let patientId: string;
  let device: AppDevice;
  const link = new Link();

  before(async () => {
    server = await startTestServer({}, { modules: [documentsModule] });
    doctor = await server.createAccount('doctor');
    const patient = await server.createAccount('patient');
    patientId = patient.user.id;
    await server.app.access.assign(doctor.user.id, patientId);
    await server.app.store.db('documents').bulkDocs(records(patientId, RECORDS));
    const { accessToken } = await server.signIn(doctor.phone, doctor.password);
    device = await openAppDevice(server, {
      definitions: documentsModule.collections!,
      role: 'doctor',
      accessToken,
      network: link.network,
      name: `first-sync-fast-${process.pid}`,
      retryTime: 300,
    });
    await device.states['documents']!.awaitInSync();
  });
  after(async () => {
    await device?.close().catch(() => undefined);
    server.app.server.closeAllConnections();
    await server.close();
  });

  test('every record arrives; the push sends nothing back and asks about nothing; the pull goes on from the last page', async () => {
    const documents = device.collections['documents']!;
    assert.equal(await documents.count().exec(), RECORDS);
    const sample = (await documents.findOne(docId(patientId, 'record-001234')).exec())!.toJSON() as Doc;
    assert.equal(sample['note'], 'Анализ крови № 1234');
    assert.equal(sample['patientId'], patientId);

    assert.equal(link.bulkDocs, 0, `no record pushed back (${link.bulkDocsRows} rows sent)`);
    assert.equal(link.allDocs, 0, 'the server is not asked about the pulled records');
    const progress = await readFirstSyncProgress(device.user.db, 'oblako-sync-documents');
    assert.equal(progress?.state, 'done');
    // 4 pages of the first sync (1,000 + 1,000 + 1,000 + 10), then RxDB's pull from the last one.
    assert.equal(link.changesSinces.filter((since) => since === '0').length, 1, `only the first sync starts from zero (${link.changesSinces.join(', ')})`);
    assert.equal(link.changesSinces.length, 5, `the pages asked: ${link.changesSinces.join(', ')}`);
    assert.equal(link.changesSinces[4], progress?.sequence, 'RxDB pulls on from where the first sync ended');
  });

  test('a later edit merges against the version it was made on; the other side’s change survives too', async () => {
    const documents = device.collections['documents']!;
    const state = device.states['documents']!;
    const id = docId(patientId, 'record-000005');
    const store = server.app.store.db('documents');

    // Offline: the patient's phone changes the note on the server, this doctor marks the record reviewed.
    link.offline = true;
    const onServer = (await store.get(id)) as unknown as Doc;
    await store.put({ ...onServer, note: 'Гемоглобин 98 г/л', updatedAt: '2030-02-02T10:00:00.000Z' } as never);
    const reviewedAt = new Date().toISOString();
    await (await documents.findOne(id).exec())!.incrementalPatch({ reviewedAt, reviewedBy: doctor.user.id });
    const sentBefore = link.bulkDocsRows;
    link.offline = false;
    state.reSync();

    await waitForDoc<Doc>(documents, id, (doc) => doc?.['reviewedAt'] === reviewedAt && doc?.['note'] === 'Гемоглобин 98 г/л', 30_000);
    await state.awaitInSync();
    const stored = await serverHolds(store, id, (doc) => doc['reviewedAt'] === reviewedAt, 30_000);
    assert.equal(stored['reviewedAt'], reviewedAt, 'the server has this doctor’s review mark');
    assert.equal(stored['reviewedBy'], doctor.user.id);
    assert.equal(stored['note'], 'Гемоглобин 98 г/л', 'and keeps the patient’s new note');
    assert.deepEqual(await device.user.notices.list(), [], 'no conflict notice: the two edits changed different fields');
    assert.ok(link.bulkDocsRows - sentBefore <= 2, `only the edited record is sent (${link.bulkDocsRows - sentBefore} rows)`);
  });

  test('a server change to a record the device did not touch reaches the device', async () => {
    const documents = device.collections['documents']!;
    const id = docId(patientId, 'record-002500');
    const store = server.app.store.db('documents');
    const onServer = (await store.get(id)) as unknown as Doc;
    await store.put({ ...onServer, note: 'Исправлено лабораторией', updatedAt: '2030-03-03T10:00:00.000Z' } as never);
    await waitForDoc<Doc>(documents, id, (doc) => doc?.['note'] === 'Исправлено лабораторией', 30_000);
  });
});
