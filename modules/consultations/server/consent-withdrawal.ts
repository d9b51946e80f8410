import { TRANSITIONS } from '@oblako/domain';
import type { FastifyInstance, WithdrawalListener } from '@oblako/server-kit';
import type { ConsultationService } from './consultation-service';

/**
 * The reason written into each cancelled consultation: the doctor's notification and the history
 * say why (Russian only: it is part of the medical record, like the reasons people type).
 */
export const CONSENT_WITHDRAWN_REASON = 'Пациент отозвал согласие на обработку персональных данных';

/**
 * A patient who withdraws consent can no longer be consulted: every consultation of theirs that
 * has not reached the call (waiting for documents, in the queue, taken, scheduled) is cancelled
 * in the patient's name with the reason above. The state machine's usual path follows: the slot's
 * claim is released, the doctor is notified (the notification names the patient), the reminders
 * are recomputed (none is left for a cancelled consultation), the doctor's access moves on.
 * A consultation in progress or held stays: the call or the conclusion is part of the record.
 */
export function cancelOnConsentWithdrawal(app: FastifyInstance, service: ConsultationService): void {
  const open = new Set(TRANSITIONS.cancel_by_patient.from);
  const cancelOpen: WithdrawalListener = async (patientId, log) => {
    const failures: unknown[] = [];
    for (const consultation of await service.ofPatient(patientId)) {
      if (!open.has(consultation.status)) continue;
      try {
        await service.transition(consultation.id, { id: patientId, role: 'patient' }, { transition: 'cancel_by_patient', reason: CONSENT_WITHDRAWN_REASON });
        log.info({ consultationId: consultation.id, patientId }, 'consultation cancelled: consent withdrawn');
      } catch (error) {
        failures.push(error);
        log.error({ err: error, consultationId: consultation.id, patientId }, 'cancelling a consultation after the consent withdrawal failed');
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} consultation(s) not cancelled`);
  };
  app.consent.onWithdrawal(cancelOpen);
}
