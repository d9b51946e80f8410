import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Server } from '@tus/server';
import type { Upload } from '@tus/utils';
import { apiError, type ApiError, type Language } from '@oblako/domain';
import {
  currentUser,
  HttpError,
  preferredLanguage,
  requestLanguage,
  UPLOAD_ID_PATTERN,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type onRequestAsyncHookHandler,
} from '@oblako/server-kit';
import { DOCUMENTS_API, type UploadMetadata } from '../api';
import type { FileRejectionReason } from '../schema';
import { readUploadRequest } from './creation';
import { DOCUMENTS_DB, FileRecords } from './file-records';
import { HEAD_BYTES, inspect, inspectHead } from './inspect';
import { RunningHashes } from './running-hash';
import type { SerialByKey } from './serial';
import type { TransfersInFlight } from './transfers-in-flight';

/** What the creation route decided, handed to tus through the raw request. */
interface Creation {
  uploadId: string;
  patientId: string;
}
const CREATION = Symbol('oblako.documents.creation');
type RawWithCreation = IncomingMessage & { [CREATION]?: Creation };

/** The metadata tus keeps with an upload: the client's keys plus the owner, set by the server. */
type StoredMetadata = UploadMetadata & { patientId: string };

/** An error body we made ourselves (tus passes it through untouched). */
interface OwnError {
  status_code: number;
  body: string;
  own: true;
}

/** tus's own failures, answered with our ApiError codes. */
const CODE_BY_TUS_STATUS: Record<number, string> = {
  400: 'validation',
  403: 'forbidden',
  404: 'upload_not_found',
  409: 'upload_offset_mismatch',
  410: 'upload_expired',
  412: 'validation',
  413: 'file_too_large',
  415: 'unsupported_media_type',
};

export interface UploadDeps {
  records: FileRecords;
  serial: SerialByKey;
  inFlight: TransfersInFlight;
}

/**
 * The tus endpoint inside Fastify. Fastify authenticates every request (onRequest, before any
 * byte of the body is read), checks the role, the consent and — for an existing upload — that it
 * is the caller's; then the request is handed, unread, to @tus/server. Creation checks the
 * metadata, the limits and the quota before tus creates anything; the last PATCH runs finish():
 * the bytes are verified and the verdict is written to `document_files`.
 */
