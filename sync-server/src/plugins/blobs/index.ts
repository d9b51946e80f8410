import fp from 'fastify-plugin';
import { createDiskBlobStore } from './disk-store';
import type { BlobStore } from './types';

export type { BlobStore, ByteRange } from './types';
export { BLOB_KEY_PATTERN, UPLOAD_ID_PATTERN } from './types';
export { createDiskBlobStore, type DiskBlobStoreOptions } from './disk-store';

declare module 'fastify' {
  interface FastifyInstance {
    /** Bytes of medical files: uploads in progress and verified files (never through replication). */
    blobs: BlobStore;
  }
}

/** How often unfinished uploads past their expiry are looked for. */
const EXPIRY_SWEEP_MS = 60 * 60 * 1000;

/**
 * The file byte store: the local disk under BLOB_DIR. Uploads in progress keep their bytes and
 * metadata on disk, so they resume after a restart; expired ones are swept hourly. (An S3
 * bucket through @tus/s3-store is the scale-out path: see sync-server/README.md.)
 */
export default fp(
  async (app) => {
    const { config } = app;
    const blobs = await createDiskBlobStore({ directory: config.blobDir, uploadExpiryMs: config.uploadExpiryHours * 3600 * 1000 });
    app.decorate('blobs', blobs);

    const sweep = async (): Promise<void> => {
      try {
        const removed = await blobs.deleteExpiredUploads();
        if (removed > 0) app.log.info({ removed }, 'expired unfinished uploads deleted');
      } catch (error) {
        app.log.warn({ err: error }, 'deleting expired uploads failed; will retry');
      }
    };
    const timer = setInterval(() => void sweep(), EXPIRY_SWEEP_MS);
    timer.unref();
    app.addHook('onReady', async () => void sweep());
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'blobs', dependencies: ['config'] },
);
