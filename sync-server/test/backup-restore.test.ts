import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { loadConfig } from '../src/config/index';
import { storedDatabases } from '../src/manage/databases';
import { prepareBackup } from '../src/manage/backup-writer';
import { restoreBackup } from '../src/manage/backup-restore';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createStore } from '../src/plugins/store/index';
import { makeJpeg, makePdf } from '../../e2e/fixtures/medical-files';
import { declared, documentDoc, download, newDocumentId, pushDocument, signedIn, uploadWhole, type SignedIn } from './helpers/documents';
import { runManage } from './helpers/manage-cli';
import { SyncClient } from './helpers/sync-client';
import { bearer, postJson } from './helpers/http';
import { STAFF_API } from '../../modules/admin/index';
import { startTestServer, type TestServer } from './helpers/test-server';

type Snapshot = Map<string, Map<string, Record<string, unknown>>>;

const DOCTOR_PHONE = '+79007002030';

/** Every document of every database of a (closed or open) store, by database and id. */
async function snapshot(dataDir: string): Promise<Snapshot> {
  const config = loadConfig({}, { mode: 'production', jwtSecret: 'x'.repeat(32), dataDir, logLevel: 'silent' });
  const store = createStore(config);
  const all: Snapshot = new Map();
  try {
    for (const name of await storedDatabases(config)) {
      const rows = (await store.db(name).allDocs({ include_docs: true })).rows;
      all.set(name, new Map(rows.flatMap((row) => (row.doc ? [[row.id, row.doc as unknown as Record<string, unknown>]] : []))));
    }
  } finally {
    await store.close();
  }
  return all;
}

async function snapshotOf(server: TestServer): Promise<Snapshot> {
  const all: Snapshot = new Map();
  for (const name of await storedDatabases(server.config)) {
    const rows = (await server.app.store.db(name).allDocs({ include_docs: true })).rows;
    all.set(name, new Map(rows.flatMap((row) => (row.doc ? [[row.id, row.doc as unknown as Record<string, unknown>]] : []))));
  }
  return all;
}

/**
 * Backup → wipe → restore, with medical files uploaded and a client pushing and pulling the whole
 * time the backup runs; the restored store is compared document by document (revisions
 * included) and the files byte by byte, and the restored server serves them to the patient.
 */
