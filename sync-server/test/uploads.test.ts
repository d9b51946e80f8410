import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { documentsModule, DOCUMENTS_API, type UploadLimits } from '../../modules/documents/index';
import { makeDicom, makeHeicHeader, makeJpeg, makePdf, makePng } from '../../e2e/fixtures/medical-files';
import { startTestServer, type TestServer } from './helpers/test-server';
import { bearer, requestJson } from './helpers/http';
import {
  bodyJson,
  createUpload,
  declared,
  fileRecord,
  headUpload,
  newDocumentId,
  patchUpload,
  sha256,
  signedIn,
  TUS_HEADERS,
  uploadUrl,
  uploadWhole,
  type SignedIn,
} from './helpers/documents';

/**
 * Uploads through the real tus endpoint into the real embedded store and blob directory: every
 * bad input of issue 3 gets a clear, specific answer, and nothing half-written becomes a file.
 */
const MAX_FILE = 64 * 1024;
const QUOTA = 160 * 1024;

let server: TestServer;
let alice: SignedIn;
let bob: SignedIn;

before(async () => {
  server = await startTestServer({ fileMaxBytes: MAX_FILE, patientQuotaBytes: QUOTA }, { modules: [documentsModule] });
  [alice, bob] = await Promise.all([signedIn(server, 'patient'), signedIn(server, 'patient')]);
});
after(() => server.close());

const base = () => server.baseUrl;

