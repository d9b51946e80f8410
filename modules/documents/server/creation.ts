import { Metadata } from '@tus/utils';
import { DOC_ID_PATTERN, partitionOf } from '@oblako/domain';
import { HttpError } from '@oblako/server-kit';
import { declaredTypeMayBeAllowed, UPLOAD_METADATA_KEYS, type UploadMetadata } from '../api';
import { FILE_ID_PATTERN, MAX_FILE_NAME_LENGTH, SHA256_PATTERN } from '../schema';

/** A creation request that passed every check that needs no store: what it asks for, validated. */
export interface UploadRequest extends UploadMetadata {
  patientId: string;
  size: number;
}

const invalid = (field: string, reason: string) => new HttpError(400, 'upload_metadata_invalid', { field, reason });

/**
 * Reads and checks the tus creation headers of a patient's upload. Throws HttpError with the
 * code the person sees (modules/documents/api.ts lists them); the order puts "not yours" before
 * anything about the content.
 */
export function readUploadRequest(
  headers: Record<string, string | string[] | undefined>,
  patientId: string,
  limits: { maxFileBytes: number },
): UploadRequest {
  if (headers['upload-defer-length'] !== undefined || headers['upload-concat'] !== undefined) {
    throw invalid('Upload-Length', 'The size must be known when the upload is created (no deferred length, no concatenation).');
  }
  const lengthHeader = single(headers['upload-length']);
  if (lengthHeader === undefined || !/^\d{1,16}$/.test(lengthHeader)) {
    throw invalid('Upload-Length', 'Upload-Length must be the file size in bytes.');
  }
  const size = Number(lengthHeader);

  let metadata: Record<string, string | null>;
  try {
    metadata = Metadata.parse(single(headers['upload-metadata']) ?? '');
  } catch {
    throw invalid('Upload-Metadata', 'Upload-Metadata is not valid tus metadata.');
  }
  for (const key of Object.keys(metadata)) {
    if (!(UPLOAD_METADATA_KEYS as readonly string[]).includes(key)) throw invalid(key, `Unknown upload metadata "${key}".`);
  }
  const value = (key: (typeof UPLOAD_METADATA_KEYS)[number]): string => {
    const found = metadata[key];
    // tus sends an empty value as a bare key (null): fine for `mime`, which browsers leave empty for DICOM.
    if (found === null && key === 'mime') return '';
    if (typeof found !== 'string') throw invalid(key, `Upload metadata "${key}" is required.`);
    return found;
  };

  const documentId = value('documentId');
  if (!DOC_ID_PATTERN.test(documentId)) throw invalid('documentId', 'documentId must be a document id "<patientId>:<local>".');
  if (partitionOf(documentId) !== patientId) {
    throw new HttpError(403, 'document_not_yours', { field: 'documentId', reason: "Files can be attached only to the uploader's own documents." });
  }
  const fileId = value('fileId');
  if (!FILE_ID_PATTERN.test(fileId)) throw invalid('fileId', 'fileId must be 8-64 letters, digits, "_" or "-".');
  const name = value('name');
  if (name.length < 1 || name.length > MAX_FILE_NAME_LENGTH || /[\\/\u0000-\u001f]/.test(name)) {
    throw invalid('name', 'name must be a file name (1-255 characters, no path).');
  }
  const mime = value('mime');
  if (mime.length > 100) throw invalid('mime', 'mime is too long.');
  const sha256 = value('sha256');
  if (!SHA256_PATTERN.test(sha256)) throw invalid('sha256', 'sha256 must be 64 lowercase hex digits.');

  if (size === 0) throw new HttpError(400, 'file_empty', { field: 'Upload-Length', reason: 'The file is empty.' });
  if (size > limits.maxFileBytes) {
    throw new HttpError(413, 'file_too_large', { field: 'Upload-Length', reason: `The file is larger than ${limits.maxFileBytes} bytes.` });
  }
  if (!declaredTypeMayBeAllowed(mime)) {
    throw new HttpError(415, 'file_type_not_allowed', { field: 'mime', reason: `Files of type "${mime}" are not accepted.` });
  }
  return { patientId, size, documentId, fileId, name, mime, sha256 };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
