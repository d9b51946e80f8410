/**
 * The HTTP contract of medical files, shared by the server (which implements it) and the PWA
 * (which calls it). Metadata travels by replication (`documents`, `document_files`); the bytes
 * only ever go through the endpoints below, all with `Authorization: Bearer <access token>`.
 *
 * Upload (tus 1.0.0, `tus-js-client`):
 *   POST   DOCUMENTS_API.uploads            create: `Upload-Length`, `Upload-Metadata` (UPLOAD_METADATA_KEYS)
 *   HEAD   DOCUMENTS_API.uploads + <id>     current `Upload-Offset` (resume)
 *   PATCH  DOCUMENTS_API.uploads + <id>     `Upload-Offset`, `Content-Type: application/offset+octet-stream`
 *   DELETE DOCUMENTS_API.uploads + <id>     give up an upload in progress (frees its quota)
 * The token is checked on every request (a PATCH with an expired token gets 401: refresh the
 * token in `onBeforeRequest` and let tus-js-client retry; the upload resumes from the server's
 * offset). Only patients upload, only into their own partition, only after consent.
 *
 * Download: GET fileDownloadUrl(patientId, fileId), Range supported (206 / 416), ETag = the
 * verified sha-256, `Cache-Control: private, no-store` (the PWA keeps offline copies in its own
 * Cache Storage, which it clears on sign-out; the browser's HTTP cache must not hold them).
 * Every read by staff (doctor, manager) is recorded in the patient's audit log.
 */
import type { DeclaredFile, DocumentFileRecord, FileRejectionReason } from './schema';

export const DOCUMENTS_API = {
  /** tus creation URL; an upload's URL is this + its id (the `Location` of the creation answer). */
  uploads: '/api/documents/uploads/',
  /** `GET` → UploadLimits of the signed-in patient. */
  limits: '/api/documents/limits',
  /** Prefix of download URLs; use fileDownloadUrl(). */
  files: '/api/documents/files/',
} as const;

export function fileDownloadUrl(patientId: string, fileId: string): string {
  return `${DOCUMENTS_API.files}${encodeURIComponent(patientId)}/${encodeURIComponent(fileId)}`;
}

/**
 * Keys of the tus `Upload-Metadata` header, every one required, no others accepted
 * (tus-js-client: `metadata: { documentId, fileId, name, mime, sha256 }`). The size is
 * `Upload-Length` and must equal the declared size.
 */
export const UPLOAD_METADATA_KEYS = ['documentId', 'fileId', 'name', 'mime', 'sha256'] as const;
export type UploadMetadata = Record<(typeof UPLOAD_METADATA_KEYS)[number], string>;

export function uploadMetadataOf(documentId: string, file: DeclaredFile): UploadMetadata {
  return { documentId, fileId: file.fileId, name: file.name, mime: file.mime, sha256: file.sha256 };
}

/** Types accepted, decided by the content (magic bytes), never by the name or the declared type. */
export const ALLOWED_MIME_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/heif', 'application/dicom'] as const;
export type AllowedMimeType = (typeof ALLOWED_MIME_TYPES)[number];

/** File-picker hint (`<input accept>`): DICOM files often have no extension, so `*` stays out of it only by choice of the UI. */
export const ACCEPT_ATTRIBUTE = '.pdf,.jpg,.jpeg,.png,.heic,.heif,.dcm,.dicom,application/pdf,image/jpeg,image/png,image/heic,image/heif,application/dicom';

/**
 * Declared types that cannot be a medical file: refused at creation (415) so nothing is sent.
 * Anything else — including '' and application/octet-stream, which browsers report for DICOM
 * and sometimes HEIC — goes through, and the content decides when the bytes have arrived.
 */
export function declaredTypeMayBeAllowed(mime: string): boolean {
  return mime === '' || mime === 'application/octet-stream' || (ALLOWED_MIME_TYPES as readonly string[]).includes(mime.toLowerCase());
}

/** Defaults of the server settings FILE_MAX_BYTES and PATIENT_QUOTA_BYTES. */
export const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;
export const DEFAULT_PATIENT_QUOTA_BYTES = 2 * 1024 * 1024 * 1024;
/** What tus-js-client should use as `chunkSize` (fits reverse proxies with a body limit ≥ 8 MiB). */
export const RECOMMENDED_CHUNK_BYTES = 8 * 1024 * 1024;
/** tus-js-client `retryDelays`: keeps trying on a weak link; the queue retries after that. */
export const RECOMMENDED_RETRY_DELAYS_MS = [0, 1000, 3000, 5000, 10000, 20000, 30000] as const;

