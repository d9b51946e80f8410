import { canReadPartition, reachOf, USER_ID_PATTERN, type StoredDoc, type Viewer } from '@oblako/domain';
import { currentUser, HttpError, type FastifyInstance, type onRequestAsyncHookHandler, getOrNull } from '@oblako/server-kit';
import { DOCUMENTS_API } from '../api';
import { DOCUMENT_FILES_COLLECTION } from '../index';
import { FILE_ID_PATTERN } from '../schema';
import { DOCUMENTS_DB, type FileRecords } from './file-records';
import { contentDisposition, parseRange } from './range';
import type { TransfersInFlight } from './transfers-in-flight';

/** Repeated reads of one file by one person within this window make one audit entry. */
export const AUDIT_COALESCE_SECONDS = 300;

interface FileParams {
  patientId: string;
  fileId: string;
}

/**
 * GET /api/documents/files/<patientId>/<fileId>: the verified bytes, to whoever may read the
 * patient's document metadata (the same pure rules as replication). Anything the caller may not
 * see, or that is not (or no longer) a verified file of a live document, is the same 404.
 * Staff reads are written to the audit log before the first byte goes out.
 */
export async function registerDownloads(app: FastifyInstance, { records, inFlight }: { records: FileRecords; inFlight: TransfersInFlight }): Promise<void> {
  app.get<{ Params: FileParams }>(`${DOCUMENTS_API.files}:patientId/:fileId`, {
    onRequest: app.authenticate as onRequestAsyncHookHandler,
    schema: {
      params: {
        type: 'object',
        required: ['patientId', 'fileId'],
        properties: {
          patientId: { type: 'string', pattern: USER_ID_PATTERN.source },
          fileId: { type: 'string', pattern: FILE_ID_PATTERN.source },
        },
      },
    },
  }, async (request, reply) => {
    const user = currentUser(request);
    const { patientId, fileId } = request.params;
    const notFound = new HttpError(404, 'not_found', { reason: 'No such file.' });

    const viewer: Viewer = { id: user.id, role: user.role };
    if (reachOf(DOCUMENT_FILES_COLLECTION.access.read, viewer) === 'assigned') {
      viewer.assignedPatients = new Set(await app.access.assignedPatients(user.id));
    }
    if (!canReadPartition(DOCUMENT_FILES_COLLECTION, viewer, patientId)) throw notFound;

    const record = await records.get(patientId, fileId);
    if (!record || record.status !== 'uploaded' || !record.sha256 || !record.mime) throw notFound;
    // A file is shown only as part of its document: one the patient deleted, or that no longer
    // lists the file, no longer shows it to anyone.
    const document = await getOrNull<StoredDoc>(app.store.db(DOCUMENTS_DB), record.documentId);
    const listed = Array.isArray(document?.['files']) && (document['files'] as { fileId?: unknown }[]).some((f) => f?.fileId === fileId);
    if (!listed) throw notFound;

    const key = `${patientId}/${fileId}`;
    const size = await app.blobs.size(key);
    if (size === null) {
      request.log.error({ patientId, fileId }, 'a verified file has no bytes in the blob store');
      throw notFound;
    }

    if (user.role !== 'patient') {
      await app.audit.record({
        patientId,
        action: 'file.read',
        actor: { id: user.id, role: user.role, name: user.name },
        subject: { kind: 'file', id: fileId, documentId: record.documentId, name: record.name },
        ip: request.ip,
      }, { coalesceSeconds: AUDIT_COALESCE_SECONDS });
    }

    const etag = `"${record.sha256}"`;
    // Not in the browser's HTTP cache (sign-out cannot clear it): the PWA keeps offline copies
    // in its own Cache Storage. The ETag still lets it revalidate with If-None-Match.
    reply.header('cache-control', 'private, no-store');
    reply.header('etag', etag);
    reply.header('accept-ranges', 'bytes');
    if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();

    const ifRange = request.headers['if-range'];
    const wanted = ifRange !== undefined && ifRange !== etag ? { kind: 'full' as const } : parseRange(request.headers.range, size);
    if (wanted.kind === 'unsatisfiable') {
      reply.header('content-range', `bytes */${size}`);
      throw new HttpError(416, 'range_not_satisfiable', { reason: `The file has ${size} bytes.` });
    }
    reply.header('content-type', record.mime);
    reply.header('content-disposition', contentDisposition(record.name));
    inFlight.trackDownload(reply);
    if (wanted.kind === 'partial') {
      const { start, end } = wanted.range;
      reply.code(206);
      reply.header('content-range', `bytes ${start}-${end}/${size}`);
      reply.header('content-length', String(end - start + 1));
      return reply.send(await app.blobs.read(key, wanted.range));
    }
    reply.header('content-length', String(size));
    return reply.send(await app.blobs.read(key));
  });
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const value = candidate.trim().replace(/^W\//, '');
    return value === etag || value === '*';
  });
}
