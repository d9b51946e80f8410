import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