/** GET DOCUMENTS_API.limits (patients): show them before the upload starts. */
export interface UploadLimits {
  maxFileBytes: number;
  quotaBytes: number;
  /** Bytes of the patient's uploaded files plus uploads in progress (their declared lengths). */
  usedBytes: number;
  allowedMimeTypes: readonly AllowedMimeType[];
}

/**
 * Error codes (ApiError.code, messages in modules/domain/errors.ts). tus answers carry an
 * ApiError JSON body too: `JSON.parse(error.originalResponse.getBody())`.
 *
 * At creation (POST) — nothing has been sent yet, nothing is recorded:
 *   401 unauthorized | session_expired   403 forbidden (not a patient) | consent_required
 *   403 document_not_yours               400 upload_metadata_invalid (field = metadata key) | file_empty
 *   413 file_too_large | quota_exceeded  415 file_type_not_allowed (declared type cannot be medical)
 *   409 file_duplicate (same sha-256 already uploaded by this patient; `field`: 'sha256')
 *   409 file_already_uploaded (this fileId is already uploaded)
 * While sending (HEAD / PATCH / DELETE):
 *   401 as above (refresh, then retry: the offset is kept)   404 upload_not_found (also: not yours)
 *   409 upload_offset_mismatch (HEAD, then resume from the server's offset)   410 upload_expired
 * When the last byte arrives (the final PATCH) — a `document_files` record is written either way:
 *   204 → record `uploaded`;  422 file_type_not_allowed | file_checksum_mismatch | file_duplicate → record `rejected`
 * Download: 404 not_found (absent, not yet verified, rejected or not visible to you — one answer), 416 range_not_satisfiable.
 */
export const UPLOAD_ERROR_CODES = [
  'document_not_yours',
  'upload_metadata_invalid',
  'file_empty',
  'file_too_large',
  'quota_exceeded',
  'file_type_not_allowed',
  'file_duplicate',
  'file_already_uploaded',
  'upload_not_found',
  'upload_offset_mismatch',
  'upload_expired',
  'file_checksum_mismatch',
  'range_not_satisfiable',
] as const;

/**
 * What a file looks like to the person, from the three sources the PWA has: the server's record
 * (replicated), this device's upload queue, and nothing at all (another device is uploading it,
 * or it has not started).
 *   waiting     — in this device's queue, not sending (offline, or waiting its turn / retry)
 *   uploading   — bytes going out; `sentBytes` of `totalBytes`
 *   verifying   — every byte sent, the server's record has not arrived yet
 *   uploaded    — verified by the server, downloadable
 *   rejected    — refused, with the reason (and `duplicateOf` for duplicates)
 *   elsewhere   — no record and not queued here: sent from another device, or never started
 */
export type FileState =
  | { kind: 'waiting' }
  | { kind: 'uploading'; sentBytes: number; totalBytes: number }
  | { kind: 'verifying' }
  | { kind: 'uploaded'; mime: string }
  | { kind: 'rejected'; reason: FileRejectionReason; duplicateOf?: string }
  | { kind: 'elsewhere' };

/** This device's view of a queued upload (kept by the PWA in IndexedDB, never replicated). */
export interface LocalUploadProgress {
  sending: boolean;
  sentBytes: number;
  totalBytes: number;
}

/** The one place that decides which state to show; the server record, when present, wins. */
export function fileState(record: DocumentFileRecord | undefined, local: LocalUploadProgress | undefined): FileState {
  if (record?.status === 'uploaded') return { kind: 'uploaded', mime: record.mime ?? 'application/octet-stream' };
  // A rejected record stays until a new upload of the same file succeeds: show progress while retrying.
  if (local && local.sentBytes >= local.totalBytes && local.totalBytes > 0 && !record) return { kind: 'verifying' };
  if (local?.sending) return { kind: 'uploading', sentBytes: local.sentBytes, totalBytes: local.totalBytes };
  if (record?.status === 'rejected' && record.reason) {
    return { kind: 'rejected', reason: record.reason, ...(record.duplicateOf ? { duplicateOf: record.duplicateOf } : {}) };
  }
  if (local) return { kind: 'waiting' };
  return { kind: 'elsewhere' };
}
