import {
  ALLOWED_MIME_TYPES,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_PATIENT_QUOTA_BYTES,
  MAX_FILES_PER_DOCUMENT,
  declaredTypeMayBeAllowed,
  type AllowedMimeType,
  type UploadLimits,
} from '../index';

/** Enough of a file's start to recognise every type we accept (DICOM: `DICM` at 128). */
export const SNIFF_BYTES = 132;

/**
 * The medical type of a file from its first bytes, by the same signatures the server's
 * `file-type` uses (server/inspect.ts), or null. The server decides; this only spares the
 * person an upload that would be refused (a text file renamed to .pdf).
 */
export function sniffMedicalType(head: Uint8Array): AllowedMimeType | null {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return 'application/pdf'; // %PDF
  if (startsWith(head, [0xff, 0xd8, 0xff])) return head[3] === 0xf7 ? null : 'image/jpeg'; // FF D8 FF F7 is JPEG-LS
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(head, 4, 4) === 'ftyp' && ((head[8] ?? 0) & 0x60) !== 0) {
    const brand = ascii(head, 8, 4).replace('\0', ' ').trim();
    if (brand === 'mif1') return 'image/heif';
    if (brand === 'msf1') return 'image/heif';
    if (brand === 'heic' || brand === 'heix' || brand === 'hevc' || brand === 'hevx') return 'image/heic';
  }
  if (ascii(head, 128, 4) === 'DICM') return 'application/dicom';
  return null;
}

export async function sniffFile(file: Blob): Promise<AllowedMimeType | null> {
  return sniffMedicalType(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()));
}

/**
 * The type to declare in the metadata: what the browser said, unless the server would refuse
 * that declaration outright (415) although the content is fine — e.g. `application/x-dicom`.
 */
export function declaredMime(browserType: string, sniffed: AllowedMimeType | null): string {
  return declaredTypeMayBeAllowed(browserType) || !sniffed ? browserType : sniffed;
}

/** Limits as the server gave them, or its defaults when it could not be asked (offline). */
export function limitsOrDefaults(limits: UploadLimits | null): UploadLimits {
  return limits ?? { maxFileBytes: DEFAULT_MAX_FILE_BYTES, quotaBytes: DEFAULT_PATIENT_QUOTA_BYTES, usedBytes: 0, allowedMimeTypes: ALLOWED_MIME_TYPES };
}

/** A file the person picked, as far as it has been examined. */
export interface PickedFileFacts {
  size: number;
  /** Null until the first bytes were read; then the sniffed type (or 'unknown'). */
  sniffed: AllowedMimeType | 'unknown' | null;
  /** Null until hashed. */
  sha256: string | null;
}

/** Why a picked file cannot go, as an i18n key and its parameters. */
export interface FileProblem {
  key: string;
  params?: Readonly<Record<string, string | number>>;
}

export interface CheckContext {
  maxFileBytes: number;
  /** sha-256 → name of the patient's files already uploaded or already in a document. */
  knownFiles: ReadonlyMap<string, string>;
  /** Turns a byte count into text for messages. */
  formatBytes: (bytes: number) => string;
}

/**
 * What is wrong with each picked file, in the order the person can act on it: empty, too large,
 * not a medical file, picked twice, already uploaded. Null for a file that may go.
 */
export function checkPickedFiles(files: readonly PickedFileFacts[], context: CheckContext): (FileProblem | null)[] {
  const seen = new Set<string>();
  return files.map((file): FileProblem | null => {
    if (file.size === 0) return { key: 'error.file_empty' };
    if (file.size > context.maxFileBytes) return { key: 'documents.check.tooLarge', params: { max: context.formatBytes(context.maxFileBytes) } };
    if (file.sniffed === 'unknown') return { key: 'error.file_type_not_allowed' };
    if (file.sha256 === null) return null;
    if (seen.has(file.sha256)) return { key: 'documents.error.files.sameFileTwice' };
    seen.add(file.sha256);
    const known = context.knownFiles.get(file.sha256);
    if (known !== undefined) return { key: 'documents.check.alreadyUploaded', params: { name: known } };
    return null;
  });
}

/** The document as a whole: too many files, or more bytes than the patient has left. */
export function checkDocumentFiles(
  sizes: readonly number[],
  limits: { quotaBytes: number; usedBytes: number },
  formatBytes: (bytes: number) => string,
): FileProblem | null {
  if (sizes.length > MAX_FILES_PER_DOCUMENT) return { key: 'documents.check.tooMany', params: { max: MAX_FILES_PER_DOCUMENT } };
  const needed = sizes.reduce((sum, size) => sum + size, 0);
  const free = Math.max(0, limits.quotaBytes - limits.usedBytes);
  if (needed > free) return { key: 'documents.check.quota', params: { free: formatBytes(free), needed: formatBytes(needed) } };
  return null;
}

/** Lowercase hex sha-256 of a file, by the browser's own implementation. */
export async function sha256Of(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((value, index) => bytes[index] === value);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (bytes.length < offset + length) return '';
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}
