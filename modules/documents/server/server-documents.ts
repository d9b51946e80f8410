import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Upload } from '@tus/utils';
import { docId, type StoredDoc } from '@oblako/domain';
import type { FastifyInstance } from '@oblako/server-kit';
import { FILE_ID_PATTERN, type ServerDocumentType } from '../schema';
import { getOrNull } from '@oblako/server-kit';
import { DOCUMENT_FILES_DB, DOCUMENTS_DB, FILE_UPLOADS_DB, FileRecords } from './file-records';

/**
 * Documents the server itself puts into a patient's records (the consultant's conclusion PDF):
 * exactly the records a patient's upload leaves behind — the bytes in the blob store under
 * `<patientId>/<fileId>`, a `document_files` verdict `uploaded` with the sha-256, and a
 * `documents` doc listing the file — so the existing download route (with its audit of staff
 * reads), the PWA's viewers and the doctor's offline copies work unchanged. The rules in
 * ../rules.ts keep anyone else from creating, changing or deleting such a document.
 */
export interface ServerDocumentInput {
  patientId: string;
  /** The full id `<patientId>:<local>`; writing again with the same id replaces the document (a retry). */
  documentId: string;
  type: ServerDocumentType;
  /** YYYY-MM-DD. */
  date: string;
  note: string;
  file: { fileId: string; name: string; mime: string; bytes: Uint8Array };
}

export interface WrittenServerDocument {
  documentId: string;
  fileId: string;
  size: number;
  sha256: string;
}

/**
 * Stores the bytes, then the verdict, then the document (readers find a document only once its
 * file can be served). Whole or nothing per key: the bytes go through an upload of the blob
 * store and appear atomically with promote(), on the disk and in S3 alike.
 */
export async function writeServerDocument(app: FastifyInstance, input: ServerDocumentInput): Promise<WrittenServerDocument> {
  const { patientId, documentId, file } = input;
  if (!FILE_ID_PATTERN.test(file.fileId)) throw new Error(`Invalid file id "${file.fileId}"`);
  if (!documentId.startsWith(`${patientId}:`)) throw new Error(`Document ${documentId} is not in the partition of ${patientId}`);
  const bytes = file.bytes;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const size = bytes.length;

  await storeBytes(app, `${patientId}/${file.fileId}`, bytes, { patientId, documentId, fileId: file.fileId });

  const records = new FileRecords(app.store.db(DOCUMENT_FILES_DB), app.store.db(FILE_UPLOADS_DB), app.config.uploadExpiryHours * 3600 * 1000);
  await records.accept({ patientId, documentId, fileId: file.fileId, name: file.name, size, mime: file.mime, sha256 });

  const db = app.store.db(DOCUMENTS_DB);
  const now = new Date().toISOString();
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await getOrNull<StoredDoc>(db, documentId);
    const doc: StoredDoc = {
      _id: documentId,
      ...(existing?._rev ? { _rev: existing._rev } : {}),
      patientId,
      type: input.type,
      date: input.date,
      note: input.note,
      files: [{ fileId: file.fileId, name: file.name, size, mime: file.mime, sha256 }],
      createdAt: typeof existing?.['createdAt'] === 'string' ? existing['createdAt'] : now,
      updatedAt: now,
    };
    try {
      await db.put(doc);
      return { documentId, fileId: file.fileId, size, sha256 };
    } catch (error) {
      if ((error as { status?: number }).status !== 409) throw error;
    }
  }
  throw new Error(`Could not write the document ${documentId}: it kept changing`);
}

/** Extra bytes kept with a server document (e.g. a detached signature), not listed as a file of it. */
export async function storeServerBlob(app: FastifyInstance, patientId: string, key: string, bytes: Uint8Array): Promise<void> {
  await storeBytes(app, `${patientId}/${key}`, bytes, { patientId });
}

/** The document id of a server document, `<patientId>:<local>`. */
export function serverDocumentId(patientId: string, local: string): string {
  return docId(patientId, local);
}

async function storeBytes(app: FastifyInstance, key: string, bytes: Uint8Array, metadata: Record<string, string>): Promise<void> {
  const uploadId = randomBytes(16).toString('hex');
  const uploads = app.blobs.uploads;
  await uploads.create(new Upload({ id: uploadId, size: bytes.length, offset: 0, metadata: { ...metadata, serverWritten: 'true' } }));
  try {
    const written = await uploads.write(Readable.from([bytes]), uploadId, 0);
    if (written !== bytes.length) throw new Error(`The blob store took ${written} of ${bytes.length} bytes`);
    await app.blobs.promote(uploadId, key);
  } catch (error) {
    await app.blobs.discardUpload(uploadId).catch(() => undefined);
    throw error;
  }
}
