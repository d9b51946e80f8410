import { deployDesignDoc, type ModuleServerPlugin } from '@oblako/server-kit';
import { CONSULTATIONS_COLLECTION } from '../schema';
import { registerConclusion } from './conclusion/index';
import { describeDoctorsInAudit } from './audit-specialties';
import { cancelOnConsentWithdrawal } from './consent-withdrawal';
import { ConsultationService } from './consultation-service';
import { followReadiness, followReferrals } from './followers';
import { registerRoutes } from './routes';
import { consultationsDesignDoc, DB } from './store';
import { consultationsGuard } from './write-guard';

export { ConsultationService, SYSTEM, refusalError } from './consultation-service';
/** For other modules' server code that tells people about a consultation (the video call's waiting room). */
export { writeNotifications } from './effects';
/** For the video module's server code: the call's events in the consultation's history. */
export { appendConsultationCallEvents } from './call-events';

/**
 * The server side of consultations: the write guard every replicated consultation write passes
 * (state machine with the context loaded from the store), notifications and SMS for accepted
 * changes, automatic readiness from the patient's documents, consultations opened from
 * referrals, the doctors' queue and take, the manager's overview and reassignment, and the
 * consultant's conclusion PDF. See ../README.md.
 */
const consultationsServerPlugin: ModuleServerPlugin = async (app) => {
  await deployDesignDoc(app.store.db(DB.consultations), consultationsDesignDoc);
  const service = new ConsultationService(app);
  app.replicationGuards.register(CONSULTATIONS_COLLECTION, consultationsGuard(app, service));

  await registerRoutes(app, service);
  await registerConclusion(app, { consultations: service });
  cancelOnConsentWithdrawal(app, service);
  describeDoctorsInAudit(app);

  const followers = [...followReadiness(app, service), followReferrals(app, service)];
  app.addHook('onReady', async () => {
    for (const follower of followers) await follower.start();
  });
  app.addHook('preClose', async () => {
    await Promise.all(followers.map((follower) => follower.stop()));
  });
};

export default consultationsServerPlugin;
