import { OFFLINE_COPY_PURPOSE, USER_ID_PATTERN } from '@oblako/domain';
import { currentUser, HttpError, type FastifyInstance, type onRequestAsyncHookHandler } from '@oblako/server-kit';
import { DOCUMENTS_API } from '../api';
import { FILE_ID_PATTERN } from '../schema';
import type { FileRecords } from './file-records';
import { contentDisposition, parseRange } from './range';
import { readableFile } from './readable-file';
import type { TransfersInFlight } from './transfers-in-flight';

/** Repeated reads of one file by one person within this window make one audit entry. */
export const AUDIT_COALESCE_SECONDS = 300;

interface FileParams {
  patientId: string;
  fileId: string;
}

interface FileQuery {
  /** `offline-copy`: the doctor's device saving the file for offline use, recorded as `file.cached`, not a read. */
  purpose?: typeof OFFLINE_COPY_PURPOSE.value;
}

/**
 * GET /api/documents/files/<patientId>/<fileId>: the verified bytes, to whoever may read the
 * patient's document metadata (the same pure rules as replication). Anything the caller may not
 * see, or that is not (or no longer) a verified file of a live document, is the same 404.
 * Staff reads are written to the audit log before the first byte goes out; a download for the
 * device's offline copy (`?purpose=offline-copy`) is written as `file.cached`: nobody looked at it
 * (the device reports a view of that copy later, see device-views.ts).
 */
export async function registerDownloads(app: FastifyInstance, { records, inFlight }: { records: FileRecords; inFlight: TransfersInFlight }): Promise<void> {
  app.get<{ Params: FileParams; Querystring: FileQuery }>(`${DOCUMENTS_API.files}:patientId/:fileId`, {
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
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { [OFFLINE_COPY_PURPOSE.param]: { type: 'string', enum: [OFFLINE_COPY_PURPOSE.value] } },
      },
    },
  }, async (request, reply) => {
    const user = currentUser(request);
    const { patientId, fileId } = request.params;
    const notFound = new HttpError(404, 'not_found', { reason: 'No such file.' });
    const readable = await readableFile(app, records, user, patientId, fileId);
    if (!readable) throw notFound;
    const { record, document } = readable;

    const key = `${patientId}/${fileId}`;
    const size = await app.blobs.size(key);
    if (size === null) {
      request.log.error({ patientId, fileId }, 'a verified file has no bytes in the blob store');
      throw notFound;
    }

    if (user.role !== 'patient') {
      const cached = request.query[OFFLINE_COPY_PURPOSE.param] === OFFLINE_COPY_PURPOSE.value;
      await app.audit.record({
        patientId,
        action: cached ? 'file.cached' : 'file.read',
        actor: { id: user.id, role: user.role, name: user.name },
        subject: { kind: 'file', id: fileId, documentId: record.documentId, name: record.name, ...(typeof document['type'] === 'string' ? { documentType: document['type'] } : {}) },
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
