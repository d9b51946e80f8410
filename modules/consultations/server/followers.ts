import { createHash } from 'node:crypto';
import { DOC_ID_PATTERN, docId, partitionOf, type StoredDoc } from '@oblako/domain';
import type { FastifyInstance } from '@oblako/server-kit';
import { CONSULTATION_LOCAL_PREFIX } from '../schema';
import { specialtyOf } from '../specialties';
import { SYSTEM, type ConsultationService } from './consultation-service';
import { getOrNull } from '@oblako/server-kit';
import { DB } from './store';

export interface Follower {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Follows one store database's change feed from a checkpoint kept in that database (as
 * documents/server/cleanup.ts does), so changes made while the server was down, or through
 * another instance, are handled too. Changes are handled one at a time, in order.
 */
function followChanges(app: FastifyInstance, dbName: string, checkpointId: string, handle: (id: string, deleted: boolean) => Promise<void>): Follower {
  const db = app.store.db(dbName);
  let feed: PouchDB.Core.Changes<object> | null = null;
  let queue: Promise<void> = Promise.resolve();
  let stopped = false;
  let advancing = true;

  const saveCheckpoint = async (seq: number | string): Promise<void> => {
    const existing = await getOrNull<{ _rev: string }>(db, checkpointId);
    await db.put({ _id: checkpointId, ...(existing ? { _rev: existing._rev } : {}), seq } as PouchDB.Core.PutDocument<object>);
  };

  return {
    async start() {
      const checkpoint = await getOrNull<{ seq: number | string }>(db, checkpointId);
      if (stopped) return;
      feed = db.changes({ since: checkpoint?.seq ?? 0, live: true });
      feed.on('change', (change) => {
        if (change.id.startsWith('_')) return;
        queue = queue
          .then(() => (stopped ? undefined : handle(change.id, change.deleted === true)))
          .then(() => (stopped || !advancing ? undefined : saveCheckpoint(change.seq)))
          .catch((error) => {
            advancing = false;
            app.log.error({ err: error, db: dbName, id: change.id }, 'handling a change failed; retried on restart');
          });
      });
      feed.on('error', (error) => app.log.error({ err: error, db: dbName }, 'a change feed stopped'));
    },
    async stop() {
      stopped = true;
      feed?.cancel();
      await queue;
    },
  };
}

/**
 * Readiness is automatic: whenever a patient's documents or the server's verdicts on their
 * files change, their consultations waiting for documents become ready (or go back to waiting).
 */
export function followReadiness(app: FastifyInstance, service: ConsultationService): Follower[] {
  const handle = async (id: string) => {
    const patientId = partitionOf(id);
    if (patientId) await service.syncReadiness(patientId);
  };
  return [
    followChanges(app, DB.documents, '_local/consultations-readiness', handle),
    followChanges(app, DB.documentFiles, '_local/consultations-readiness', handle),
  ];
}

/** The consultation a referral opens: `<patientId>:consultation-<the referral's local part>`. */
export function consultationIdForReferral(referralId: string, patientId: string): string {
  const local = referralId.slice(referralId.indexOf(':') + 1);
  const id = docId(patientId, `${CONSULTATION_LOCAL_PREFIX}${local}`);
  if (DOC_ID_PATTERN.test(id)) return id;
  return docId(patientId, `${CONSULTATION_LOCAL_PREFIX}r${createHash('sha256').update(local).digest('hex').slice(0, 40)}`);
}

/** A referral with a consultation profile opens a consultation for its patient (once). */
export function followReferrals(app: FastifyInstance, service: ConsultationService): Follower {
  return followChanges(app, DB.referrals, '_local/consultations-referrals', async (id, deleted) => {
    if (deleted) return;
    const referral = await getOrNull<StoredDoc & { patientId?: string; consultationProfile?: string }>(app.store.db(DB.referrals), id);
    const patientId = referral?.patientId;
    const profile = referral?.consultationProfile?.trim() ?? '';
    if (!referral || typeof patientId !== 'string' || profile === '') return;
    const consultationId = consultationIdForReferral(id, patientId);
    if (await service.get(consultationId)) return;
    try {
      await service.transition(consultationId, SYSTEM, { transition: 'open', id: consultationId, patientId, specialty: specialtyOf(profile), referralId: id });
    } catch (error) {
      // Opened meanwhile (another instance): the same consultation, nothing lost.
      if (await service.get(consultationId)) return;
      throw error;
    }
  });
}
