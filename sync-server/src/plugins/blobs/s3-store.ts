import type { Readable } from 'node:stream';
import { S3, type S3ClientConfig } from '@aws-sdk/client-s3';
import { S3Store } from '@tus/s3-store';
import { assertBlobKey, UPLOAD_ID_PATTERN, type BlobStore, type ByteRange } from './types';

export interface S3BlobStoreOptions {
  bucket: string;
  region: string;
  /** S3-compatible endpoint (Yandex Object Storage, VK Cloud, MinIO…); AWS when absent. */
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  uploadExpiryMs: number;
}

/** Verified files live under this prefix; uploads in progress are tus's own keys at the root. */
const FILES_PREFIX = 'files/';
/** S3 multipart parts: as large as the PWA's tus chunks, so each PATCH becomes one part. */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * Files in an S3-compatible bucket (the scale-out path; documented, not exercised by the tests,
 * which have no S3 here). tus writes uploads as multipart uploads (`<id>`, `<id>.info`,
 * `<id>.part`); a verified upload is copied to `files/<owner>/<file>` — a copy appears whole or
 * not at all — and its upload objects are deleted.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const clientConfig: S3ClientConfig = {
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.accessKeyId && options.secretAccessKey
      ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
      : {}),
  };
  const client = new S3(clientConfig);
  const uploads = new S3Store({
    partSize: PART_BYTES,
    expirationPeriodInMilliseconds: options.uploadExpiryMs,
    s3ClientConfig: { ...clientConfig, bucket: options.bucket },
  });
  const Bucket = options.bucket;

  const uploadKey = (uploadId: string): string => {
    if (!UPLOAD_ID_PATTERN.test(uploadId)) throw new Error(`Invalid upload id "${uploadId}"`);
    return uploadId;
  };
  const fileKey = (key: string): string => {
    assertBlobKey(key);
    return `${FILES_PREFIX}${key}`;
  };
  const rangeHeader = (range?: ByteRange) => (range ? { Range: `bytes=${range.start}-${range.end}` } : {});
  const isNotFound = (error: unknown) => {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
  };

  const discardUpload = async (uploadId: string): Promise<void> => {
    const key = uploadKey(uploadId);
    // remove() aborts a multipart upload still open; a completed one has only objects left.
    await uploads.remove(key).catch(() => undefined);
    await client.deleteObjects({ Bucket, Delete: { Objects: [{ Key: key }, { Key: `${key}.info` }, { Key: `${key}.part` }], Quiet: true } });
  };

  return {
    kind: 's3',
    uploads,
    async readUpload(uploadId, range) {
      const object = await client.getObject({ Bucket, Key: uploadKey(uploadId), ...rangeHeader(range) });
      return object.Body as Readable;
    },
    async promote(uploadId, key) {
      await client.copyObject({ Bucket, Key: fileKey(key), CopySource: `${Bucket}/${uploadKey(uploadId)}` });
      await discardUpload(uploadId);
    },
    discardUpload,
    async size(key) {
      try {
        const head = await client.headObject({ Bucket, Key: fileKey(key) });
        return head.ContentLength ?? null;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    async read(key, range) {
      const object = await client.getObject({ Bucket, Key: fileKey(key), ...rangeHeader(range) });
      return object.Body as Readable;
    },
    async delete(key) {
      await client.deleteObject({ Bucket, Key: fileKey(key) });
    },
    async deleteExpiredUploads() {
      return options.uploadExpiryMs > 0 ? uploads.deleteExpired() : 0;
    },
  };
}
