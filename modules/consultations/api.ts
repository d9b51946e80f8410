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
  /**
   * GET (manager) ?limit=&cursor=&search=&stages=&overdueOnly=&sort= → StagesPage: one page of
   * every patient's stage, filtered, searched and sorted on the server (StagesQuery).
   */
  stages: '/api/consultations/stages',
  /** GET (manager) → DoctorSummary[]: active doctors, for reassignment. */
  doctors: '/api/consultations/doctors',
} as const;

/** POST (manager) CancelRequest → the consultation after the change (`cancel_by_manager`). */
export const cancelUrl = (consultationId: string): string => `${CONSULTATIONS_API.base}/${encodeURIComponent(consultationId)}/cancel`;

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

export type StageSort = 'waited' | 'name' | 'stage';
export const STAGE_SORTS: readonly StageSort[] = ['waited', 'name', 'stage'];

/** Limits of one stages page. */
export const STAGES_PAGE = { defaultLimit: 50, maxLimit: 200, maxSearch: 100 } as const;

/** The query of the manager's stages list (all optional). */
export interface StagesQuery {
  /** Rows per page, 1…200 (default 50). */
  limit?: number;
  /** `nextCursor` of the previous page; omit for the first page. */
  cursor?: string;
  /** Part of the name, or ≥ 3 digits of the phone (8… finds +7…). */
  search?: string;
  /** Comma-separated PatientStage values; none: every stage. */
  stages?: string;
  /** Only the patients waiting past the 4-day promise. */
  overdueOnly?: boolean;
  /**
   * `waited` (default): those waiting for a first slot first, longest since their documents were
   * ready first; then the others by how long they had waited. `name`; `stage` (then as `waited`).
   */
  sort?: StageSort;
}

/**
 * One page of the stages list. Paging is by a cursor (the sort key of the last row), so a page
 * never repeats a patient of an earlier page while patients are imported or change meanwhile.
 */
export interface StagesPage {
  rows: StageRow[];
  /** Patients matching the filter and search (all pages). */
  total: number;
  /** Every patient per stage, whatever the filter (the chips' counts). */
  counts: Record<PatientStage, number>;
  /** Patients waiting past the promise, whatever the filter. */
  overdue: number;
  /** Absent on the last page. */
  nextCursor?: string;
}

export interface CancelRequest {
  /** Why (shown to the patient and the doctor); required. */
  reason: string;
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
