import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_API, docId, type RecordViewsPage } from '@oblako/domain';
import type { DeclaredFile } from '../../modules/documents/index';
import { makeJpeg, makePdf } from '../../e2e/fixtures/medical-files';
import type { TestServer } from './helpers/test-server';
import { bearer, requestJson } from './helpers/http';
import { SyncClient } from './helpers/sync-client';
import {
  bodyJson,
  declared,
  documentDoc,
  download,
  fileRecord,
  newDocumentId,
  pushDocument,
  startDocumentsServer,
  uploadWhole,
  type SignedIn,
} from './helpers/documents';

/**
 * Downloads follow the visibility of the metadata (patient own, assigned doctor), serve
 * ranges, and every staff read lands in the patient's audit log.
 */
let server: TestServer;
let alice: SignedIn;
let bob: SignedIn;
let doctor: SignedIn;
let otherDoctor: SignedIn;
let manager: SignedIn;
let admin: SignedIn;
const pdf = makePdf('Заключение для скачивания');
let file: DeclaredFile;
let documentId: string;

before(async () => {
  ({ server, alice, bob, doctor, otherDoctor, manager, admin } = await startDocumentsServer());
  file = declared(pdf, 'Выписка из стационара №7.pdf', 'application/pdf');
  documentId = newDocumentId(alice.id);
  assert.equal((await uploadWhole(server.baseUrl, alice.token, documentId, file, pdf)).finished.status, 204);
  assert.ok((await pushDocument(server, alice.token, documentDoc(alice.id, [file], { _id: documentId }))).ok);
});
after(() => server.close());

const base = () => server.baseUrl;

async function views(token: string): Promise<RecordViewsPage> {
  const { status, body } = await requestJson<RecordViewsPage>(`${base()}${AUDIT_API.myRecordViews}`, { headers: bearer(token) });
  assert.equal(status, 200);
  return body;
}

describe('who may download', () => {
  test('the patient downloads their own file, with type, name, ETag and no HTTP caching', async () => {
    const response = await download(base(), alice.token, alice.id, file.fileId);
    assert.equal(response.status, 200);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), pdf);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.equal(response.headers.get('content-length'), String(pdf.length));
    assert.equal(response.headers.get('etag'), `"${file.sha256}"`);
    assert.equal(response.headers.get('cache-control'), 'private, no-store');
    assert.equal(response.headers.get('accept-ranges'), 'bytes');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const disposition = response.headers.get('content-disposition') ?? '';
    assert.match(disposition, /^inline; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    assert.equal(decodeURIComponent(disposition.split("UTF-8''")[1]!), 'Выписка из стационара №7.pdf');
    assert.deepEqual((await views(alice.token)).entries, [], "the patient's own reads are not staff reads");
  });

  test('a second patient can neither fetch nor list the first patient\'s files', async () => {
    const response = await download(base(), bob.token, alice.id, file.fileId);
    assert.equal(response.status, 404);
    assert.equal((await bodyJson(response))['code'], 'not_found');
    const { rows } = await new SyncClient(base(), 'document_files', bob.token).pullAll();
    assert.deepEqual(rows, []);
    const documents = await new SyncClient(base(), 'documents', bob.token).pullAll();
    assert.deepEqual(documents.rows, []);
    assert.equal(await fileRecord(server, bob.token, alice.id, file.fileId), null);
  });

  test('an unassigned doctor, a manager and an admin get the same 404; nobody anonymous gets anything', async () => {
    for (const caller of [otherDoctor, manager, admin]) {
      assert.equal((await download(base(), caller.token, alice.id, file.fileId)).status, 404);
    }
    const anonymous = await fetch(`${base()}/api/documents/files/${alice.id}/${file.fileId}`);
    assert.equal(anonymous.status, 401);
    assert.deepEqual((await views(alice.token)).entries, []);
  });

  test('the assigned doctor downloads it, and the patient sees who did', async () => {
    for (const caller of [doctor]) {
      const response = await download(base(), caller.token, alice.id, file.fileId);
      assert.equal(response.status, 200);
      assert.deepEqual(new Uint8Array(await response.arrayBuffer()), pdf);
    }
    const { entries } = await views(alice.token);
    assert.equal(entries.length, 1);
    const byActor = new Map(entries.map((entry) => [entry.actor.id, entry]));
    for (const caller of [doctor]) {
      const entry = byActor.get(caller.id);
      assert.ok(entry, `${caller.id} is in the log`);
      assert.equal(entry.action, 'file.read');
      assert.equal(entry.actor.name, caller.name);
      assert.deepEqual(entry.subject, { kind: 'file', id: file.fileId, documentId, name: file.name, documentType: 'mri' });
      assert.ok(Math.abs(Date.parse(entry.at) - Date.now()) < 60_000);
      assert.equal('ip' in entry, false, 'the address recorded for investigations is not shown');
    }
    // Reading the same file again soon (a viewer's range requests) folds into the same entry.
    await download(base(), doctor.token, alice.id, file.fileId, { range: 'bytes=0-99' });
    assert.equal((await views(alice.token)).entries.length, 1);
    // The audit list is the patient's alone.
    const asDoctor = await fetch(`${base()}${AUDIT_API.myRecordViews}`, { headers: bearer(doctor.token) });
    assert.equal(asDoctor.status, 403);
    assert.deepEqual((await views(bob.token)).entries, []);
  });

  test('revoking the assignment ends the doctor\'s access at once', async () => {
    await server.app.access.revoke(doctor.id, alice.id);
    try {
      assert.equal((await download(base(), doctor.token, alice.id, file.fileId)).status, 404);
    } finally {
      await server.app.access.assign(doctor.id, alice.id);
    }
  });
});

