import fp from 'fastify-plugin';
import type { Config } from '../../config/index';
import { createDiskBlobStore } from './disk-store';
import { createS3BlobStore } from './s3-store';
import type { BlobStore } from './types';

export type { BlobStore, ByteRange } from './types';
export { BLOB_KEY_PATTERN, UPLOAD_ID_PATTERN } from './types';
export { createDiskBlobStore, type DiskBlobStoreOptions } from './disk-store';
export { createS3BlobStore, type S3BlobStoreOptions } from './s3-store';

declare module 'fastify' {
  interface FastifyInstance {
    /** Bytes of medical files: uploads in progress and verified files (never through replication). */
    blobs: BlobStore;
  }
}

/** How often unfinished uploads past their expiry are looked for. */
const EXPIRY_SWEEP_MS = 60 * 60 * 1000;

/**
 * The file byte store: the local disk under BLOB_DIR by default, an S3-compatible bucket with
 * BLOB_STORE=s3 (see sync-server/README.md). Uploads in progress keep their bytes and metadata
 * in the store, so they resume after a restart; expired ones are swept hourly.
 */
export default fp(
  async (app) => {
    const { config } = app;
    const blobs = await openBlobStore(config);
    app.decorate('blobs', blobs);
    app.log.info({ kind: blobs.kind }, 'blob store ready');

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

async function openBlobStore(config: Config): Promise<BlobStore> {
  const uploadExpiryMs = config.uploadExpiryHours * 3600 * 1000;
  if (config.blobStore === 's3') {
    return createS3BlobStore({
      bucket: config.s3Bucket!,
      region: config.s3Region,
      endpoint: config.s3Endpoint,
      accessKeyId: config.s3AccessKeyId,
      secretAccessKey: config.s3SecretAccessKey,
      forcePathStyle: config.s3ForcePathStyle,
      uploadExpiryMs,
    });
  }
  return createDiskBlobStore({ directory: config.blobDir, uploadExpiryMs });
}
