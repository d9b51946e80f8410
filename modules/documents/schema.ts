import type { CollectionMigrations, CollectionSchema } from '@oblako/domain';

/**
 * The kinds of medical documents a patient brings to a consultation (see shared DOMAIN.md):
 * the attending doctor's conclusion is required, at least one examination result too.
 */
export const DOCUMENT_TYPES = ['conclusion', 'discharge', 'ultrasound', 'mri', 'ct', 'lab', 'ecg', 'other'] as const;
/** What a patient may pick when adding a document (the readiness rule counts these). */
export type PatientDocumentType = (typeof DOCUMENT_TYPES)[number];

/**
 * Documents only the server writes into the patient's partition: `consultation_conclusion` is the
 * consultant's conclusion PDF issued after a consultation (modules/consultations/server/conclusion).
 * Nobody creates, edits or deletes one over replication; readiness does not count it.
 */
export const SERVER_DOCUMENT_TYPES = ['consultation_conclusion'] as const;
export type ServerDocumentType = (typeof SERVER_DOCUMENT_TYPES)[number];
export const CONSULTATION_CONCLUSION_TYPE: ServerDocumentType = 'consultation_conclusion';
/** The local part of a server-written conclusion's id: `<patientId>:conclusion-<consultation local id>`. */
export const CONCLUSION_DOCUMENT_PREFIX = 'conclusion-';

export const ALL_DOCUMENT_TYPES = [...DOCUMENT_TYPES, ...SERVER_DOCUMENT_TYPES] as const;
export type DocumentType = PatientDocumentType | ServerDocumentType;

export function isServerDocumentType(type: unknown): type is ServerDocumentType {
  return (SERVER_DOCUMENT_TYPES as readonly unknown[]).includes(type);
}

/** Local part of a file id: the PWA makes one with `crypto.randomUUID()` per picked file. */
export const FILE_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
export const MAX_FILES_PER_DOCUMENT = 50;
export const MAX_NOTE_LENGTH = 2000;
export const MAX_FILE_NAME_LENGTH = 255;

/**
 * One file as the patient declared it when adding it to a document (what the device knows before
 * upload). The server's verdict on the bytes is a separate, server-written DocumentFileRecord.
 */
export interface DeclaredFile {
  /** Unique among the patient's files; the file's server record is `<patientId>:<fileId>`. */
  fileId: string;
  /** The name on the device, shown to the doctor and used for Content-Disposition. */
  name: string;
  /** Bytes; equals the tus `Upload-Length`. */
  size: number;
  /** What the browser said (`File.type`, may be '' for DICOM/HEIC); the server detects the real type. */
  mime: string;
  /** Lowercase hex sha-256 of the bytes, computed on the device before upload. */
  sha256: string;
}

/**
 * A medical document in the replicated `documents` collection: written by the patient, id
 * `<patientId>:<local>` (local part: `crypto.randomUUID()`). The assigned doctor may only mark it
 * reviewed (reviewedAt + reviewedBy = themself); see rules.ts for every rule.
 */
export interface MedicalDocument {
  id: string;
  patientId: string;
  type: DocumentType;
  /** YYYY-MM-DD: when the document was issued (not in the future). */
  date: string;
  /** Free text, '' when none. */
  note: string;
  /** At least one; a multi-page scan is several photos. */
  files: DeclaredFile[];
  createdAt: string;
  /** Set by the patient's device on every patient edit. */
  updatedAt: string;
  /** Set once by an assigned doctor; afterwards the patient can no longer delete the document. */
  reviewedAt?: string;
  reviewedBy?: string;
}

