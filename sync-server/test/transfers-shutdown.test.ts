// SIGTERM while a file is being uploaded or downloaded, and the crash edge of an upload that was
// complete (issue 11, part 5). The real server runs as its own process (main.ts: its signal handling and
// 10 s force-exit timer are what is under test), demo mode on the embedded store so a restart
// on the same DATA_DIR keeps the accounts, the JWT secret and the upload's bytes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_API, CONSENT_API, CONSENT_VERSION } from '@oblako/domain';
import { makeDicom } from '../../e2e/fixtures/medical-files';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/plugins/demo/index';
import { bodyJson, createUpload, declared, documentDoc, headUpload, newDocumentId, patchUpload, uploadUrl } from './helpers/documents';
import { bearer, postJson } from './helpers/http';
import { startServerProcess, type ServerProcess } from './helpers/server-process';
import { SyncClient } from './helpers/sync-client';

const TUS_HEADERS = { 'tus-resumable': '1.0.0' };

describe('file transfers and the server process stopping', () => {
  let dataDir: string;
  let running: ServerProcess | null = null;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'oblako-upload-shutdown-'));
  });
  after(async () => {
    await running?.signal('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    running = await startServerProcess({ OBLAKO_MODE: 'demo', DATA_DIR: dataDir, PWA_DIR: join(dataDir, 'no-pwa'), LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '1000000', SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000000' });
    return running;
  };

  async function demoPatient(server: ServerProcess): Promise<{ id: string; token: string }> {
    const answer = await postJson<{ accessToken: string; user: { id: string } }>(`${server.baseUrl}${AUTH_API.signIn}`, { phone: DEMO_ACCOUNTS.patient.phone, password: DEMO_PASSWORD });
    assert.equal(answer.status, 200);
    const consent = await postJson(`${server.baseUrl}${CONSENT_API.current}`, { version: CONSENT_VERSION }, bearer(answer.body.accessToken));
    assert.equal(consent.status, 200);
    return { id: answer.body.user.id, token: answer.body.accessToken };
  }

  /** A PATCH whose body is sent as far as `sentBytes`, then held open (a phone on a slow link). */
  function slowPatch(url: string, token: string, bytes: Uint8Array, sentBytes: number): { request: ClientRequest; ended: Promise<string> } {
    const request = httpRequest(url, {
      method: 'PATCH',
      headers: { ...TUS_HEADERS, ...bearer(token), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(bytes.length) },
    });
    const ended = new Promise<string>((resolve) => {
      request.on('response', (response) => resolve(`answered ${response.statusCode}`));
      request.on('error', (error) => resolve(`cut: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
    });
    request.write(bytes.subarray(0, sentBytes));
    return { request, ended };
  }

  test('SIGTERM cuts an upload in progress and exits at once; after the restart the upload resumes from what arrived', async () => {
    let server = await start();
    const patient = await demoPatient(server);
    const dicom = makeDicom({ rows: 512, columns: 512 });
    const file = declared(dicom, 'КТ-срез.dcm', '');
    const created = await createUpload(server.baseUrl, patient.token, { documentId: newDocumentId(patient.id), file });
    assert.equal(created.status, 201);
    const url = uploadUrl(server.baseUrl, created);
    const location = created.headers.get('location')!;
    const uploadId = url.split('/').pop()!;

    const sent = 200_000;
    const patch = slowPatch(url, patient.token, dicom, sent);
    // Signal that the server has the bytes: they are on its disk.
    const onDisk = join(dataDir, 'blobs', 'uploads', uploadId);
    for (;;) {
      const size = await stat(onDisk).then((info) => info.size, () => 0);
      if (size >= sent) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const stopped = await server.signal('SIGTERM');
    console.log(`# SIGTERM with an upload in progress → exit in ${stopped.ms} ms (force-exit timer: 10,000 ms)`);
    assert.equal(stopped.code, 0, `a clean exit, not the force-exit timer:\n${server.output().slice(-3000)}`);
    assert.ok(!server.output().includes('shutdown took too long'));
    assert.match(await patch.ended, /^cut|^answered/);
    patch.request.destroy();

    // The device comes back after the restart: where to resume? Exactly what had arrived.
    server = await start();
    const resumeUrl = new URL(location, server.baseUrl).href;
    const head = await headUpload(resumeUrl, patient.token);
    assert.equal(head.status, 200);
    const offset = Number(head.headers.get('upload-offset'));
    assert.equal(offset, sent);
    const rest = await patchUpload(resumeUrl, patient.token, offset, dicom.subarray(offset));
    assert.equal(rest.status, 204);
    const record = await new SyncClient(server.baseUrl, 'document_files', patient.token).read(`${patient.id}:${file.fileId}`);
    assert.deepEqual([record?.['status'], record?.['mime'], record?.['size']], ['uploaded', 'application/dicom', dicom.length]);
  });

  test('an upload complete just before a crash: the old URL is gone (404) and creating it again says 409 file_already_uploaded', async () => {
    let server = running?.alive() ? running : await start();
    const patient = await demoPatient(server);
    const dicom = makeDicom({ rows: 64, columns: 64 });
    const file = declared(dicom, 'IM0001', '');
    const documentId = newDocumentId(patient.id);
    const created = await createUpload(server.baseUrl, patient.token, { documentId, file });
    const location = created.headers.get('location')!;
    // The last PATCH is stored and verified; the process dies before the device hears the answer.
    assert.equal((await patchUpload(uploadUrl(server.baseUrl, created), patient.token, 0, dicom)).status, 204);
    await server.signal('SIGKILL');

    server = await start();
    const head = await headUpload(new URL(location, server.baseUrl).href, patient.token);
    assert.equal(head.status, 404);
    const again = await createUpload(server.baseUrl, patient.token, { documentId, file, headers: { 'accept-language': 'ru' } });
    assert.equal(again.status, 409);
    const body = await bodyJson(again);
    assert.equal(body['code'], 'file_already_uploaded');
    assert.equal(typeof body['message'], 'string');
    // What the PWA's queue does with these two answers: modules/documents/ui/upload-transport.spec.ts.
  });

  test('SIGTERM with a large download streaming to a slow phone: cut at once; asked again after the restart, it resumes by Range', async () => {
    let server = running?.alive() ? running : await start();
    const patient = await demoPatient(server);
    const dicom = makeDicom({ rows: 2048, columns: 2048 });
    const file = declared(dicom, 'МРТ.dcm', '');
    const doc = documentDoc(patient.id, [file], { type: 'mri' });
    const pushed = await new SyncClient(server.baseUrl, 'documents', patient.token).bulkDocs([doc as never]);
    assert.ok(pushed.body[0]?.ok, JSON.stringify(pushed.body));
    const created = await createUpload(server.baseUrl, patient.token, { documentId: doc['_id'] as string, file });
    assert.equal((await patchUpload(uploadUrl(server.baseUrl, created), patient.token, 0, dicom)).status, 204);
    const path = `/api/documents/files/${patient.id}/${file.fileId}`;

    // The phone reads the first chunk, then its link stalls (it stops reading).
    let received = 0;
    const cut = new Promise<string>((resolve, reject) => {
      const download = httpRequest(`${server.baseUrl}${path}`, { headers: bearer(patient.token) }, (response) => {
        if (response.statusCode !== 200) return reject(new Error(`download answered ${response.statusCode}`));
        response.once('data', (chunk: Buffer) => {
          received = chunk.length;
          response.pause();
          resolve('streaming');
        });
        response.on('error', () => undefined);
      });
      download.on('error', () => undefined);
      download.end();
    });
    assert.equal(await cut, 'streaming');
    assert.ok(received > 0 && received < dicom.length);

    const stopped = await server.signal('SIGTERM');
    console.log(`# SIGTERM with a download streaming → exit in ${stopped.ms} ms (force-exit timer: 10,000 ms)`);
    assert.equal(stopped.code, 0, `a clean exit, not the force-exit timer:\n${server.output().slice(-3000)}`);

    server = await start();
    const rest = await fetch(`${server.baseUrl}${path}`, { headers: { ...bearer(patient.token), range: `bytes=${received}-` } });
    assert.equal(rest.status, 206);
    const tail = new Uint8Array(await rest.arrayBuffer());
    assert.equal(received + tail.length, dicom.length);
    assert.deepEqual(Buffer.from(tail), Buffer.from(dicom.subarray(received)));
  });
});
