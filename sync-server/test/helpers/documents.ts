import { createHash, randomUUID } from 'node:crypto';
import { CONSENT_API, CONSENT_VERSION, docId } from '@oblako/domain';
import { DOCUMENTS_API, documentsModule, fileDownloadUrl, type DeclaredFile, type MedicalDocument } from '../../../modules/documents/index';
import { bearer, postJson } from './http';
import { SyncClient } from './sync-client';
import { startTestServer, type TestAccount, type TestServer } from './test-server';

/** Tus requests and document docs, the way the PWA makes them (tus 1.0.0 over plain fetch). */

export const TUS_HEADERS = { 'tus-resumable': '1.0.0' } as const;

export interface SignedIn {
  id: string;
  token: string;
  name: string;
  phone: string;
  password: string;
}

export async function signedIn(server: TestServer, role: 'patient' | 'doctor' | 'manager' | 'admin', options: { consent?: boolean } = {}): Promise<SignedIn> {
  const account = await server.createAccount(role);
  const session = await server.signIn(account.phone, account.password);
  if (role === 'patient' && options.consent !== false) {
    const accepted = await postJson(`${server.baseUrl}${CONSENT_API.current}`, { version: CONSENT_VERSION }, bearer(session.accessToken));
    if (accepted.status !== 200) throw new Error(`consent failed: ${accepted.status}`);
  }
  return { id: account.user.id, token: session.accessToken, name: account.user.name, phone: account.phone, password: account.password };
}

/** The people of a documents test: two patients, a doctor assigned to alice and one who is not, a manager, an admin. */
export interface DocumentsCast {
  alice: SignedIn;
  bob: SignedIn;
  doctor: SignedIn;
  otherDoctor: SignedIn;
  manager: SignedIn;
  admin: SignedIn;
}

/** A server with the documents module and its cast signed in; only `doctor` is assigned to alice. */
export async function startDocumentsServer(): Promise<DocumentsCast & { server: TestServer }> {
  const server = await startTestServer({}, { modules: [documentsModule] });
  const [alice, bob, doctor, otherDoctor, manager, admin] = await Promise.all([
    signedIn(server, 'patient'),
    signedIn(server, 'patient'),
    signedIn(server, 'doctor'),
    signedIn(server, 'doctor'),
    signedIn(server, 'manager'),
    signedIn(server, 'admin'),
  ]);
  await server.app.access.assign(doctor.id, alice.id);
  return { server, alice, bob, doctor, otherDoctor, manager, admin };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function newFileId(): string {
  return randomUUID();
}

export function declared(bytes: Uint8Array, name: string, mime: string, fileId = newFileId()): DeclaredFile {
  return { fileId, name, size: bytes.length, mime, sha256: sha256(bytes) };
}

/** tus `Upload-Metadata`: comma-separated `key base64(value)`. */
export function encodeMetadata(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value, 'utf8').toString('base64')}`)
    .join(',');
}

export interface CreateOptions {
  documentId: string;
  file: DeclaredFile;
  length?: number;
  metadata?: Record<string, string>;
  headers?: Record<string, string>;
}

export async function createUpload(baseUrl: string, token: string, options: CreateOptions): Promise<Response> {
  const { documentId, file } = options;
  const metadata = options.metadata ?? { documentId, fileId: file.fileId, name: file.name, mime: file.mime, sha256: file.sha256 };
  return fetch(`${baseUrl}${DOCUMENTS_API.uploads}`, {
    method: 'POST',
    headers: {
      ...TUS_HEADERS,
      ...bearer(token),
      'upload-length': String(options.length ?? file.size),
      'upload-metadata': encodeMetadata(metadata),
      ...options.headers,
    },
  });
}

export async function patchUpload(url: string, token: string, offset: number, bytes: Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'PATCH',
    headers: { ...TUS_HEADERS, ...bearer(token), 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream', ...headers },
    body: bytes.slice(),
  });
}

export async function headUpload(url: string, token: string): Promise<Response> {
  return fetch(url, { method: 'HEAD', headers: { ...TUS_HEADERS, ...bearer(token) } });
}

/** The absolute upload URL from a creation answer (tus answers with a relative Location). */
export function uploadUrl(baseUrl: string, created: Response): string {
  const location = created.headers.get('location');
  if (!location) throw new Error(`no Location in the creation answer (${created.status})`);
  return new URL(location, baseUrl).href;
}

/** Creates the upload and sends every byte in one PATCH; returns the final PATCH answer. */
export async function uploadWhole(baseUrl: string, token: string, documentId: string, file: DeclaredFile, bytes: Uint8Array): Promise<{ created: Response; finished: Response; url: string }> {
  const created = await createUpload(baseUrl, token, { documentId, file });
  if (created.status !== 201) throw new Error(`creation failed: ${created.status} ${await created.text()}`);
  const url = uploadUrl(baseUrl, created);
  const finished = await patchUpload(url, token, 0, bytes);
  return { created, finished, url };
}

export function newDocumentId(patientId: string): string {
  return docId(patientId, randomUUID());
}

/** A documents doc as RxDB pushes it (primary key in `_id`). */
export function documentDoc(patientId: string, files: DeclaredFile[], extra: Partial<MedicalDocument> & { _id?: string } = {}): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    _id: extra._id ?? newDocumentId(patientId),
    patientId,
    type: 'mri',
    date: '2026-01-15',
    note: '',
    files,
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}

export async function pushDocument(server: TestServer, token: string, doc: Record<string, unknown>): Promise<{ ok?: boolean; rev?: string; error?: string; code?: string }> {
  const client = new SyncClient(server.baseUrl, 'documents', token);
  const { status, body } = await client.bulkDocs([doc]);
  if (status !== 201) throw new Error(`_bulk_docs answered ${status}`);
  return body[0]!;
}

export function download(baseUrl: string, token: string, patientId: string, fileId: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}${fileDownloadUrl(patientId, fileId)}`, { headers: { ...bearer(token), ...headers } });
}

/** The server's verdict on a file, as the patient can pull it. */
export async function fileRecord(server: TestServer, token: string, patientId: string, fileId: string): Promise<Record<string, unknown> | null> {
  return new SyncClient(server.baseUrl, 'document_files', token).read(docId(patientId, fileId));
}

export async function bodyJson(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/**
 * The first-sync tests' stand: a doctor with one assigned patient who holds `count` lab records
 * (one day's, seeded straight into the store, in id order), each with one file when `withFiles`.
 */
export async function doctorWithRecords(server: TestServer, count: number, options: { withFiles?: boolean } = {}): Promise<{ doctor: TestAccount; patient: TestAccount }> {
  const doctor = await server.createAccount('doctor');
  const patient = await server.createAccount('patient');
  await server.app.access.assign(doctor.user.id, patient.user.id);
  const at = '2021-03-01T10:00:00.000Z';
  await server.app.store.db('documents').bulkDocs(
    Array.from({ length: count }, (_, n) => ({
      _id: docId(patient.user.id, `record-${String(n).padStart(6, '0')}`),
      patientId: patient.user.id,
      type: 'lab',
      date: at.slice(0, 10),
      note: `Анализ № ${n}`,
      files: options.withFiles ? [{ fileId: `file-${n}`, name: `скан-${n}.jpg`, size: 1000 + n, mime: 'image/jpeg', sha256: 'a'.repeat(64) }] : [],
      createdAt: at,
      updatedAt: at,
    })),
  );
  return { doctor, patient };
}
