import { createECDH } from 'node:crypto';
import { type Language } from '@oblako/domain';
import { currentUser, HttpError, readMany, requestLanguage, type FastifyInstance } from '@oblako/server-kit';
import { PUSH_API, type DeliveryEntry, type PushDevice, type SubscribeRequest } from '../api';
import { consultationCalendar } from './calendar';
import { endpointProblem } from './endpoint';
import type { JobIndex } from './job-index';
import { PUSH_DB, toDeliveryEntry, type PushJobDoc } from './jobs';
import { consultationOf, recipientOf } from './recipient';
import { deviceOf, type Subscriptions } from './subscriptions';
import type { VapidKeys } from './vapid';

const base64url = (min: number, max: number) => ({ type: 'string', minLength: min, maxLength: max, pattern: '^[A-Za-z0-9_-]+={0,2}$' }) as const;
const subscribeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['endpoint', 'keys'],
  properties: {
    endpoint: { type: 'string', minLength: 10, maxLength: 2000 },
    // RFC 8291: p256dh is an uncompressed P-256 point (65 bytes → 87 chars), auth 16 bytes (22 chars).
    keys: { type: 'object', additionalProperties: false, required: ['p256dh', 'auth'], properties: { p256dh: base64url(86, 90), auth: base64url(21, 26) } },
    deviceName: { type: 'string', maxLength: 80 },
    language: { enum: ['ru', 'en'] },
    // Also accepted as `null` (PushSubscription.toJSON() has it).
    expirationTime: { type: ['number', 'null'] },
    accountId: { type: 'string', maxLength: 64 },
  },
} as const;
const deviceParams = { type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9a-f]{32}$' } } } as const;
const accountParams = { type: 'object', additionalProperties: false, required: ['accountId'], properties: { accountId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } } } as const;
const consultationParams = { type: 'object', additionalProperties: false, required: ['consultationId'], properties: { consultationId: { type: 'string', minLength: 8, maxLength: 170, pattern: '^[a-z0-9][a-z0-9-]{5,63}:[A-Za-z0-9_.-]{1,100}$' } } } as const;
const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;
const deliveriesQuery = { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } } } as const;

export interface PushRoutesContext {
  vapid: VapidKeys | null;
  subscriptions: Subscriptions;
  index: JobIndex;
}

/** The HTTP side of web push (api.ts), every input checked by its schema. */
export async function registerPushRoutes(app: FastifyInstance, context: PushRoutesContext): Promise<void> {
  const { vapid, subscriptions } = context;
  const signedIn = [app.authenticate];
  const requirePush = () => {
    if (!vapid) throw new HttpError(503, 'push_not_configured');
  };

  app.get(PUSH_API.vapidKey, { preHandler: signedIn, schema: { querystring: noQuery } }, async () => {
    requirePush();
    return { publicKey: vapid!.publicKey };
  });

  app.get(PUSH_API.subscriptions, { preHandler: signedIn, schema: { querystring: noQuery } }, async (request): Promise<PushDevice[]> => {
    const user = currentUser(request);
    return (await subscriptions.list(user.id)).map(deviceOf).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  });

  app.post<{ Body: SubscribeRequest & { expirationTime?: number | null } }>(
    PUSH_API.subscriptions,
    { preHandler: signedIn, schema: { body: subscribeBody } },
    async (request, reply): Promise<PushDevice> => {
      requirePush();
      const user = currentUser(request);
      if (request.body.accountId !== undefined && request.body.accountId !== user.id) throw new HttpError(403, 'push_foreign_account', { field: 'accountId' });
      const problem = endpointProblem(request.body.endpoint, app.config.pushAllowPrivateEndpoints);
      if (problem) throw new HttpError(400, problem, { field: 'endpoint' });
      if (!isP256Point(request.body.keys.p256dh) || Buffer.from(request.body.keys.auth, 'base64url').length !== 16) {
        throw new HttpError(400, 'push_keys_invalid', { field: 'keys' });
      }
      const { expirationTime: _ignored, accountId: _account, ...subscription } = request.body;
      const device = await subscriptions.subscribe(user.id, subscription);
      reply.code(201);
      return device;
    },
  );

  app.delete<{ Params: { id: string } }>(PUSH_API.subscription, { preHandler: signedIn, schema: { params: deviceParams } }, async (request, reply) => {
    const user = currentUser(request);
    // Only the caller's own devices are reachable: another account's id is simply not found.
    if (!(await subscriptions.remove(user.id, request.params.id))) throw new HttpError(404, 'push_device_not_found');
    reply.code(204);
  });

  // The manager's delivery log of one person: newest first.
  app.get<{ Params: { accountId: string }; Querystring: { limit: number } }>(
    PUSH_API.deliveries,
    { preHandler: [app.authenticate, app.requireRole('manager')], schema: { params: accountParams, querystring: deliveriesQuery } },
    async (request): Promise<DeliveryEntry[]> => {
      const user = currentUser(request);
      await context.index.ready();
      const jobs = await readMany<PushJobDoc>(app.store.db(PUSH_DB.jobs), context.index.idsOfAccount(request.params.accountId));
      const entries = [...jobs.values()].map(toDeliveryEntry).sort((a, b) => (a.dueAt < b.dueAt ? 1 : a.dueAt > b.dueAt ? -1 : 0)).slice(0, request.query.limit);
      const account = await app.accounts.get(request.params.accountId);
      if (account?.role === 'patient') {
        await app.audit.record(
          { patientId: account.id, action: 'deliveries.read', actor: { id: user.id, role: user.role, name: user.name }, subject: { kind: 'deliveries', id: account.id }, ip: request.ip },
          { coalesceSeconds: 3600 },
        );
      }
      return entries;
    },
  );

  // «Добавить в календарь»: the patient's own, the doctor's own, any for a manager.
  app.get<{ Params: { consultationId: string } }>(
    PUSH_API.calendar,
    { preHandler: signedIn, schema: { params: consultationParams, querystring: noQuery } },
    async (request, reply) => {
      const user = currentUser(request);
      const consultation = await consultationOf(app, request.params.consultationId);
      const mayRead = consultation && (user.role === 'manager' || consultation.patientId === user.id || (user.role === 'doctor' && consultation.doctorId === user.id));
      if (!consultation || !mayRead) throw new HttpError(404, 'not_found');
      if (!consultation.slot || !['scheduled', 'in_progress'].includes(consultation.status)) throw new HttpError(409, 'calendar_no_time');
      const recipient = await recipientOf(app, user.id);
      const language: Language = requestLanguage(request);
      const body = consultationCalendar(consultation, recipient?.timeZone ?? 'Europe/Moscow', language, app.config.publicUrl);
      reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="consultation.ics"')
        .header('cache-control', 'no-store');
      return body;
    },
  );
}

/** The device's key must be a point on P-256, or no message to it could ever be encrypted. */
function isP256Point(base64url: string): boolean {
  const point = Buffer.from(base64url, 'base64url');
  if (point.length !== 65 || point[0] !== 0x04) return false;
  try {
    const probe = createECDH('prime256v1');
    probe.generateKeys();
    probe.computeSecret(new Uint8Array(point));
    return true;
  } catch {
    return false;
  }
}