describe('backup and restore round trip', () => {
  let server: TestServer;
  let patient: SignedIn;
  let dataDir: string;
  let archiveDir: string;
  const jwtSecret = randomBytes(32).toString('base64url');
  const files = [
    { bytes: makePdf('Заключение лечащего врача для резервной копии'), name: 'Заключение.pdf', mime: 'application/pdf' },
    { bytes: makeJpeg(6), name: 'УЗИ.jpg', mime: 'image/jpeg' },
  ];
  const uploaded: { documentId: string; fileId: string; bytes: Uint8Array }[] = [];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'oblako-backup-data-'));
    archiveDir = await mkdtemp(join(tmpdir(), 'oblako-backup-archive-'));
    server = await startTestServer({ dataDir, jwtSecret });
    patient = await signedIn(server, 'patient');
    // Staff made through «Сотрудники» (account, calendar, SMS, change log) and a consultation.
    const boss = await signedIn(server, 'manager');
    const added = await postJson<{ id: string }>(`${server.baseUrl}${STAFF_API.staff}`, { role: 'doctor', fullName: 'Резервов Иван Петрович', phone: DOCTOR_PHONE, specialties: ['cardiology'] }, bearer(boss.token));
    assert.equal(added.status, 201);
    await server.app.store.db('consultations').put({
      _id: `${patient.id}:consultation-backup`, patientId: patient.id, doctorId: added.body.id, status: 'scheduled', specialty: 'cardiology',
      createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    });
    for (const file of files) {
      const documentId = newDocumentId(patient.id);
      const declaredFile = declared(file.bytes, file.name, file.mime);
      assert.equal((await uploadWhole(server.baseUrl, patient.token, documentId, declaredFile, file.bytes)).finished.status, 204);
      assert.ok((await pushDocument(server, patient.token, documentDoc(patient.id, [declaredFile], { _id: documentId }))).ok);
      uploaded.push({ documentId, fileId: declaredFile.fileId, bytes: file.bytes });
    }
  });
  after(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(archiveDir, { recursive: true, force: true });
  });

  test('everything written before the backup comes back identical; nothing written during it comes back half-written', async () => {
    const before = await snapshotOf(server);

    // The patient's device keeps syncing: pushes new documents and pulls, until told to stop.
    const documents = new SyncClient(server.baseUrl, 'documents', patient.token);
    let syncing = true;
    let rounds = 0;
    let firstRound!: () => void;
    const started = new Promise<void>((resolve) => (firstRound = resolve));
    let since = '0';
    const device = (async () => {
      while (syncing) {
        // Each round: a new scan uploaded (tus) and its record pushed, then a pull.
        const photo = makePdf(`Анализы, страница ${rounds}, ${randomBytes(8).toString('hex')}`);
        const photoFile = declared(photo, `анализы ${rounds}.pdf`, 'application/pdf');
        const photoDocument = newDocumentId(patient.id);
        assert.equal((await uploadWhole(server.baseUrl, patient.token, photoDocument, photoFile, photo)).finished.status, 204);
        const pushed = await documents.bulkDocs([documentDoc(patient.id, [photoFile], { _id: photoDocument, note: `запись ${rounds}` })]);
        assert.equal(pushed.status, 201);
        assert.ok(pushed.body[0]?.ok, JSON.stringify(pushed.body));
        const pulled = await documents.changes({ since, limit: 50 });
        assert.equal(pulled.status, 200);
        since = pulled.body.last_seq;
        rounds += 1;
        if (rounds === 1) firstRound();
        // A device's pace (a person adding records), not a wait for something to happen.
        await delay(20);
      }
    })();
    await started;

    const archive = join(archiveDir, 'oblako.tar.gz');
    const roundsBefore = rounds;
    const backupStart = performance.now();
    const backup = await runManage(['backup', archive], { DATA_DIR: dataDir, JWT_SECRET: jwtSecret });
    const backupMs = Math.round(performance.now() - backupStart);
    const roundsDuring = rounds - roundsBefore;
    syncing = false;
    await device;
    assert.equal(backup.code, 0, backup.stderr);
    const filesInBackup = Number(/файлов: (\d+)/.exec(backup.stdout)?.[1]);
    assert.ok(filesInBackup >= 2, backup.stdout);
    assert.ok(roundsDuring > 0, 'the device synced while the backup ran');
    console.log(`backup: ${backupMs} ms, device rounds during it: ${roundsDuring}`);

    const afterBackup = await snapshotOf(server);
    await server.close();

    // Wipe: the data directory is emptied, then restored by the tool into it.
    await rm(dataDir, { recursive: true, force: true });
    const restoreStart = performance.now();
    const restored = await runManage(['restore', archive], { DATA_DIR: dataDir, JWT_SECRET: jwtSecret });
    console.log(`restore: ${Math.round(performance.now() - restoreStart)} ms`);
    assert.equal(restored.code, 0, restored.stderr);
    const back = await snapshot(dataDir);

    for (const [name, docs] of before) {
      const restoredDocs = back.get(name);
      assert.ok(restoredDocs, `database ${name} restored`);
      for (const [id, doc] of docs) {
        const now = afterBackup.get(name)?.get(id);
        if (!now) continue; // deleted by the server meanwhile (an expired record)
        const got = restoredDocs.get(id);
        assert.ok(got, `${name}/${id} restored`);
        // Unchanged during the backup → identical; changed during it → one of the two versions.
        assert.ok(
          JSON.stringify(got) === JSON.stringify(doc) || JSON.stringify(got) === JSON.stringify(now),
          `${name}/${id}: ${JSON.stringify(got)} is neither ${JSON.stringify(doc)} nor ${JSON.stringify(now)}`,
        );
      }
    }
    for (const [name, docs] of back) {
      for (const [id, doc] of docs) {
        const original = afterBackup.get(name)?.get(id) ?? before.get(name)?.get(id);
        // An upload still in progress when the backup read it comes back as that upload's
        // reservation, though it finished (and its reservation went) before the run ended.
        if (!original && name === 'file_uploads' && doc['patientId'] === patient.id) continue;
        assert.ok(original, `${name}/${id} came from the source`);
        if (original['_rev'] === doc['_rev']) assert.deepEqual(doc, original, `${name}/${id} whole`);
      }
    }
    const duringIds = [...(afterBackup.get('documents')?.keys() ?? [])].filter((id) => !before.get('documents')?.has(id));
    assert.ok(duringIds.length > 0);

    const blobFiles = (await readdir(join(dataDir, 'blobs', 'files'), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    assert.equal(blobFiles.length, filesInBackup);

    // The restored server: the patient signs in with the same password, syncs, opens the files.
    server = await startTestServer({ dataDir, jwtSecret });
    const doctor = await server.app.accounts.findByPhone(DOCTOR_PHONE);
    assert.equal(doctor?.name, 'Резервов Иван Петрович');
    assert.equal(doctor?.role, 'doctor');
    assert.equal((await server.app.store.db('consultations').get<{ status: string }>(`${patient.id}:consultation-backup`)).status, 'scheduled');
    assert.deepEqual((await server.app.store.db('doctor_settings').get<{ specialties: string[] }>(`${doctor!.id}:settings`)).specialties, ['cardiology']);
    const session = await server.signIn(patient.phone, patient.password);
    const pulled = await new SyncClient(server.baseUrl, 'documents', session.accessToken).allDocs(uploaded.map((file) => file.documentId));
    assert.equal(pulled.status, 200);
    console.log(JSON.stringify(pulled.body).slice(0, 600));
    // The device that synced before the backup comes back with its old position: the restored
    // store's history is another one (epoch), so it is served from the start — not refused, and
    // nothing restored is skipped — and then follows what is written after the restore.
    const resumed = new SyncClient(server.baseUrl, 'documents', session.accessToken);
    const again = await resumed.pullAll(since);
    for (const file of uploaded) assert.ok(again.rows.some((row) => row.id === file.documentId), `${file.documentId} delivered again after the restore`);
    const later = newDocumentId(patient.id);
    const laterFile = declared(makePdf('После восстановления'), 'после.pdf', 'application/pdf');
    assert.equal((await uploadWhole(server.baseUrl, session.accessToken, later, laterFile, makePdf('После восстановления'))).finished.status, 204);
    assert.ok((await pushDocument(server, session.accessToken, documentDoc(patient.id, [laterFile], { _id: later }))).ok);
    const next = await resumed.changes({ since: again.lastSeq, limit: 50 });
    assert.deepEqual(next.body.results.map((row) => row.id), [later]);
    for (const file of uploaded) {
      assert.ok(pulled.body.rows.some((row) => row.id === file.documentId && row.doc), `${file.documentId} synced back`);
      const response = await download(server.baseUrl, session.accessToken, patient.id, file.fileId);
      assert.equal(response.status, 200);
      assert.deepEqual(new Uint8Array(await response.arrayBuffer()), file.bytes);
    }
  });

  test('a database of several pages comes back whole (1,234 documents, attachments inline)', async () => {
    const own = await startTestServer();
    const target = await mkdtemp(join(tmpdir(), 'oblako-backup-pages-'));
    try {
      const db = own.app.store.db('bulk_pages');
      const docs = Array.from({ length: 1234 }, (_, index) => ({ _id: `doc-${String(index).padStart(5, '0')}`, n: index, text: 'Пациент №' + index }));
      await db.bulkDocs(docs);
      await db.put({ _id: 'with-attachment', _attachments: { 'note.txt': { content_type: 'text/plain', data: Buffer.from('вложение').toString('base64') } } });
      const backup = await prepareBackup(own.app.store, own.app.config);
      const archive = join(archiveDir, 'pages.tar.gz');
      try {
        await pipeline(backup.stream(), createWriteStream(archive));
      } finally {
        await backup.dispose();
      }
      assert.equal(backup.manifest.databases['bulk_pages'], 1235);
      const config = loadConfig({}, { mode: 'production', jwtSecret: 'x'.repeat(32), dataDir: target, logLevel: 'silent' });
      const summary = await restoreBackup(config, archive);
      assert.equal(summary.manifest.databases['bulk_pages'], 1235);
      const back = await snapshot(target);
      const restored = back.get('bulk_pages')!;
      assert.equal(restored.size, 1235);
      for (const doc of docs) assert.equal(restored.get(doc._id)?.['n'], doc.n);
      const store = createStore(config);
      try {
        const attachment = await store.db('bulk_pages').getAttachment('with-attachment', 'note.txt');
        assert.equal(Buffer.from(attachment as Buffer).toString('utf8'), 'вложение');
      } finally {
        await store.close();
      }
    } finally {
      await own.close();
      await rm(target, { recursive: true, force: true });
    }
  });
});