export const FILE_STATUSES = ['uploaded', 'rejected'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

/** Why the server refused the bytes of a file after they arrived (an error code in modules/domain/errors.ts). */
export const FILE_REJECTION_REASONS = ['file_type_not_allowed', 'file_checksum_mismatch', 'file_duplicate'] as const;
export type FileRejectionReason = (typeof FILE_REJECTION_REASONS)[number];

/**
 * The server's verdict on one file, in the replicated `document_files` collection: written by the
 * server only (nobody may write it over /sync), id `<patientId>:<fileId>`. No record yet means the
 * bytes have not all arrived; `uploaded` means verified and downloadable; `rejected` means the bytes
 * were refused (and discarded) for `reason`. A later successful upload of the same fileId replaces
 * a rejected record.
 */
export interface DocumentFileRecord {
  id: string;
  patientId: string;
  /** The document the upload was bound to at creation (`<patientId>:<local>`). */
  documentId: string;
  fileId: string;
  status: FileStatus;
  /** Present when rejected. */
  reason?: FileRejectionReason;
  /** Present for reason `file_duplicate`: the fileId of the identical file already uploaded. */
  duplicateOf?: string;
  /** Declared name (from the upload metadata). */
  name: string;
  /** Bytes received. */
  size: number;
  /** Present when uploaded: the type detected from the content (one of ALLOWED_MIME_TYPES). */
  mime?: string;
  /** Present when uploaded: sha-256 of the stored bytes (also the download's ETag). */
  sha256?: string;
  /** ISO time of the server's verdict. */
  checkedAt: string;
}

const isoTime = { type: 'string', format: 'date-time', maxLength: 40 } as const;
const patientIdField = { type: 'string', maxLength: 64 } as const;
const documentIdField = { type: 'string', maxLength: 170 } as const;
const fileIdField = { type: 'string', pattern: FILE_ID_PATTERN.source, maxLength: 64 } as const;
const sha256Field = { type: 'string', pattern: SHA256_PATTERN.source, maxLength: 64 } as const;
const fileNameField = { type: 'string', minLength: 1, maxLength: MAX_FILE_NAME_LENGTH } as const;

export const documentSchema: CollectionSchema = {
  title: 'medical document',
  // 1: the server-written type `consultation_conclusion` (type maxLength 20 → 30); documents
  // stored by version 0 are valid as they are (DOCUMENT_MIGRATIONS).
  // 2: the device's review-order index (list-key.ts, DOCUMENT_DEVICE_FIELDS): on a device the
  // documents are stored again once, the storage computing their key; here nothing changed.
  version: 2,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: documentIdField,
    patientId: patientIdField,
    type: { type: 'string', enum: [...ALL_DOCUMENT_TYPES], maxLength: 30 },
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 },
    note: { type: 'string', maxLength: MAX_NOTE_LENGTH },
    files: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_FILES_PER_DOCUMENT,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          fileId: fileIdField,
          name: fileNameField,
          size: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
          mime: { type: 'string', maxLength: 100 },
          sha256: sha256Field,
        },
        required: ['fileId', 'name', 'size', 'mime', 'sha256'],
      },
    },
    createdAt: isoTime,
    updatedAt: isoTime,
    reviewedAt: isoTime,
    reviewedBy: patientIdField,
  },
  required: ['id', 'patientId', 'type', 'date', 'note', 'files', 'createdAt', 'updatedAt'],
};

/** Devices that stored documents with an older schema keep them as they are (see version above). */
export const DOCUMENT_MIGRATIONS: CollectionMigrations = { 1: (doc) => doc, 2: (doc) => doc };

export const documentFileSchema: CollectionSchema = {
  title: 'server verdict on an uploaded file',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 130 },
    patientId: patientIdField,
    documentId: documentIdField,
    fileId: fileIdField,
    status: { type: 'string', enum: [...FILE_STATUSES], maxLength: 10 },
    reason: { type: 'string', enum: [...FILE_REJECTION_REASONS], maxLength: 40 },
    duplicateOf: fileIdField,
    name: fileNameField,
    size: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    mime: { type: 'string', maxLength: 100 },
    sha256: sha256Field,
    checkedAt: isoTime,
  },
  required: ['id', 'patientId', 'documentId', 'fileId', 'status', 'name', 'size', 'checkedAt'],
};
