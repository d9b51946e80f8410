import { TERMINAL_STATUSES, type ConsultationStatus } from '@oblako/domain';
import type { FastifyInstance } from '@oblako/server-kit';
import type { HeldConsultation, StaffHoldings } from '../../staff-api';

const CONSULTATIONS_DB = 'consultations';
/** The consultations module's view of its database by doctor (deployed by that module). */
const BY_DOCTOR_VIEW = 'consultations/by_doctor';

interface StoredConsultation {
  _id: string;
  patientId: string;
  doctorId?: string;
  status: ConsultationStatus;
  specialty?: string;
}

/**
 * What a doctor still holds, so deactivating one orphans nothing silently: the patients whose
 * records they may see (assignments) and the unfinished consultations that name them. Both are
 * then reassigned in «Пациенты по этапам» (the consultations module's reassign flow).
 */
export async function holdingsOf(app: FastifyInstance, doctorId: string): Promise<StaffHoldings> {
  const patientIds = await app.access.assignedPatients(doctorId);
  const consultations = await unfinishedConsultations(app, doctorId);
  const names = await app.accounts.getMany([...new Set([...patientIds, ...consultations.map((consultation) => consultation.patientId)])]);
  const nameOf = (patientId: string) => names.get(patientId)?.name ?? '';
  return {
    patients: patientIds.map((patientId) => ({ patientId, patientName: nameOf(patientId) })).sort((a, b) => a.patientName.localeCompare(b.patientName, 'ru')),
    consultations: consultations.map((consultation): HeldConsultation => ({
      consultationId: consultation._id, patientId: consultation.patientId, patientName: nameOf(consultation.patientId),
      status: consultation.status, specialty: consultation.specialty ?? '',
    })),
  };
}

async function unfinishedConsultations(app: FastifyInstance, doctorId: string): Promise<StoredConsultation[]> {
  if (!app.modules.some((module) => module.collections?.some((collection) => collection.name === CONSULTATIONS_DB))) return [];
  const result = await app.store.db(CONSULTATIONS_DB).query(BY_DOCTOR_VIEW, { key: doctorId, include_docs: true });
  return result.rows.flatMap((row) => {
    const doc = row.doc as unknown as StoredConsultation | undefined;
    return doc && doc.doctorId === doctorId && !TERMINAL_STATUSES.includes(doc.status) ? [doc] : [];
  });
}
