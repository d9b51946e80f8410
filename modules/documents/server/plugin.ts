import type { ModuleServerPlugin } from '@oblako/server-kit';
import { currentUser } from '@oblako/server-kit';
import { ALLOWED_MIME_TYPES, DOCUMENTS_API, type UploadLimits } from '../api';
import { followDocumentDeletions } from './cleanup';
import { registerDeviceViews } from './device-views';
import { registerDownloads } from './downloads';
import { DOCUMENT_FILES_DB, FILE_UPLOADS_DB, FileRecords } from './file-records';
import { SerialByKey } from './serial';
import { TransfersInFlight } from './transfers-in-flight';
import { registerUploads } from './uploads';

/** How often reservations of abandoned uploads are looked for. */
const RESERVATION_SWEEP_MS = 60 * 60 * 1000;

/**
 * The server side of medical documents: the tus upload endpoint, verified downloads, upload
 * limits, and the clean-up of files of deleted documents. The metadata itself is served by the
 * core's authorised replication from the collection definitions in ../index.ts.
 */
const documentsServerPlugin: ModuleServerPlugin = async (app) => {
  const { config } = app;
  const uploadExpiryMs = config.uploadExpiryHours * 3600 * 1000;
  const records = new FileRecords(app.store.db(DOCUMENT_FILES_DB), app.store.db(FILE_UPLOADS_DB), uploadExpiryMs);
  const serial = new SerialByKey();

  // tus reads the PATCH body itself, as a stream: Fastify must leave it untouched (and so its
  // body limit does not apply; tus enforces Upload-Length and FILE_MAX_BYTES).
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

  // Cut at shutdown (uploads resume, downloads are asked for again) instead of holding it up.
  const inFlight = new TransfersInFlight();
  app.addHook('preClose', () => inFlight.close());
  await registerUploads(app, { records, serial, inFlight });
  await registerDownloads(app, { records, inFlight });
  await registerDeviceViews(app, { records });

  app.get(DOCUMENTS_API.limits, { preHandler: [app.authenticate, app.requireRole('patient')] }, async (request): Promise<UploadLimits> => {
    const files = await records.ofPatient(currentUser(request).id);
    return {
      maxFileBytes: config.fileMaxBytes,
      quotaBytes: config.patientQuotaBytes,
      usedBytes: FileRecords.usedBytes(files),
      allowedMimeTypes: ALLOWED_MIME_TYPES,
    };
  });

  const deletions = followDocumentDeletions(app, records);
  app.addHook('onReady', async () => deletions.start());
  app.addHook('preClose', async () => deletions.stop());

  const sweepReservations = async (): Promise<void> => {
    try {
      for (const expired of await records.expiredReservations()) {
        await app.blobs.discardUpload(expired.uploadId);
        await records.release(expired.patientId, expired.uploadId);
      }
    } catch (error) {
      app.log.warn({ err: error }, 'sweeping expired upload reservations failed; will retry');
    }
  };
  const timer = setInterval(() => void sweepReservations(), RESERVATION_SWEEP_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
};

export default documentsServerPlugin;
