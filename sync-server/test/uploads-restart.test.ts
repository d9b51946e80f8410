import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { documentsModule } from '../../modules/documents/index';
import { makeDicom } from '../../e2e/fixtures/medical-files';
import { startTestServer } from './helpers/test-server';
import { createUpload, declared, fileRecord, headUpload, newDocumentId, patchUpload, signedIn, uploadUrl } from './helpers/documents';

/**
 * A server restarted in the middle of an upload: the bytes received and the upload's metadata are
 * on disk, so the device asks for the offset and sends only the rest.
 */
test('an upload interrupted by a server restart resumes from the received offset', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'oblako-upload-restart-'));
  const jwtSecret = randomBytes(32).toString('base64url');
  const settings = { dataDir, jwtSecret };
  try {
    const first = await startTestServer(settings, { modules: [documentsModule] });
    const patient = await signedIn(first, 'patient');
    const dicom = makeDicom({ rows: 128, columns: 128 });
    const file = declared(dicom, 'КТ-срез.dcm', '');
    const created = await createUpload(first.baseUrl, patient.token, { documentId: newDocumentId(patient.id), file });
    assert.equal(created.status, 201);
    const location = created.headers.get('location')!;
    const half = 12_345;
    assert.equal((await patchUpload(uploadUrl(first.baseUrl, created), patient.token, 0, dicom.subarray(0, half))).status, 204);
    await first.close();

    const second = await startTestServer(settings, { modules: [documentsModule] });
    try {
      const url = new URL(location, second.baseUrl).href;
      const head = await headUpload(url, patient.token); // the same access token: same secret, still valid
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('upload-offset'), String(half));
      const rest = await patchUpload(url, patient.token, half, dicom.subarray(half));
      assert.equal(rest.status, 204);
      const record = await fileRecord(second, patient.token, patient.id, file.fileId);
      assert.deepEqual([record?.['status'], record?.['mime'], record?.['size']], ['uploaded', 'application/dicom', dicom.length]);
    } finally {
      await second.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

/**
 * The last byte arrived but the server stopped before writing its verdict: when the device asks
 * where to resume, the verification runs and the device learns the outcome.
 */
test('an upload whose last byte arrived but whose verdict was never written is finished on resume', async () => {
  const server = await startTestServer({}, { modules: [documentsModule] });
  try {
    const patient = await signedIn(server, 'patient');
    const dicom = makeDicom();
    const file = declared(dicom, 'IM0002', '');
    const documentId = newDocumentId(patient.id);
    const created = await createUpload(server.baseUrl, patient.token, { documentId, file });
    const url = uploadUrl(server.baseUrl, created);
    const uploadId = url.split('/').pop()!;
    // Every byte written straight into the upload, as if the process died right after the last PATCH.
    await server.app.blobs.uploads.write(Readable.from([Buffer.from(dicom)]), uploadId, 0);
    assert.equal(await fileRecord(server, patient.token, patient.id, file.fileId), null);

    const head = await headUpload(url, patient.token);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('upload-offset'), String(dicom.length));
    assert.equal(head.headers.get('upload-length'), String(dicom.length));
    assert.equal((await fileRecord(server, patient.token, patient.id, file.fileId))?.['status'], 'uploaded');

    // The same for a file that turns out to be refused: the device gets the reason.
    const fake = new Uint8Array([0x4d, 0x5a, 1, 2, 3, 4, 5, 6, 7, 8]);
    const refused = declared(fake, 'fake.dcm', '');
    const second = await createUpload(server.baseUrl, patient.token, { documentId, file: refused });
    const secondUrl = uploadUrl(server.baseUrl, second);
    await server.app.blobs.uploads.write(Readable.from([Buffer.from(fake)]), secondUrl.split('/').pop()!, 0);
    const answer = await headUpload(secondUrl, patient.token);
    assert.equal(answer.status, 422);
    assert.equal((await fileRecord(server, patient.token, patient.id, refused.fileId))?.['reason'], 'file_type_not_allowed');
  } finally {
    await server.close();
  }
});
