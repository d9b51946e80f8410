import { overdueSince, specialtyAllows, type ConsultationStatus } from '@oblako/domain';
import { accountsWithRole, currentUser, HttpError, readMany, type FastifyInstance } from '@oblako/server-kit';
import { CONSULTATIONS_API, type CancelRequest, type DoctorSummary, type QueueEntry, type ReassignRequest, type TakeResult } from '../api';
import type { DoctorSettings } from '../schema';
import { patientDocuments } from './context';
import { registerStagesRoutes } from './stages/routes';
import type { ConsultationService } from './consultation-service';
import { profileOf } from './effects';
import { consultationsOfDoctor, consultationsWithStatus, DB, doctorSettingsOf, viewOf } from './store';

/** Statuses in which a doctor holds a consultation (DoctorSummary.activeCount). */
const HELD_BY_DOCTOR: readonly ConsultationStatus[] = ['taken', 'documents_requested', 'scheduled', 'in_progress', 'held'];

const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', minLength: 8, maxLength: 170, pattern: '^[a-z0-9][a-z0-9-]{5,63}:[A-Za-z0-9_.-]{1,100}$' } },
} as const;
const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;
const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;
const reassignBody = {
  type: 'object',
  additionalProperties: false,
  required: ['doctorId', 'reason'],
  properties: {
    doctorId: { type: 'string', minLength: 1, maxLength: 64 },
    reason: { type: 'string', minLength: 1, maxLength: 1000, pattern: '\\S' },
  },
} as const;

const cancelBody = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: { type: 'string', minLength: 1, maxLength: 1000, pattern: '\\S' } },
} as const;

interface ReferralView {
  id: string;
  diagnosis?: string;
  icd10?: string;
}

/** The HTTP side of consultations (modules/consultations/api.ts), every input checked by its schema. */
export async function registerRoutes(app: FastifyInstance, service: ConsultationService): Promise<void> {
  const doctorOnly = [app.authenticate, app.requireRole('doctor')];
  const managerOnly = [app.authenticate, app.requireRole('manager')];

  // «Новые пациенты»: ready consultations of the doctor's specialties (all when none set), oldest first.
  app.get(CONSULTATIONS_API.queue, { preHandler: doctorOnly, schema: { querystring: noQuery } }, async (request): Promise<QueueEntry[]> => {
    const user = currentUser(request);
    const settings = await doctorSettingsOf(app, user.id);
    const specialties = settings?.specialties ?? [];
    const ready = (await consultationsWithStatus(app, 'ready'))
      .filter((consultation) => consultation.doctorId === undefined && consultation.readyAt !== undefined)
      .filter((consultation) => specialtyAllows(specialties, consultation.specialty))
      .sort((a, b) => (a.readyAt! < b.readyAt! ? -1 : a.readyAt! > b.readyAt! ? 1 : a.id < b.id ? -1 : 1));
    const referralIds = ready.flatMap((consultation) => (consultation.referralId ? [consultation.referralId] : []));
    const referrals = await readMany<ReferralView>(app.store.db(DB.referrals), referralIds);
    const now = new Date().toISOString();
    const entries: QueueEntry[] = [];
    for (const consultation of ready) {
      const [profile, documents] = await Promise.all([profileOf(app, consultation.patientId), patientDocuments(app, consultation.patientId)]);
      const referral = consultation.referralId ? referrals.get(consultation.referralId) : undefined;
      const promise = overdueSince(consultation.readyAt!, now);
      entries.push({
        consultationId: consultation.id,
        patientId: consultation.patientId,
        patientName: profile?.fullName ?? '',
        birthDate: profile?.birthDate ?? '',
        region: profile?.region ?? '',
        timeZone: profile?.timeZone ?? '',
        specialty: consultation.specialty,
        diagnosis: referral?.diagnosis ?? '',
        icd10: referral?.icd10 ?? '',
        readyAt: consultation.readyAt!,
        waitedMs: promise.waitedMs,
        promise: promise.level,
        documentCounts: documents.verifiedCounts,
      });
    }
    // The doctor saw these patients' names and referrals before being assigned: recorded.
    for (const entry of entries) {
      await app.audit.record(
        { patientId: entry.patientId, action: 'queue.read', actor: { id: user.id, role: user.role, name: user.name }, subject: { kind: 'consultation', id: entry.consultationId }, ip: request.ip },
        { coalesceSeconds: 3600 },
      );
    }
    return entries;
  });

  // Take: first come, first served, only of one's specialties (the state machine's rule, as the
  // queue lists them); the taker gets access to the patient's records.
  app.post<{ Params: { id: string } }>(
    `${CONSULTATIONS_API.base}/:id/take`,
    { preHandler: doctorOnly, schema: { params: idParams, body: { anyOf: [emptyBody, { type: 'null' }] } } },
    async (request): Promise<TakeResult> => {
      const user = currentUser(request);
      const existing = await service.get(request.params.id);
      if (!existing) throw new HttpError(404, 'not_found');
      // A retry of one's own take answers as the take did.
      const consultation = existing.doctorId === user.id && existing.status !== 'ready'
        ? existing
        : await service.transition(request.params.id, { id: user.id, role: 'doctor' }, { transition: 'take', doctorName: user.name });
      return { consultationId: consultation.id, patientId: consultation.patientId, consultation: consultation as unknown as Record<string, unknown> };
    },
  );

  app.post<{ Params: { id: string }; Body: ReassignRequest }>(
    `${CONSULTATIONS_API.base}/:id/reassign`,
    { preHandler: managerOnly, schema: { params: idParams, body: reassignBody } },
    async (request) => {
      const user = currentUser(request);
      const doctor = await app.accounts.get(request.body.doctorId);
      if (!doctor || doctor.role !== 'doctor' || doctor.disabled) throw new HttpError(400, 'not_a_doctor', { field: 'doctorId' });
      return service.transition(request.params.id, { id: user.id, role: 'manager' }, {
        transition: 'reassign',
        doctorId: doctor.id,
        doctorName: doctor.name,
        reason: request.body.reason.trim(),
      });
    },
  );

  registerStagesRoutes(app);

  app.post<{ Params: { id: string }; Body: CancelRequest }>(
    `${CONSULTATIONS_API.base}/:id/cancel`,
    { preHandler: managerOnly, schema: { params: idParams, body: cancelBody } },
    async (request) => {
      const user = currentUser(request);
      return service.transition(request.params.id, { id: user.id, role: 'manager' }, { transition: 'cancel_by_manager', reason: request.body.reason.trim() });
    },
  );

  app.get(CONSULTATIONS_API.doctors, { preHandler: managerOnly, schema: { querystring: noQuery } }, async (): Promise<DoctorSummary[]> => {
    const doctors = (await accountsWithRole(app, 'doctor')).filter((doctor) => !doctor.disabled);
    const settings = await readMany<Record<string, unknown>>(app.store.db(DB.doctorSettings), doctors.map((doctor) => `${doctor.id}:settings`));
    const summaries: DoctorSummary[] = [];
    for (const doctor of doctors) {
      const stored = settings.get(`${doctor.id}:settings`);
      const own = stored ? viewOf<DoctorSettings>(stored as never) : null;
      const held = await consultationsOfDoctor(app, doctor.id);
      summaries.push({
        id: doctor.id,
        name: doctor.name,
        specialties: own?.specialties ?? [],
        timeZone: own?.timeZone ?? '',
        activeCount: held.filter((consultation) => consultation.doctorId === doctor.id && HELD_BY_DOCTOR.includes(consultation.status)).length,
      });
    }
    return summaries.sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  });
}
