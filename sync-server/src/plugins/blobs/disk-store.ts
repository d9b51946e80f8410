import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { assertBlobKey, UPLOAD_ID_PATTERN, type BlobStore, type ByteRange } from './types';

export interface DiskBlobStoreOptions {
  /** Root directory: `uploads/` (tus, in progress) and `files/` (stored) below it, same file system. */
  directory: string;
  /** Uploads in progress older than this are removed (0 = never). */
  uploadExpiryMs: number;
}

/**
 * Files on the local disk: tus writes into `uploads/<id>` (+ `<id>.json` with its metadata, so
 * an upload survives a server restart), and a verified upload is renamed to `files/<owner>/<file>`.
 * Both directories are on one file system, so the rename is atomic: a reader sees the whole
 * file or none.
 */
export async function createDiskBlobStore(options: DiskBlobStoreOptions): Promise<BlobStore> {
  const uploadsDir = join(options.directory, 'uploads');
  const filesDir = join(options.directory, 'files');
  await mkdir(uploadsDir, { recursive: true, mode: 0o700 });
  await mkdir(filesDir, { recursive: true, mode: 0o700 });
  const uploads = new FileStore({ directory: uploadsDir, expirationPeriodInMilliseconds: options.uploadExpiryMs });

  const uploadPath = (uploadId: string): string => {
    if (!UPLOAD_ID_PATTERN.test(uploadId)) throw new Error(`Invalid upload id "${uploadId}"`);
    return join(uploadsDir, uploadId);
  };
  const filePath = (key: string): string => {
    assertBlobKey(key);
    return join(filesDir, ...key.split('/'));
  };

  return {
    kind: 'disk',
    uploads,
    async readUpload(uploadId, range) {
      return createReadStream(uploadPath(uploadId), range ? { start: range.start, end: range.end } : {});
    },
    async promote(uploadId, key) {
      const target = filePath(key);
      await mkdir(join(target, '..'), { recursive: true, mode: 0o700 });
      await rename(uploadPath(uploadId), target);
      await uploads.configstore.delete(uploadId);
    },
    async discardUpload(uploadId) {
      await rm(uploadPath(uploadId), { force: true });
      await uploads.configstore.delete(uploadId).catch(() => undefined);
    },
    async size(key) {
      try {
        const info = await stat(filePath(key));
        return info.isFile() ? info.size : null;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async read(key: string, range?: ByteRange): Promise<Readable> {
      const path = filePath(key);
      // Open before answering, so a file deleted meanwhile fails here and not mid-response.
      const stream = createReadStream(path, range ? { start: range.start, end: range.end } : {});
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', reject);
      });
      return stream;
    },
    async delete(key) {
      try {
        await unlink(filePath(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    },
    async deleteExpiredUploads() {
      if (options.uploadExpiryMs <= 0) return 0;
      return uploads.deleteExpired();
    },
  };
}
