import type { Consultation, Notice } from '@oblako/domain';
import type { FastifyInstance } from '@oblako/server-kit';
import { writeNotifications } from '../../consultations/server/plugin';
import { readConsultation } from './consultation-reader';

/**
 * Tells the doctor in «Уведомления» (and so by push, which follows every notification) that the
 * patient is waiting — once per arrival: a reconnection after a network switch is not a new one.
 * Written through the consultations module's own notification code.
 */
export async function notifyPatientWaiting(app: FastifyInstance, consultationId: string): Promise<void> {
  const consultation: Consultation | null = await readConsultation(app, consultationId);
  if (!consultation?.doctorId || consultation.status !== 'scheduled') return;
  const notice: Notice = {
    kind: 'patient_waiting',
    recipient: 'doctor',
    userId: consultation.doctorId,
    consultationId: consultation.id,
    patientId: consultation.patientId,
    delivery: 'server',
    ...(consultation.slot ? { slot: consultation.slot } : {}),
  };
  await writeNotifications(app, consultation, [notice]);
}
