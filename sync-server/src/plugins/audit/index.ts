import fp from 'fastify-plugin';
import { AUDIT_API, AUDIT_ACTIONS, type RecordViewsPage } from '@oblako/domain';
import { currentUser } from '../auth/index';
import { createAuditLog, MAX_PAGE, type AuditLog } from './audit-log';

export type { AuditLog, AuditEntryInput, RecordOptions } from './audit-log';
export { createAuditLog } from './audit-log';

/** Staff details a feature knows (consultations: a doctor's specialties), by account id. */
export type ActorDetails = (actorIds: readonly string[]) => Promise<ReadonlyMap<string, { specialties?: string[] }>>;

export interface AuditActorDetails {
  /** The patient's list names a doctor with their specialty: a module that knows it provides it. */
  describeActors(provider: ActorDetails): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Who read which part of a patient's record, when (152-FZ). */
    audit: AuditLog & AuditActorDetails;
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
          actor: {
            type: 'object',
            required: ['id', 'role', 'name'],
            properties: { id: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, specialties: { type: 'array', items: { type: 'string' } } },
          },
          subject: {
            type: 'object',
            required: ['kind', 'id'],
            properties: {
              kind: { type: 'string' }, id: { type: 'string' }, documentId: { type: 'string' }, name: { type: 'string' },
              documentType: { type: 'string' }, offline: { type: 'boolean' },
            },
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
    const describers: ActorDetails[] = [];
    app.decorate('audit', Object.assign(audit, {
      describeActors(provider: ActorDetails) {
        describers.push(provider);
      },
    }));

    /** Adds what features know of the staff named (a doctor's specialties are shown, not stored per entry). */
    const described = async (page: RecordViewsPage): Promise<RecordViewsPage> => {
      const ids = [...new Set(page.entries.map((entry) => entry.actor.id))];
      if (ids.length === 0 || describers.length === 0) return page;
      // The list is worth more than the detail: a provider that fails only costs the specialty.
      const details = await Promise.all(describers.map((describe) => describe(ids).catch((error: unknown) => {
        app.log.warn({ err: error }, 'describing the staff of the audit list failed');
        return new Map<string, { specialties?: string[] }>();
      })));
      const entries = page.entries.map((entry) => {
        const specialties = details.flatMap((map) => map.get(entry.actor.id)?.specialties ?? []);
        return specialties.length > 0 ? { ...entry, actor: { ...entry.actor, specialties } } : entry;
      });
      return { ...page, entries };
    };

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
      return described(await audit.viewsOf(currentUser(request).id, request.query));
    });
  },
  { name: 'audit', dependencies: ['store', 'auth', 'errors'] },
);
