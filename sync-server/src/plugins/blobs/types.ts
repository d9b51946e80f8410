import type { Readable } from 'node:stream';
import type { DataStore } from '@tus/utils';

/** A byte range, both ends inclusive (as in HTTP `Range: bytes=start-end`). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where file bytes live: uploads in progress (written by tus) and stored files (served to
 * readers). Keys of stored files are `<owner id>/<file id>`; nothing else in the server knows
 * whether they sit on a local disk or in an S3 bucket.
 *
 * The one promise that matters: a key is either absent or whole. An upload becomes a stored file
 * only through promote(), which is atomic, so a half-written file is never served.
 */
export interface BlobStore {
  /** `disk` or `s3`: for logs and health. */
  readonly kind: 'disk' | 's3';
  /** The tus datastore receiving uploads in progress. */
  readonly uploads: DataStore;
  /** The bytes received so far of an upload in progress (all of them once it is complete), or one range of them. */
  readUpload(uploadId: string, range?: ByteRange): Promise<Readable>;
  /** Makes a complete upload the stored file `key` (replacing any), atomically; the upload is gone afterwards. */
  promote(uploadId: string, key: string): Promise<void>;
  /** Removes an upload in progress, bytes and info; an absent one is fine. */
  discardUpload(uploadId: string): Promise<void>;
  /** Size in bytes of a stored file, or null when there is none. */
  size(key: string): Promise<number | null>;
  /** The bytes of a stored file, or of one range of it. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes a stored file; an absent one is fine. */
  delete(key: string): Promise<void>;
  /** Removes uploads in progress older than the expiry; returns how many went. */
  deleteExpiredUploads(): Promise<number>;
}

/** Keys are `<owner>/<file>`, each part a safe name: no traversal, no separators, no dots first. */
export const BLOB_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{5,63}\/[A-Za-z0-9_-]{1,100}$/;

export function assertBlobKey(key: string): void {
  if (!BLOB_KEY_PATTERN.test(key)) throw new Error(`Invalid blob key "${key}"`);
}

/** tus upload ids (our naming function makes 32 hex characters); anything else is not ours. */
export const UPLOAD_ID_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