function junk(size: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** A real PNG padded to `size` (PNG readers ignore bytes after IEND; the type stays PNG). */
function pngOfSize(size: number, seed: number): Uint8Array {
  const png = makePng(16);
  const out = junk(size, seed);
  out.set(png, 0);
  return out;
}

async function storedFiles(): Promise<string[]> {
  const root = join(server.config.blobDir, 'files');
  const owners = existsSync(root) ? await readdir(root) : [];
  const all: string[] = [];
  for (const owner of owners) for (const file of await readdir(join(root, owner))) all.push(`${owner}/${file}`);
  return all;
}

describe('accepted uploads', () => {
  test('a PDF is verified by content and hash, stored whole, and recorded as uploaded', async () => {
    const pdf = makePdf();
    const file = declared(pdf, 'Заключение лечащего врача.pdf', 'application/pdf');
    const documentId = newDocumentId(alice.id);
    const { created, finished, url } = await uploadWhole(base(), alice.token, documentId, file, pdf);
    assert.equal(created.status, 201);
    assert.match(created.headers.get('location') ?? '', /^\/api\/documents\/uploads\/[0-9a-f]{32}$/);
    assert.equal(created.headers.get('access-control-allow-origin'), null, 'same origin only: no CORS');
    assert.equal(finished.status, 204);
    assert.equal(finished.headers.get('upload-offset'), String(pdf.length));

    const record = await fileRecord(server, alice.token, alice.id, file.fileId);
    assert.deepEqual(
      { status: record?.['status'], mime: record?.['mime'], sha256: record?.['sha256'], size: record?.['size'], documentId: record?.['documentId'], name: record?.['name'] },
      { status: 'uploaded', mime: 'application/pdf', sha256: file.sha256, size: pdf.length, documentId, name: file.name },
    );
    assert.ok((await storedFiles()).includes(`${alice.id}/${file.fileId}`));
    // The upload is gone once it became a file: resuming it again finds nothing.
    assert.equal((await headUpload(url, alice.token)).status, 404);
  });

  test('types are detected from the bytes: JPEG, PNG, HEIC and DICOM are accepted whatever their name', async () => {
    const cases: [Uint8Array, string, string, string][] = [
      [makeJpeg(), 'scan.pdf', 'application/pdf', 'image/jpeg'], // a photo renamed to .pdf is still a photo
      [makePng(), 'page-2.png', 'image/png', 'image/png'],
      [makeHeicHeader(), 'IMG_0001.HEIC', '', 'image/heic'],
      [makeDicom(), 'IM0001', 'application/octet-stream', 'application/dicom'],
    ];
    for (const [bytes, name, mime, detected] of cases) {
      const file = declared(bytes, name, mime);
      const { finished } = await uploadWhole(base(), alice.token, newDocumentId(alice.id), file, bytes);
      assert.equal(finished.status, 204, name);
      assert.equal((await fileRecord(server, alice.token, alice.id, file.fileId))?.['mime'], detected, name);
    }
  });

  test('the limits endpoint tells the patient what they may still upload', async () => {
    const fresh = await signedIn(server, 'patient');
    const { status, body } = await requestJson<UploadLimits>(`${base()}${DOCUMENTS_API.limits}`, { headers: bearer(fresh.token) });
    assert.equal(status, 200);
    assert.deepEqual(body, { maxFileBytes: MAX_FILE, quotaBytes: QUOTA, usedBytes: 0, allowedMimeTypes: ['application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/heif', 'application/dicom'] });
    const png = makePng();
    await uploadWhole(base(), fresh.token, newDocumentId(fresh.id), declared(png, 'a.png', 'image/png'), png);
    const after = await requestJson<UploadLimits>(`${base()}${DOCUMENTS_API.limits}`, { headers: bearer(fresh.token) });
    assert.equal(after.body.usedBytes, png.length);
  });
});

describe('bad input gets a clear answer and leaves nothing behind', () => {
  test('wrong type renamed to .pdf: the last PATCH is refused, the record says why, no file is kept', async () => {
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, ...junk(2000)]); // "MZ": a Windows program
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...junk(2000, 7)]); // a ZIP / .docx
    const text = new TextEncoder().encode('Это просто текст, а не PDF.\n'.repeat(40));
    for (const bytes of [exe, zip, text]) {
      const file = declared(bytes, 'анализы.pdf', 'application/pdf');
      const { finished } = await uploadWhole(base(), alice.token, newDocumentId(alice.id), file, bytes);
      assert.equal(finished.status, 422);
      const body = await bodyJson(finished);
      assert.equal(body['code'], 'file_type_not_allowed');
      assert.match(String(body['message']), /не является PDF/);
      const record = await fileRecord(server, alice.token, alice.id, file.fileId);
      assert.equal(record?.['status'], 'rejected');
      assert.equal(record?.['reason'], 'file_type_not_allowed');
      assert.equal(record?.['mime'], undefined);
      assert.ok(!(await storedFiles()).includes(`${alice.id}/${file.fileId}`));
    }
  });

  test('a declared type that cannot be medical is refused before any byte is sent', async () => {
    const bytes = junk(100);
    const created = await createUpload(base(), alice.token, { documentId: newDocumentId(alice.id), file: declared(bytes, 'video.mp4', 'video/mp4') });
    assert.equal(created.status, 415);
    assert.equal((await bodyJson(created))['code'], 'file_type_not_allowed');
  });

  test('a zero-byte file is refused at creation', async () => {
    const empty = new Uint8Array(0);
    const created = await createUpload(base(), alice.token, { documentId: newDocumentId(alice.id), file: declared(empty, 'empty.pdf', 'application/pdf') });
    assert.equal(created.status, 400);
    const body = await bodyJson(created);
    assert.equal(body['code'], 'file_empty');
    assert.equal(body['message'], 'Файл пустой (0 байт). Выберите другой файл.');
  });

  test('a file over the size limit is refused at creation, in the language asked for', async () => {
    const big = junk(MAX_FILE + 1);
    const created = await createUpload(base(), alice.token, {
      documentId: newDocumentId(alice.id),
      file: declared(big, 'big.pdf', 'application/pdf'),
      headers: { 'accept-language': 'en' },
    });
    assert.equal(created.status, 413);
    const body = await bodyJson(created);
    assert.equal(body['code'], 'file_too_large');
    assert.match(String(body['message']), /too large/);
    assert.equal(body['field'], 'Upload-Length');
  });

  test('more bytes than Upload-Length are refused and do not end up in a file', async () => {
    const pdf = makePdf('overflow');
    const file = declared(pdf, 'a.pdf', 'application/pdf');
    const created = await createUpload(base(), alice.token, { documentId: newDocumentId(alice.id), file });
    const url = uploadUrl(base(), created);
    const tooMuch = new Uint8Array(pdf.length + 10);
    tooMuch.set(pdf);
    const patched = await patchUpload(url, alice.token, 0, tooMuch);
    assert.equal(patched.status, 413);
    assert.equal(await fileRecord(server, alice.token, alice.id, file.fileId), null);
  });

  test('over the quota — counting uploads in progress — is refused at creation; giving up an upload frees it', async () => {
    const patient = await signedIn(server, 'patient');
    const first = pngOfSize(60 * 1024, 11);
    const second = pngOfSize(60 * 1024, 12);
    const third = pngOfSize(60 * 1024, 13);
    assert.equal((await uploadWhole(base(), patient.token, newDocumentId(patient.id), declared(first, '1.png', 'image/png'), first)).finished.status, 204);
    // The second one is only started: its declared length already counts.
    const started = await createUpload(base(), patient.token, { documentId: newDocumentId(patient.id), file: declared(second, '2.png', 'image/png') });
    assert.equal(started.status, 201);
    const refused = await createUpload(base(), patient.token, { documentId: newDocumentId(patient.id), file: declared(third, '3.png', 'image/png') });
    assert.equal(refused.status, 413);
    const body = await bodyJson(refused);
    assert.equal(body['code'], 'quota_exceeded');
    assert.match(String(body['message']), /Недостаточно места/);

    const terminated = await fetch(uploadUrl(base(), started), { method: 'DELETE', headers: { ...TUS_HEADERS, ...bearer(patient.token) } });
    assert.equal(terminated.status, 204);
    const retried = await createUpload(base(), patient.token, { documentId: newDocumentId(patient.id), file: declared(third, '3.png', 'image/png') });
    assert.equal(retried.status, 201);
  });

  test('a resumed PATCH with a different offset gets 409; HEAD tells the real offset and the upload completes', async () => {
    const pdf = makePdf('resume with the right offset');
    const file = declared(pdf, 'resume.pdf', 'application/pdf');
    const created = await createUpload(base(), alice.token, { documentId: newDocumentId(alice.id), file });
    const url = uploadUrl(base(), created);
    const half = Math.floor(pdf.length / 2);
    assert.equal((await patchUpload(url, alice.token, 0, pdf.subarray(0, half))).status, 204);

    const wrong = await patchUpload(url, alice.token, 0, pdf.subarray(0, half));
    assert.equal(wrong.status, 409);
    assert.equal((JSON.parse(await wrong.text()) as { code: string }).code, 'upload_offset_mismatch');
    const ahead = await patchUpload(url, alice.token, half + 5, pdf.subarray(half + 5));
    assert.equal(ahead.status, 409);

    const head = await headUpload(url, alice.token);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('upload-offset'), String(half));
    assert.equal(head.headers.get('upload-length'), String(pdf.length));
    assert.equal(head.headers.get('cache-control'), 'no-store');
    const rest = await patchUpload(url, alice.token, half, pdf.subarray(half));
    assert.equal(rest.status, 204);
    assert.equal((await fileRecord(server, alice.token, alice.id, file.fileId))?.['status'], 'uploaded');
  });

  test("an upload to another patient's document is refused; another patient's upload URL does not exist for you", async () => {
    const pdf = makePdf('not yours');
    const intoBob = await createUpload(base(), alice.token, { documentId: newDocumentId(bob.id), file: declared(pdf, 'x.pdf', 'application/pdf') });
    assert.equal(intoBob.status, 403);
    const body = await bodyJson(intoBob);
    assert.equal(body['code'], 'document_not_yours');
    assert.equal(body['field'], 'documentId');

    const created = await createUpload(base(), bob.token, { documentId: newDocumentId(bob.id), file: declared(pdf, 'bob.pdf', 'application/pdf') });
    const bobsUrl = uploadUrl(base(), created);
    assert.equal((await headUpload(bobsUrl, alice.token)).status, 404);
    const hijack = await patchUpload(bobsUrl, alice.token, 0, pdf);
    assert.equal(hijack.status, 404);
    assert.equal((await bodyJson(hijack))['code'], 'upload_not_found');
    const remove = await fetch(bobsUrl, { method: 'DELETE', headers: { ...TUS_HEADERS, ...bearer(alice.token) } });
    assert.equal(remove.status, 404);
    assert.equal((await headUpload(bobsUrl, bob.token)).headers.get('upload-offset'), '0', "Bob's upload is untouched");
  });

  test('a token that expires mid-upload gets 401; after a refresh the upload resumes where it stopped', async () => {
    const bytes = pngOfSize(40 * 1024, 21);
    const file = declared(bytes, 'photo.png', 'image/png');
    const created = await createUpload(base(), alice.token, { documentId: newDocumentId(alice.id), file });
    const url = uploadUrl(base(), created);
    assert.equal((await patchUpload(url, alice.token, 0, bytes.subarray(0, 10_000))).status, 204);

    const expired = await expiredTokenFor(alice.id);
    const refused = await patchUpload(url, expired, 10_000, bytes.subarray(10_000));
    assert.equal(refused.status, 401);
    assert.equal((await bodyJson(refused))['code'], 'session_expired');
    assert.equal((await headUpload(url, expired)).status, 401);

    const fresh = (await server.signIn(alice.phone, alice.password)).accessToken;
    const head = await headUpload(url, fresh);
    assert.equal(head.headers.get('upload-offset'), '10000', 'nothing of the refused request was written');
    assert.equal((await patchUpload(url, fresh, 10_000, bytes.subarray(10_000))).status, 204);
    assert.equal((await fileRecord(server, fresh, alice.id, file.fileId))?.['sha256'], sha256(bytes));
  });

  test('a damaged transfer (hash differs from the declared one) is rejected; the same file sent again is accepted', async () => {
    const pdf = makePdf('damaged then fine');
    const file = declared(pdf, 'retry.pdf', 'application/pdf');
    const damaged = pdf.slice();
    damaged[damaged.length - 20] ^= 0xff;
    const documentId = newDocumentId(alice.id);
    const first = await uploadWhole(base(), alice.token, documentId, file, damaged);
    assert.equal(first.finished.status, 422);
    assert.equal((await bodyJson(first.finished))['code'], 'file_checksum_mismatch');
    assert.equal((await fileRecord(server, alice.token, alice.id, file.fileId))?.['reason'], 'file_checksum_mismatch');

    const second = await uploadWhole(base(), alice.token, documentId, file, pdf);
    assert.equal(second.finished.status, 204);
    const record = await fileRecord(server, alice.token, alice.id, file.fileId);
    assert.equal(record?.['status'], 'uploaded');
    assert.equal(record?.['reason'], undefined);
  });

  test('a duplicate (same sha-256 already uploaded) is named before any byte is sent, and when two race', async () => {
    const patient = await signedIn(server, 'patient');
    const jpeg = makeJpeg(6);
    const original = declared(jpeg, 'IMG_1.jpg', 'image/jpeg');
    assert.equal((await uploadWhole(base(), patient.token, newDocumentId(patient.id), original, jpeg)).finished.status, 204);

    const again = await createUpload(base(), patient.token, { documentId: newDocumentId(patient.id), file: declared(jpeg, 'IMG_1 copy.jpg', 'image/jpeg') });
    assert.equal(again.status, 409);
    const body = await bodyJson(again);
    assert.equal(body['code'], 'file_duplicate');
    assert.equal(body['message'], 'Этот файл уже загружен: такой же файл есть в ваших документах.');

    // Two copies of a new file started before either finished: the second to finish is the duplicate.
    const png = makePng(24);
    const a = declared(png, 'a.png', 'image/png');
    const b = declared(png, 'b.png', 'image/png');
    const createdA = await createUpload(base(), patient.token, { documentId: newDocumentId(patient.id), file: a });
    const createdB = await createUpload(base(), patient.token, { documentId: newDocumentId(patient.id), file: b });
    assert.equal((await patchUpload(uploadUrl(base(), createdA), patient.token, 0, png)).status, 204);
    const late = await patchUpload(uploadUrl(base(), createdB), patient.token, 0, png);
    assert.equal(late.status, 422);
    const lateBody = await bodyJson(late);
    assert.equal(lateBody['code'], 'file_duplicate');
    assert.equal(lateBody['duplicateOf'], a.fileId);
    const record = await fileRecord(server, patient.token, patient.id, b.fileId);
    assert.deepEqual([record?.['status'], record?.['reason'], record?.['duplicateOf']], ['rejected', 'file_duplicate', a.fileId]);
  });

  test('uploading a file that is already uploaded says so (the device lost the answer to its last PATCH)', async () => {
    const png = makePng(20);
    const file = declared(png, 'again.png', 'image/png');
    const documentId = newDocumentId(alice.id);
    assert.equal((await uploadWhole(base(), alice.token, documentId, file, png)).finished.status, 204);
    const again = await createUpload(base(), alice.token, { documentId, file });
    assert.equal(again.status, 409);
    assert.equal((await bodyJson(again))['code'], 'file_already_uploaded');
  });

  test('metadata is checked key by key', async () => {
    const pdf = makePdf('metadata');
    const file = declared(pdf, 'm.pdf', 'application/pdf');
    const documentId = newDocumentId(alice.id);
    const good = { documentId, fileId: file.fileId, name: file.name, mime: file.mime, sha256: file.sha256 };
    const cases: [Record<string, string>, string][] = [
      [{ ...good, extra: 'x' }, 'extra'],
      [{ documentId, fileId: file.fileId, name: file.name, mime: file.mime }, 'sha256'],
      [{ ...good, sha256: 'ABC' }, 'sha256'],
      [{ ...good, fileId: '../../etc' }, 'fileId'],
      [{ ...good, name: '../secret.pdf' }, 'name'],
      [{ ...good, documentId: 'not-a-document-id' }, 'documentId'],
    ];
    for (const [metadata, field] of cases) {
      const created = await createUpload(base(), alice.token, { documentId, file, metadata });
      assert.equal(created.status, 400, field);
      const body = await bodyJson(created);
      assert.deepEqual([body['code'], body['field']], ['upload_metadata_invalid', field]);
    }
    const deferred = await fetch(`${base()}${DOCUMENTS_API.uploads}`, {
      method: 'POST',
      headers: { ...TUS_HEADERS, ...bearer(alice.token), 'upload-defer-length': '1', 'upload-metadata': 'documentId YQ==' },
    });
    assert.equal(deferred.status, 400);
  });

  test('only patients who consented may upload; every tus request needs a token and the tus header', async () => {
    const pdf = makePdf('who may upload');
    const doctor = await signedIn(server, 'doctor');
    const byDoctor = await createUpload(base(), doctor.token, { documentId: newDocumentId(doctor.id), file: declared(pdf, 'd.pdf', 'application/pdf') });
    assert.equal(byDoctor.status, 403);
    assert.equal((await bodyJson(byDoctor))['code'], 'forbidden');

    const noConsent = await signedIn(server, 'patient', { consent: false });
    const refused = await createUpload(base(), noConsent.token, { documentId: newDocumentId(noConsent.id), file: declared(pdf, 'n.pdf', 'application/pdf') });
    assert.equal(refused.status, 403);
    assert.equal((await bodyJson(refused))['code'], 'consent_required');

    const anonymous = await fetch(`${base()}${DOCUMENTS_API.uploads}`, { method: 'POST', headers: { ...TUS_HEADERS, 'upload-length': '10' } });
    assert.equal(anonymous.status, 401);
    const created = await createUpload(base(), alice.token, { documentId: newDocumentId(alice.id), file: declared(pdf, 'h.pdf', 'application/pdf') });
    const url = uploadUrl(base(), created);
    const anonymousPatch = await fetch(url, { method: 'PATCH', headers: { ...TUS_HEADERS, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: pdf.slice() });
    assert.equal(anonymousPatch.status, 401);
    const noTusHeader = await fetch(url, { method: 'HEAD', headers: bearer(alice.token) });
    assert.equal(noTusHeader.status, 412);
    assert.equal((await headUpload(url, alice.token)).headers.get('upload-offset'), '0');
  });
});

/** A correctly signed token for the account whose lifetime is over, as a phone left asleep has. */
async function expiredTokenFor(userId: string): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000) - 3600;
  return new SignJWT({ role: 'patient', sid: 'expired-session', gen: 0 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuer('oblako')
    .setAudience('oblako-api')
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + 900)
    .sign(new TextEncoder().encode(server.config.jwtSecret));
}
