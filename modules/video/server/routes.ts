import type { ServerResponse } from 'node:http';
import type { Language } from '@oblako/domain';
import { currentUser, requestLanguage, type FastifyInstance, type FastifyReply, type FastifyRequest } from '@oblako/server-kit';
import { PEER_KEY, VIDEO_API, type CallPresence, type CallTicket, type CallTicketRequest } from '../api';
import { checkCallAccess, type JoinWindowSettings } from '../join-window';
import { videoErrorMessage, type VideoErrorCode } from '../messages';
import type { CallHistory } from './call-history';
import type { CallLog } from './call-log';
import type { CallTokens } from './call-token';
import { readConsultation, zoneOf } from './consultation-reader';
import { iceServersFor } from './ice-servers';
import { jitsiToken } from './jitsi-token';
import type { PresenceRegistry } from './presence';
import { ENDED_MESSAGE, type Signalling } from './signalling';

const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', minLength: 8, maxLength: 170, pattern: '^[a-z0-9][a-z0-9-]{5,63}:[A-Za-z0-9_.-]{1,100}$' } },
} as const;
const ticketBody = {
  type: 'object',
  additionalProperties: false,
  required: ['deviceId'],
  properties: { deviceId: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } },
} as const;
const eventBody = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: { kind: { enum: ['audio_only'] } },
} as const;
const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

/** Heartbeat of the presence stream: keeps proxies from closing an idle response. */
const STREAM_HEARTBEAT_MS = 25_000;

export interface VideoRouteDeps {
  tokens: CallTokens;
  presence: PresenceRegistry;
  log: CallLog;
  history: CallHistory;
  signalling: Signalling;
  window: JoinWindowSettings;
}

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** An ApiError body with the module's own texts (times in the reader's zone where known). */
function refuse(reply: FastifyReply, language: Language, status: number, code: VideoErrorCode, extra: Record<string, unknown> = {}, zone?: string) {
  const window = typeof extra['opensAt'] === 'string' ? { opensAt: extra['opensAt'] as string, closesAt: extra['closesAt'] as string } : undefined;
  return reply.code(status).send({ code, message: videoErrorMessage(code, language, window, zone), ...extra });
}

