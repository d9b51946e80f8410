import { createHash } from 'node:crypto';
import { DOC_ID_PATTERN, docId, partitionOf, type StoredDoc } from '@oblako/domain';
import type { FastifyInstance } from '@oblako/server-kit';
import { CONSULTATION_LOCAL_PREFIX } from '../schema';
import { specialtyOf } from '../specialties';
import { SYSTEM, type ConsultationService } from './consultation-service';
import { followStoreChanges, getOrNull, type ChangeFollower, type FollowedChange } from '@oblako/server-kit';
import { DB } from './store';

/**
 * Follows one store database's change feed from a checkpoint kept in that database, so changes
 * made while the server was down, or through another instance, are handled too — on one
 * instance at a time (the server kit's leased follower), changes one by one, in order.
 */
function followChanges(
  app: FastifyInstance, dbName: string, checkpointName: string, handle: (id: string, deleted: boolean) => Promise<void>,
  coalesceKey?: (id: string) => string | undefined,
): ChangeFollower {
  return followStoreChanges(app, {
    db: app.store.db(dbName),
    name: checkpointName,
    handle: (change) => handle(change.id, change.deleted),
    ...(coalesceKey ? { coalesceKey: (change: FollowedChange) => coalesceKey(change.id) } : {}),
  });
}

/**
 * Readiness is automatic: whenever a patient's documents or the server's verdicts on their
 * files change, their consultations waiting for documents become ready (or go back to waiting).
 * It reads the patient's consultations, and all their documents when one of them waits or is
 * queued, so a burst of one patient's changes (a first upload of hundreds, a device's offline
 * batch) is handled once, at its last change (coalesced by patient).
 */
export function followReadiness(app: FastifyInstance, service: ConsultationService): ChangeFollower[] {
  const handle = async (id: string) => {
    const patientId = partitionOf(id);
    if (patientId) await service.syncReadiness(patientId);
  };
  const patientOf = (id: string) => partitionOf(id) ?? undefined;
  return [
    followChanges(app, DB.documents, 'consultations-readiness', handle, patientOf),
    followChanges(app, DB.documentFiles, 'consultations-readiness', handle, patientOf),
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
export function followReferrals(app: FastifyInstance, service: ConsultationService): ChangeFollower {
  return followChanges(app, DB.referrals, 'consultations-referrals', async (id, deleted) => {
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
