import fp from 'fastify-plugin';
import { AUDIT_API, AUDIT_ACTIONS, type RecordViewsPage } from '@oblako/domain';
import { currentUser } from '../auth/index';
import { createAuditLog, MAX_PAGE, type AuditLog } from './audit-log';

export type { AuditLog, AuditEntryInput, RecordOptions } from './audit-log';
export { createAuditLog } from './audit-log';

declare module 'fastify' {
  interface FastifyInstance {
    /** Who read which part of a patient's record, when (152-FZ). */
    audit: AuditLog;
  }
}

export const AUDIT_DB = 'audit';

const pageSchema = {
  type: 'object',
  required: ['entries'],
  properties: {
    entries: {
      type: 'array',
      items: {
        type: 'object',
        required: ['at', 'action', 'actor', 'subject'],
        properties: {
          at: { type: 'string' },
          action: { type: 'string', enum: [...AUDIT_ACTIONS] },
          actor: { type: 'object', required: ['id', 'role', 'name'], properties: { id: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } } },
          subject: {
            type: 'object',
            required: ['kind', 'id'],
            properties: { kind: { type: 'string' }, id: { type: 'string' }, documentId: { type: 'string' }, name: { type: 'string' } },
          },
        },
      },
    },
    next: { type: 'string' },
  },
} as const;

/**
 * The audit log: `app.audit.record(...)` for every feature that lets staff read a patient's data,
 * and the patient's own view of it (who viewed my records). The response schema is also a filter:
 * the client address recorded for investigations never reaches the patient.
 */
export default fp(
  async (app) => {
    const audit = createAuditLog(app.store.db(AUDIT_DB));
    app.decorate('audit', audit);

    app.get<{ Querystring: { limit?: number; before?: string } }>(AUDIT_API.myRecordViews, {
      preHandler: [app.authenticate, app.requireRole('patient')],
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE }, before: { type: 'string', maxLength: 400 } },
        },
        response: { 200: pageSchema },
      },
    }, async (request, reply): Promise<RecordViewsPage> => {
      reply.header('cache-control', 'private, no-store');
      return audit.viewsOf(currentUser(request).id, request.query);
    });
  },
  { name: 'audit', dependencies: ['store', 'auth', 'errors'] },
);
