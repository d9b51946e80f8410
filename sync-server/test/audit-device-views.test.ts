import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIT_API, OFFLINE_COPY_PURPOSE, type ApiError, type RecordViewsPage } from '@oblako/domain';
import { fileDownloadUrl, type DeclaredFile } from '../../modules/documents/index';
import { makePdf } from '../../e2e/fixtures/medical-files';
import { ALWAYS_OPEN, setCalendar } from './consultations/kit';
import { bearer, postJson, requestJson } from './helpers/http';
import { declared, documentDoc, download, newDocumentId, pushDocument, signedIn, uploadWhole, type SignedIn } from './helpers/documents';
import { startTestServer, type TestServer } from './helpers/test-server';

/**
 * «Кто просматривал мои данные» lists only reads a person made: a doctor's device saving a file
 * for offline use is `file.cached` (not listed); a view of the device's offline copy is reported
 * later by the device, recorded for the signed-in user only when they may read the file, at the
 * device's time within bounds; the list names the doctor's specialty.
 */
let server: TestServer;
let alice: SignedIn;
let bob: SignedIn;
let doctor: SignedIn;
let otherDoctor: SignedIn;
const pdf = makePdf('Выписка для аудита');
let file: DeclaredFile;

before(async () => {
  server = await startTestServer();
  [alice, bob, doctor, otherDoctor] = [await signedIn(server, 'patient'), await signedIn(server, 'patient'), await signedIn(server, 'doctor'), await signedIn(server, 'doctor')];
  await setCalendar(server, doctor, ALWAYS_OPEN, ['cardiology']);
  await server.app.access.assign(doctor.id, alice.id);
  file = declared(pdf, 'Выписка из стационара.pdf', 'application/pdf');
  const documentId = newDocumentId(alice.id);
  assert.equal((await uploadWhole(server.baseUrl, alice.token, documentId, file, pdf)).finished.status, 204);
  assert.ok((await pushDocument(server, alice.token, documentDoc(alice.id, [file], { _id: documentId, type: 'discharge' }))).ok);
});
after(() => server.close());

async function viewsOfAlice(): Promise<RecordViewsPage> {
  const { status, body } = await requestJson<RecordViewsPage>(`${server.baseUrl}${AUDIT_API.myRecordViews}`, { headers: bearer(alice.token) });
  assert.equal(status, 200);
  return body;
}

const report = (who: SignedIn, body: Record<string, unknown>) => postJson<ApiError>(`${server.baseUrl}${AUDIT_API.deviceViews}`, body, bearer(who.token));
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('downloads for the offline copy', () => {
  test('the doctor\'s device saving a file is not a view; it stays out of the patient\'s list', async () => {
    const url = `${server.baseUrl}${fileDownloadUrl(alice.id, file.fileId)}?${OFFLINE_COPY_PURPOSE.param}=${OFFLINE_COPY_PURPOSE.value}`;
    const response = await fetch(url, { headers: bearer(doctor.token) });
    assert.equal(response.status, 200);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), pdf);
    assert.deepEqual((await viewsOfAlice()).entries, [], 'no view listed for a download into the cache');
    // Still kept for investigations, under its own name.
    const all = await server.app.store.db('audit').allDocs({ include_docs: true });
    const cached = all.rows.map((row) => row.doc as unknown as { action: string; patientId: string; actor: { id: string } });
    assert.ok(cached.some((doc) => doc.action === 'file.cached' && doc.patientId === alice.id && doc.actor.id === doctor.id));
  });

  test('an unknown purpose is refused (400)', async () => {
    const response = await fetch(`${server.baseUrl}${fileDownloadUrl(alice.id, file.fileId)}?purpose=whatever`, { headers: bearer(doctor.token) });
    assert.equal(response.status, 400);
  });
});

describe('views of the device\'s offline copy', () => {
  test('a doctor not assigned to the patient gets 403 and nothing is recorded', async () => {
    const answer = await report(otherDoctor, { patientId: alice.id, fileId: file.fileId, viewedAt: minutesAgo(5) });
    assert.equal(answer.status, 403);
    assert.equal(answer.body.code, 'forbidden');
    assert.match(answer.body.message, /Недостаточно прав/);
    assert.ok((await viewsOfAlice()).entries.every((entry) => entry.actor.id !== otherDoctor.id));
  });

  test('a patient cannot post a view as someone else: no actor in the body (400), not another patient\'s file (403), own views not recorded', async () => {
    const asDoctor = await report(alice, { patientId: alice.id, fileId: file.fileId, viewedAt: minutesAgo(5), actorId: doctor.id });
    assert.equal(asDoctor.status, 400);
    const others = await report(bob, { patientId: alice.id, fileId: file.fileId, viewedAt: minutesAgo(5) });
    assert.equal(others.status, 403);
    const own = await report(alice, { patientId: alice.id, fileId: file.fileId, viewedAt: minutesAgo(5) });
    assert.equal(own.status, 204);
    assert.deepEqual((await viewsOfAlice()).entries, []);
  });

  test('times from the device: not in the future, not older than 30 days (400 with a message)', async () => {
    const future = await report(doctor, { patientId: alice.id, fileId: file.fileId, viewedAt: new Date(Date.now() + 3_600_000).toISOString() });
    assert.equal(future.status, 400);
    assert.equal(future.body.code, 'device_view_in_future');
    assert.match(future.body.message, /часы устройства/);
    const old = await report(doctor, { patientId: alice.id, fileId: file.fileId, viewedAt: new Date(Date.now() - 31 * 86_400_000).toISOString() });
    assert.equal(old.status, 400);
    assert.equal(old.body.code, 'device_view_too_old');
    const garbage = await report(doctor, { patientId: alice.id, fileId: file.fileId, viewedAt: 'вчера' });
    assert.equal(garbage.status, 400);
    assert.deepEqual((await viewsOfAlice()).entries, []);
  });

  test('the assigned doctor\'s offline view is listed at the time it happened, newest first, once even when reported twice, with the specialty', async () => {
    const twoHoursAgo = minutesAgo(120);
    assert.equal((await report(doctor, { patientId: alice.id, fileId: file.fileId, viewedAt: twoHoursAgo })).status, 204);
    // The answer was lost: the device reports it again.
    assert.equal((await report(doctor, { patientId: alice.id, fileId: file.fileId, viewedAt: twoHoursAgo })).status, 204);
    // And an online read now.
    assert.equal((await download(server.baseUrl, doctor.token, alice.id, file.fileId)).status, 200);

    const { entries } = await viewsOfAlice();
    assert.equal(entries.length, 2, JSON.stringify(entries));
    const [online, offline] = entries;
    assert.ok(online && offline);
    assert.ok(Date.parse(online.at) > Date.parse(offline.at), 'newest first');
    assert.equal(online.subject.offline, undefined);
    assert.equal(offline.at, twoHoursAgo);
    assert.equal(offline.action, 'file.read');
    assert.equal(offline.subject.offline, true);
    assert.equal(offline.subject.name, 'Выписка из стационара.pdf');
    assert.equal(offline.subject.documentType, 'discharge');
    for (const entry of entries) {
      assert.equal(entry.actor.id, doctor.id);
      assert.equal(entry.actor.role, 'doctor');
      assert.deepEqual(entry.actor.specialties, ['cardiology']);
    }
  });
});