export async function registerUploads(app: FastifyInstance, { records, serial, inFlight }: UploadDeps): Promise<void> {
  const { blobs, config } = app;
  const hashes = new RunningHashes(config.uploadExpiryHours * 3600 * 1000);

  const tus = new Server({
    path: DOCUMENTS_API.uploads.replace(/\/$/, ''),
    datastore: inFlight.wrap(hashes.wrap(blobs.uploads)),
    relativeLocation: true,
    maxSize: config.fileMaxBytes,
    // Same origin only: no CORS headers at all (tus would send `*` by default).
    allowedOrigins: () => false,
    namingFunction: (req) => creationOf(req).uploadId,
    onUploadCreate: async (req, upload) => ({ metadata: { ...upload.metadata, patientId: creationOf(req).patientId } }),
    onUploadFinish: async (req, upload) => finish(upload, preferredLanguage(req.headers.get('accept-language') ?? undefined)),
    onResponseError: (req, error) => {
      if ((error as Partial<OwnError>).own) return undefined;
      const status = 'status_code' in error && typeof error.status_code === 'number' ? error.status_code : 500;
      if (status >= 500) app.log.error({ err: error }, 'upload request failed');
      const language = preferredLanguage(req.headers.get('accept-language') ?? undefined);
      return { status_code: status, body: JSON.stringify(apiError(CODE_BY_TUS_STATUS[status] ?? 'internal', language)) };
    },
  });

  function creationOf(req: { runtime?: { node?: { req: unknown } } }): Creation {
    const creation = (req.runtime?.node?.req as RawWithCreation | undefined)?.[CREATION];
    // Only the creation route below reaches tus with a POST; anything else is a bug, not a client error.
    if (!creation) throw new Error('An upload was created without the checks of the creation route');
    return creation;
  }

  async function finish(upload: Upload, language: Language): Promise<Record<string, never>> {
    const meta = upload.metadata as StoredMetadata;
    const { patientId, documentId, fileId, name } = meta;
    return serial.run(patientId, async () => {
      const document = await app.store.db(DOCUMENTS_DB).get(documentId).catch((error: { status?: number; reason?: string }) => {
        if (error.status === 404) return error.reason === 'deleted' ? 'deleted' : null;
        throw error;
      });
      const current = await records.get(patientId, fileId);
      if (document === 'deleted' || current?.status === 'uploaded') {
        // The document went away while its file was travelling, or another upload of this very
        // file was verified first: nothing to keep, nothing to report.
        hashes.forget(upload.id);
        await blobs.discardUpload(upload.id);
        await records.release(patientId, upload.id);
        return {};
      }

      const size = upload.size ?? upload.offset;
      const known = hashes.take(upload.id, size);
      const found = known
        ? await inspectHead(await blobs.readUpload(upload.id, { start: 0, end: Math.min(HEAD_BYTES, size) - 1 }), known, size)
        : await inspect(await blobs.readUpload(upload.id));
      const base = { patientId, documentId, fileId, name, size: found.size };
      let reason: FileRejectionReason | null = null;
      let duplicateOf: string | undefined;
      if (found.sha256 !== meta.sha256) reason = 'file_checksum_mismatch';
      else if (found.mime === null) reason = 'file_type_not_allowed';
      else {
        const { records: all } = await records.ofPatient(patientId);
        duplicateOf = all.find((r) => r.status === 'uploaded' && r.sha256 === found.sha256 && r.fileId !== fileId)?.fileId;
        if (duplicateOf) reason = 'file_duplicate';
      }

      if (reason) {
        await blobs.discardUpload(upload.id);
        await records.reject({ ...base, reason, ...(duplicateOf ? { duplicateOf } : {}) });
        await records.release(patientId, upload.id);
        app.log.info({ patientId, fileId, reason, detected: found.detected }, 'uploaded file rejected');
        const body: ApiError & { duplicateOf?: string } = { ...apiError(reason, language), ...(duplicateOf ? { duplicateOf } : {}) };
        const refusal: OwnError = { status_code: 422, body: JSON.stringify(body), own: true };
        throw refusal;
      }
      // Whole or nothing: the key appears complete, then the record says it may be served.
      await blobs.promote(upload.id, `${patientId}/${fileId}`);
      await records.accept({ ...base, mime: found.mime!, sha256: found.sha256 });
      await records.release(patientId, upload.id);
      app.log.info({ patientId, fileId, size: found.size, mime: found.mime }, 'uploaded file verified');
      return {};
    });
  }

  async function handOver(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    reply.hijack();
    const handling = tus.handle(request.raw, reply.raw).catch((error: unknown) => {
      request.log.error({ err: error }, 'upload handling failed');
      if (reply.raw.headersSent) reply.raw.destroy();
      else reply.raw.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify(apiError('internal', requestLanguage(request))));
    });
    await inFlight.track(request, reply, handling);
  }

  // Authentication on onRequest: before Fastify (or tus) reads a byte of the body.
  const authenticated = { onRequest: app.authenticate as onRequestAsyncHookHandler, preHandler: app.requireRole('patient') };

  app.post(DOCUMENTS_API.uploads, authenticated, async (request, reply) => {
    const user = currentUser(request);
    if (!(await app.consent.hasAccepted(user.id))) throw new HttpError(403, 'consent_required', { reason: 'Consent is required before uploading.' });
    const wanted = readUploadRequest(request.headers, user.id, { maxFileBytes: config.fileMaxBytes });
    const uploadId = randomBytes(16).toString('hex');

    await serial.run(user.id, async () => {
      const files = await records.ofPatient(user.id);
      if (files.records.some((r) => r.fileId === wanted.fileId && r.status === 'uploaded')) {
        throw new HttpError(409, 'file_already_uploaded', { field: 'fileId', reason: 'This file is already uploaded.' });
      }
      if (files.records.some((r) => r.status === 'uploaded' && r.sha256 === wanted.sha256)) {
        throw new HttpError(409, 'file_duplicate', { field: 'sha256', reason: 'The same file is already uploaded.' });
      }
      // One upload per file at a time: a new one (the device lost the old upload's URL) replaces it.
      const superseded = files.reservations.filter((r) => r.fileId === wanted.fileId);
      for (const old of superseded) {
        await blobs.discardUpload(old.uploadId);
        await records.release(user.id, old.uploadId);
      }
      const used = FileRecords.usedBytes({ ...files, reservations: files.reservations.filter((r) => !superseded.includes(r)) });
      if (used + wanted.size > config.patientQuotaBytes) {
        throw new HttpError(413, 'quota_exceeded', { field: 'Upload-Length', reason: `The patient's files would exceed ${config.patientQuotaBytes} bytes.` });
      }
      await records.reserve({
        patientId: user.id,
        uploadId,
        documentId: wanted.documentId,
        fileId: wanted.fileId,
        size: wanted.size,
        createdAt: new Date().toISOString(),
      });
    });

    (request.raw as RawWithCreation)[CREATION] = { uploadId, patientId: user.id };
    await handOver(request, reply);
    if (reply.raw.statusCode !== 201) await records.release(user.id, uploadId).catch(() => undefined);
    return reply;
  });

  app.route<{ Params: { uploadId: string } }>({
    method: ['HEAD', 'PATCH', 'DELETE'],
    url: `${DOCUMENTS_API.uploads}:uploadId`,
    ...authenticated,
    handler: async (request, reply) => {
      const user = currentUser(request);
      const { uploadId } = request.params;
      const upload = await ownUpload(uploadId, user.id);
      if (request.method === 'HEAD' && upload.size !== undefined && upload.offset === upload.size) {
        return finishOnResume(request, reply, upload);
      }
      await handOver(request, reply);
      if (request.method === 'DELETE' && reply.raw.statusCode === 204) {
        hashes.forget(uploadId);
        await records.release(user.id, uploadId).catch(() => undefined);
      }
      return reply;
    },
  });

  /**
   * Every byte arrived but no verdict was written (the server stopped, or the store failed, during
   * the finish): the device asks where to resume, so the finish runs now. It then learns the
   * outcome as if its last PATCH had been answered: complete (200, offset = length) or refused (422).
   */
  async function finishOnResume(request: FastifyRequest, reply: FastifyReply, upload: Upload): Promise<FastifyReply> {
    reply.header('tus-resumable', '1.0.0').header('cache-control', 'no-store');
    try {
      await finish(upload, requestLanguage(request));
    } catch (error) {
      if (!(error as Partial<OwnError>).own) throw error;
      return reply.code(422).type('application/json').send((error as OwnError).body);
    }
    return reply.code(200).header('upload-offset', String(upload.size)).header('upload-length', String(upload.size)).send();
  }

  /** Someone else's upload answers exactly like a missing one. */
  async function ownUpload(uploadId: string, userId: string): Promise<Upload> {
    const missing = new HttpError(404, 'upload_not_found', { reason: 'No such upload.' });
    if (!UPLOAD_ID_PATTERN.test(uploadId)) throw missing;
    let upload: Upload;
    try {
      upload = await blobs.uploads.getUpload(uploadId);
    } catch (error) {
      if ((error as { status_code?: number }).status_code === 410) throw new HttpError(410, 'upload_expired', { reason: 'The upload expired.' });
      if ((error as { status_code?: number }).status_code === 404) throw missing;
      throw error;
    }
    if (upload.metadata?.['patientId'] !== userId) throw missing;
    return upload;
  }

}
