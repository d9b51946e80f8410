import type { ModuleServerPlugin } from '@oblako/server-kit';
import { VIDEO_API } from '../api';
import { checkCallAccess } from '../join-window';
import { appendConsultationCallEvents } from '../../consultations/server/plugin';
import { CallHistory } from './call-history';
import { CallLog } from './call-log';
import { CallTokens } from './call-token';
import { readConsultation } from './consultation-reader';
import { PresenceRegistry } from './presence';
import { registerVideoRoutes } from './routes';
import { attachSignalling } from './signalling';
import { notifyPatientWaiting } from './waiting-notice';

/**
 * The server side of the video consultation: call tickets (join rules, call tokens, ICE servers
 * with TURN REST credentials, or a Jitsi room and JWT), the PeerJS signalling server on our own
 * HTTP server under those tokens, live presence for the doctor, the call's log. See ../README.md.
 */
const videoServerPlugin: ModuleServerPlugin = async (app) => {
  const window = { beforeMinutes: app.config.videoJoinBeforeMinutes, afterMinutes: app.config.videoJoinAfterMinutes };
  const tokens = new CallTokens(app.config.jwtSecret, app.config.videoTokenTtlSeconds);
  const presence = new PresenceRegistry();
  const log = new CallLog(app);
  const parties = new Map<string, { patientId: string; doctorId?: string }>();

  const logFailure = (what: string) => (error: unknown) => app.log.error({ err: error }, what);
  // The call's events in the consultation's history, through the consultations module's hook.
  const history = new CallHistory((id, events) => appendConsultationCallEvents(app, id, events), logFailure('recording call events in the history failed'));
  const signalling = attachSignalling(app, {
    path: VIDEO_API.peerPath,
    tokens,
    async authorize(claims) {
      const consultation = await readConsultation(app, claims.consultationId);
      if (!consultation) return false;
      const access = checkCallAccess(consultation, { id: claims.userId, role: claims.role }, new Date(), window);
      if (access.ok) parties.set(consultation.id, { patientId: consultation.patientId, ...(consultation.doctorId ? { doctorId: consultation.doctorId } : {}) });
      return access.ok;
    },
    onConnected(claims, replaced) {
      const at = new Date();
      presence.connected(claims.consultationId, claims.role, parties.get(claims.consultationId) ?? { patientId: '' }, at);
      history.joined(claims.consultationId, claims.role, at);
      if (replaced) void log.record(claims.consultationId, 'replaced', claims.role, at, replaced.deviceId).catch(logFailure('recording a device takeover failed'));
      void log.joined(claims.consultationId, claims.role, claims.deviceId, at)
        .then(async (kind) => {
          // A new arrival of the patient while the doctor is not there: the doctor is told.
          if (claims.role === 'patient' && kind === 'joined' && presence.get(claims.consultationId).patient === 'waiting') {
            await notifyPatientWaiting(app, claims.consultationId);
          }
        })
        .catch(logFailure('recording a join failed'));
    },
    onDisconnected(claims) {
      const at = new Date();
      presence.disconnected(claims.consultationId, claims.role);
      history.left(claims.consultationId, claims.role, at);
      void log.record(claims.consultationId, 'left', claims.role, at, claims.deviceId).catch(logFailure('recording a leave failed'));
    },
  });

  const routes = await registerVideoRoutes(app, { tokens, presence, log, history, signalling, window });
  app.addHook('preClose', async () => {
    routes.closeStreams();
    signalling.close();
    await history.close();
  });
};

export default videoServerPlugin;