/** The video module's HTTP API (api.ts): tickets, presence (also live), end, events, the call's log. */
export async function registerVideoRoutes(app: FastifyInstance, deps: VideoRouteDeps): Promise<{ closeStreams(): void }> {
  const signedIn = [app.authenticate];
  const streams = new Set<ServerResponse>();

  /** The consultation and the caller's part in it; answers the refusal itself otherwise. */
  async function partyOf(request: IdRequest, reply: FastifyReply) {
    const user = currentUser(request);
    const consultation = await readConsultation(app, request.params.id);
    if (!consultation) {
      await refuse(reply, requestLanguage(request), 404, 'not_found');
      return null;
    }
    const isParty = (user.role === 'patient' && consultation.patientId === user.id) || (user.role === 'doctor' && consultation.doctorId === user.id);
    return { user, consultation, isParty };
  }

  app.post<{ Params: { id: string }; Body: CallTicketRequest }>(
    '/api/video/:id/ticket',
    { preHandler: signedIn, schema: { params: idParams, body: ticketBody } },
    async (request, reply) => {
      const user = currentUser(request);
      const language = requestLanguage(request);
      const consultation = await readConsultation(app, request.params.id);
      if (!consultation) return refuse(reply, language, 404, 'not_found');
      const now = new Date();
      const access = checkCallAccess(consultation, user, now, deps.window);
      if (!access.ok) {
        const zone = access.window ? await zoneOf(app, user) : undefined;
        return refuse(reply, language, access.status, access.code, access.window ? { ...access.window } : {}, zone);
      }
      const ticket: CallTicket = {
        provider: app.config.jitsiDomain ? 'jitsi' : 'peerjs',
        consultationId: consultation.id,
        role: access.role,
        window: access.window,
        status: consultation.status as CallTicket['status'],
        ...(consultation.doctorName ? { doctorName: consultation.doctorName } : {}),
      };
      if (app.config.jitsiDomain) {
        const room = deps.tokens.room(consultation.id);
        const { jitsiAppId, jitsiAppSecret } = app.config;
        ticket.jitsi = { domain: app.config.jitsiDomain, room };
        if (jitsiAppId && jitsiAppSecret) {
          ticket.jitsi.jwt = await jitsiToken({
            appId: jitsiAppId, appSecret: jitsiAppSecret, domain: app.config.jitsiDomain, room, userId: user.id,
            displayName: user.name, role: access.role, expiresAt: new Date(access.window.closesAt), now,
          });
        }
      } else {
        const issued = await deps.tokens.issue({ userId: user.id, consultationId: consultation.id, role: access.role, deviceId: request.body.deviceId }, now);
        ticket.peer = {
          token: issued.token,
          peerId: issued.peerId,
          remotePeerId: deps.tokens.peerId(consultation.id, access.role === 'patient' ? 'doctor' : 'patient'),
          path: VIDEO_API.peerPath,
          key: PEER_KEY,
          iceServers: iceServersFor(user.id, app.config, now),
          expiresAt: issued.expiresAt.toISOString(),
        };
      }
      reply.header('cache-control', 'no-store');
      return ticket;
    },
  );

  app.get<{ Params: { id: string } }>('/api/video/:id/presence', { preHandler: signedIn, schema: { params: idParams } }, async (request, reply) => {
    const party = await partyOf(request, reply);
    if (!party) return reply;
    if (!party.isParty) return refuse(reply, requestLanguage(request), 403, 'call_not_your_consultation');
    return deps.presence.get(party.consultation.id);
  });

  // Live presence for the doctor («Мой день», the consultation page): server-sent events.
  app.get(VIDEO_API.presenceStream, { preHandler: [app.authenticate, app.requireRole('doctor')] }, async (request, reply) => {
    const doctorId = currentUser(request).id;
    const raw = reply.raw;
    reply.hijack();
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (presence: CallPresence) => raw.write(`event: presence\ndata: ${JSON.stringify(presence)}\n\n`);
    for (const presence of deps.presence.ofDoctor(doctorId)) send(presence);
    raw.write(': ready\n\n');
    const listener = (presence: CallPresence, ofDoctor: string | undefined) => {
      if (ofDoctor === doctorId) send(presence);
    };
    deps.presence.on('change', listener);
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), STREAM_HEARTBEAT_MS);
    streams.add(raw);
    raw.on('close', () => {
      clearInterval(heartbeat);
      deps.presence.off('change', listener);
      streams.delete(raw);
    });
  });

  app.post<{ Params: { id: string } }>('/api/video/:id/end', { preHandler: signedIn, schema: { params: idParams, body: emptyBody } }, async (request, reply) => {
    const party = await partyOf(request, reply);
    if (!party) return reply;
    if (!party.isParty || party.user.role !== 'doctor') return refuse(reply, requestLanguage(request), 403, 'call_not_your_consultation');
    const at = new Date();
    const summary = await deps.log.ended(party.consultation.id, at);
    // In the consultation's history before the answer: the doctor's next step («complete») builds on it.
    await deps.history.ended(party.consultation.id, at, summary.durationSeconds);
    deps.signalling.end(party.consultation.id, ENDED_MESSAGE);
    return summary;
  });

  app.post<{ Params: { id: string }; Body: { kind: 'audio_only' } }>(
    '/api/video/:id/events',
    { preHandler: signedIn, schema: { params: idParams, body: eventBody } },
    async (request, reply) => {
      const party = await partyOf(request, reply);
      if (!party) return reply;
      if (!party.isParty) return refuse(reply, requestLanguage(request), 403, 'call_not_your_consultation');
      const at = new Date();
      await deps.log.record(party.consultation.id, request.body.kind, party.user.role as 'patient' | 'doctor', at);
      deps.history.audioOnly(party.consultation.id, party.user.role as 'patient' | 'doctor', at);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { id: string } }>('/api/video/:id/log', { preHandler: signedIn, schema: { params: idParams } }, async (request, reply) => {
    const party = await partyOf(request, reply);
    if (!party) return reply;
    if (!party.isParty && party.user.role !== 'manager') return refuse(reply, requestLanguage(request), 403, 'call_not_your_consultation');
    return deps.log.summary(party.consultation.id);
  });

  return {
    closeStreams() {
      for (const stream of streams) stream.end();
    },
  };
}
