import {
  bookingsOf,
  patientReadiness,
  type Consultation,
  type DoctorCalendar,
  type PatientReadiness,
  type TransitionContext,
} from '@oblako/domain';
import type { FastifyInstance } from '@oblako/server-kit';
import { consultationsOfDoctor, DB, doctorSettingsOf, partitionDocs } from './store';

interface DocumentView {
  id: string;
  type: string;
  files: { fileId: string }[];
}

interface FileRecordView {
  fileId: string;
  documentId: string;
  status: string;
}

export interface PatientDocuments {
  readiness: PatientReadiness;
  /** Documents with at least one verified file, per type (what the queue shows). */
  verifiedCounts: Record<string, number>;
}

/** The patient's readiness by the seed's rule, from their documents and the server's verdicts on the files. */
export async function patientDocuments(app: FastifyInstance, patientId: string): Promise<PatientDocuments> {
  const [documents, records] = await Promise.all([
    partitionDocs<DocumentView>(app.store.db(DB.documents), patientId),
    partitionDocs<FileRecordView>(app.store.db(DB.documentFiles), patientId),
  ]);
  return documentsSummary(documents, records);
}

export function documentsSummary(documents: readonly DocumentView[], records: readonly FileRecordView[]): PatientDocuments {
  const uploadedFileIds = new Set(records.filter((record) => record.status === 'uploaded').map((record) => record.fileId));
  const verifiedCounts: Record<string, number> = {};
  for (const document of documents) {
    if (document.files?.some((file) => uploadedFileIds.has(file.fileId))) verifiedCounts[document.type] = (verifiedCounts[document.type] ?? 0) + 1;
  }
  return { readiness: patientReadiness(documents, { uploadedFileIds }), verifiedCounts };
}

export function calendarOf(settings: DoctorCalendar): DoctorCalendar {
  const calendar: DoctorCalendar = { timeZone: settings.timeZone, slotMinutes: settings.slotMinutes, week: settings.week };
  if (settings.daysOff) calendar.daysOff = settings.daysOff;
  return calendar;
}

/**
 * Everything the state machine may look at for one change of a consultation, loaded fresh from
 * the store: the server's clock, the patient's readiness, the calendar and bookings of the
 * consultation's doctor (after the change) and their specialties (a take must be of one of
 * them), and whether a newly named doctor is an active doctor.
 */
export async function loadContext(app: FastifyInstance, before: Consultation | null, after: Consultation | null): Promise<TransitionContext> {
  const context: TransitionContext = { now: new Date().toISOString() };
  const patientId = after?.patientId ?? before?.patientId;
  const doctorId = after?.doctorId ?? before?.doctorId;
  const newDoctor = after?.doctorId !== undefined && after.doctorId !== before?.doctorId ? after.doctorId : undefined;
  const [documents, settings, held, account] = await Promise.all([
    patientId ? patientDocuments(app, patientId) : null,
    doctorId ? doctorSettingsOf(app, doctorId) : null,
    doctorId ? consultationsOfDoctor(app, doctorId) : null,
    newDoctor ? app.accounts.get(newDoctor) : null,
  ]);
  if (documents) context.readiness = documents.readiness;
  if (settings) context.calendar = calendarOf(settings);
  if (doctorId) context.doctorSpecialties = settings?.specialties ?? [];
  if (doctorId && held) context.bookings = bookingsOf(held, doctorId);
  const doctors = new Set<string>();
  if (account && account.role === 'doctor' && !account.disabled) doctors.add(account.id);
  context.isDoctor = (userId) => doctors.has(userId);
  return context;
}
