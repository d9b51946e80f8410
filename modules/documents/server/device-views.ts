import {
  AUDIT_API, DEVICE_VIEW_CLOCK_SKEW_MS, DEVICE_VIEW_MAX_AGE_MS, USER_ID_PATTERN, type DeviceView,
} from '@oblako/domain';
import { currentUser, HttpError, type FastifyInstance, type onRequestAsyncHookHandler } from '@oblako/server-kit';
import { FILE_ID_PATTERN } from '../schema';
import { AUDIT_COALESCE_SECONDS } from './downloads';
import type { FileRecords } from './file-records';
import { readableFile } from './readable-file';

const deviceViewSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['patientId', 'fileId', 'viewedAt'],
  properties: {
    patientId: { type: 'string', pattern: USER_ID_PATTERN.source },
    fileId: { type: 'string', pattern: FILE_ID_PATTERN.source },
    viewedAt: { type: 'string', format: 'date-time', maxLength: 40 },
  },
} as const;

/**
 * POST AUDIT_API.deviceViews: a doctor (or manager) opened a patient's file from the device's
 * offline copy; the device reports it when it is online. The actor is the signed-in user (the
 * body names no one); the file must be one they may read now (else 403, nothing recorded); the
 * time is the device's, kept as «viewed at» when it is not in the future and not older than
 * 30 days. Reporting the same view again (a lost answer) makes no second entry: it coalesces
 * with the read it repeats, like repeated downloads. A patient's own views are not recorded.
 */
export async function registerDeviceViews(app: FastifyInstance, { records }: { records: FileRecords }): Promise<void> {
  app.post<{ Body: DeviceView }>(AUDIT_API.deviceViews, {
    onRequest: app.authenticate as onRequestAsyncHookHandler,
    schema: { body: deviceViewSchema },
  }, async (request, reply) => {
    const user = currentUser(request);
    const { patientId, fileId, viewedAt } = request.body;
    const at = Date.parse(viewedAt);
    const now = Date.now();
    if (at > now + DEVICE_VIEW_CLOCK_SKEW_MS) throw new HttpError(400, 'device_view_in_future', { field: 'viewedAt' });
    if (at < now - DEVICE_VIEW_MAX_AGE_MS) throw new HttpError(400, 'device_view_too_old', { field: 'viewedAt' });

    const readable = await readableFile(app, records, user, patientId, fileId);
    // Not one of the caller's files to read: the same answer whether it exists or not.
    if (!readable) throw new HttpError(403, 'forbidden', { field: 'fileId' });
    if (user.role !== 'patient') {
      const { record, document } = readable;
      await app.audit.record({
        patientId,
        action: 'file.read',
        actor: { id: user.id, role: user.role, name: user.name },
        subject: {
          kind: 'file', id: fileId, documentId: record.documentId, name: record.name, offline: true,
          ...(typeof document['type'] === 'string' ? { documentType: document['type'] } : {}),
        },
        ip: request.ip,
      }, { coalesceSeconds: AUDIT_COALESCE_SECONDS, at: new Date(Math.min(at, now)) });
    }
    return reply.code(204).send();
  });
}