describe('ranges and conditional requests', () => {
  const get = (headers: Record<string, string>) => download(base(), alice.token, alice.id, file.fileId, headers);

  test('one range: 206 with exactly those bytes', async () => {
    const cases: [string, number, number][] = [
      ['bytes=0-9', 0, 9],
      ['bytes=100-', 100, pdf.length - 1],
      ['bytes=-16', pdf.length - 16, pdf.length - 1],
      [`bytes=10-${pdf.length + 1000}`, 10, pdf.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const response = await get({ range });
      assert.equal(response.status, 206, range);
      assert.equal(response.headers.get('content-range'), `bytes ${start}-${end}/${pdf.length}`, range);
      assert.equal(response.headers.get('content-length'), String(end - start + 1), range);
      assert.deepEqual(new Uint8Array(await response.arrayBuffer()), pdf.subarray(start, end + 1), range);
    }
  });

  test('a range beyond the end is 416 with the size; several ranges or a stale If-Range get the whole file', async () => {
    const beyond = await get({ range: `bytes=${pdf.length}-` });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers.get('content-range'), `bytes */${pdf.length}`);
    assert.equal((await bodyJson(beyond))['code'], 'range_not_satisfiable');

    const several = await get({ range: 'bytes=0-1,5-6' });
    assert.equal(several.status, 200);
    assert.equal((await several.arrayBuffer()).byteLength, pdf.length);
    const stale = await get({ range: 'bytes=0-9', 'if-range': '"something-else"' });
    assert.equal(stale.status, 200);
    await stale.arrayBuffer();
    const current = await get({ range: 'bytes=0-9', 'if-range': `"${file.sha256}"` });
    assert.equal(current.status, 206);
    await current.arrayBuffer();
  });

  test('If-None-Match with the ETag: 304, no body', async () => {
    const response = await get({ 'if-none-match': `"${file.sha256}"` });
    assert.equal(response.status, 304);
    assert.equal((await response.arrayBuffer()).byteLength, 0);
  });
});

describe('only verified files of live documents are served', () => {
  test('a rejected file, a file of a document that has not synced, and unknown ids are 404', async () => {
    const exe = new Uint8Array([0x4d, 0x5a, ...new Array(300).fill(7)]);
    const rejected = declared(exe, 'virus.pdf', 'application/pdf');
    const withRejected = newDocumentId(alice.id);
    await uploadWhole(base(), alice.token, withRejected, rejected, exe);
    await pushDocument(server, alice.token, documentDoc(alice.id, [rejected], { _id: withRejected }));
    assert.equal((await download(base(), alice.token, alice.id, rejected.fileId)).status, 404);

    const jpeg = makeJpeg(3);
    const early = declared(jpeg, 'early.jpg', 'image/jpeg');
    const notSynced = newDocumentId(alice.id);
    await uploadWhole(base(), alice.token, notSynced, early, jpeg);
    assert.equal((await download(base(), alice.token, alice.id, early.fileId)).status, 404, 'no document lists it yet');
    await pushDocument(server, alice.token, documentDoc(alice.id, [early], { _id: notSynced }));
    assert.equal((await download(base(), alice.token, alice.id, early.fileId)).status, 200);

    assert.equal((await download(base(), alice.token, alice.id, 'no-such-file-id')).status, 404);
    assert.equal((await download(base(), alice.token, alice.id, '..%2F..%2Fetc')).status, 400);
  });

  test("deleting a document removes its files' bytes and records, so devices drop them too", async () => {
    const jpeg = makeJpeg(4);
    const photo = declared(jpeg, 'to-delete.jpg', 'image/jpeg');
    const id = newDocumentId(alice.id);
    await uploadWhole(base(), alice.token, id, photo, jpeg);
    const written = await pushDocument(server, alice.token, documentDoc(alice.id, [photo], { _id: id }));
    const blob = join(server.config.blobDir, 'files', alice.id, photo.fileId);
    assert.ok(existsSync(blob));

    const deleted = await pushDocument(server, alice.token, { _id: id, _rev: written.rev, _deleted: true });
    assert.ok(deleted.ok);
    assert.equal((await download(base(), alice.token, alice.id, photo.fileId)).status, 404);
    await eventually(async () => !existsSync(blob) && (await fileRecord(server, alice.token, alice.id, photo.fileId)) === null);
    const { rows } = await new SyncClient(base(), 'document_files', alice.token).pullAll();
    const row = rows.find((r) => r.id === docId(alice.id, photo.fileId));
    assert.equal(row?.deleted, true, 'a tombstone tells every device to drop the file');
  });
});

async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
