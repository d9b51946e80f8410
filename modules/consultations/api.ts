/**
 * The HTTP contract of the consultations module, shared by the server (which implements it) and
 * the PWA (which calls it), all with `Authorization: Bearer <access token>`. Everything a
 * device can do offline goes through replication of `consultations` (every write checked by
 * the server against the state machine); what needs the server's whole view — the queue of
 * patients no doctor has yet, taking one (first come, first served; it also gives the doctor
 * access to the patient's records), the manager's overview and reassignments, issuing a
 * conclusion PDF — goes through the endpoints below.
 *
 * Errors are the usual ApiError body `{ error: { code, message, field? } }`; codes of the
 * state machine are the ConsultationErrorCode values (message in the request's language).
 */
import type { ConsultationStatus, PatientStage, PromiseLevel, ReadinessRequirement } from '@oblako/domain';

export const CONSULTATIONS_API = {
  /** GET (doctor) → QueueEntry[]: ready patients of the doctor's specialties, oldest first. */
  queue: '/api/consultations/queue',
  /** POST (doctor) take: `${base}/<consultation id>/take` → TakeResult; 409 `already_taken` when another doctor was first. */
  base: '/api/consultations',
  /** GET (manager) → StageRow[]: every patient's stage. */
  stages: '/api/consultations/stages',
  /** GET (manager) → DoctorSummary[]: active doctors, for reassignment. */
  doctors: '/api/consultations/doctors',
} as const;

export const takeUrl = (consultationId: string): string => `${CONSULTATIONS_API.base}/${encodeURIComponent(consultationId)}/take`;
/** POST (manager) ReassignRequest → the consultation after the change. */
export const reassignUrl = (consultationId: string): string => `${CONSULTATIONS_API.base}/${encodeURIComponent(consultationId)}/reassign`;
/** POST (doctor who holds the consultation, status `held`) ConclusionRequest → ConclusionResult. */
export const conclusionUrl = (consultationId: string): string => `${CONSULTATIONS_API.base}/${encodeURIComponent(consultationId)}/conclusion`;

/** One patient waiting in «Новые пациенты» (before the take the doctor sees no documents yet). */
export interface QueueEntry {
  consultationId: string;
  patientId: string;
  patientName: string;
  /** YYYY-MM-DD, or '' when the profile has none. */
  birthDate: string;
  region: string;
  /** The patient's IANA zone ('' when unknown). */
  timeZone: string;
  specialty: string;
  /** The referral's diagnosis text and ICD-10 code, when the patient was referred. */
  diagnosis: string;
  icd10: string;
  readyAt: string;
  /** Milliseconds since readyAt, by the server's clock. */
  waitedMs: number;
  promise: PromiseLevel;
  /** Verified documents per type (`conclusion`, `mri`, …). */
  documentCounts: Record<string, number>;
}

export interface TakeResult {
  consultationId: string;
  patientId: string;
  /** The consultation as stored after the take (the device also receives it by replication). */
  consultation: Record<string, unknown>;
}

export interface ReassignRequest {
  doctorId: string;
  /** Why (shown to the patient and both doctors); required. */
  reason: string;
}

export interface DoctorSummary {
  id: string;
  name: string;
  specialties: string[];
  timeZone: string;
  /** Consultations the doctor holds now (taken, documents requested, scheduled, in progress, held). */
  activeCount: number;
}

/** One row of the manager's overview: a patient and their current (latest) consultation. */
export interface StageRow {
  patientId: string;
  patientName: string;
  phone: string;
  region: string;
  timeZone: string;
  stage: PatientStage;
  consultationId: string | null;
  status: ConsultationStatus | null;
  specialty: string;
  doctorId: string | null;
  doctorName: string;
  readyAt: string | null;
  /** The booked start (UTC), when scheduled. */
  slotStart: string | null;
  /** The 2–4 day promise: null when not ready or not applicable. */
  promise: PromiseLevel | null;
  /** Milliseconds from readyAt to the first booking, or to now while unbooked. */
  waitedMs: number | null;
  missing: ReadinessRequirement[];
}

/** The consultant's conclusion (Order 193n: a consultant's medical conclusion). */
export interface ConclusionRequest {
  complaints: string;
  findings: string;
  /** Diagnosis in words; required. */
  diagnosis: string;
  /** ICD-10 code, e.g. `I25.1`; required. */
  icd10: string;
  recommendations: string;
}

export interface ConclusionResult {
  /** The patient's document that holds the PDF (type `consultation_conclusion`). */
  documentId: string;
  fileId: string;
  issuedAt: string;
  issuedBy: { id: string; name: string };
  /** The UKEP signature state: `unsigned` until a qualified signature service is configured. */
  signature: 'unsigned' | 'signed';
}

export const CONCLUSION_LIMITS = { complaints: 4000, findings: 8000, diagnosis: 1000, recommendations: 8000 } as const;
export const ICD10_PATTERN = /^[A-Z]\d{2}(\.\d{1,2})?$/;
