/**
 * The HTTP contract of «Сотрудники»: the manager adds doctors and managers, changes a doctor's
 * specialties, resets a password, deactivates an account, and reads who changed what. Every
 * route needs the Bearer token of a **manager or admin** (401 without, 403 for anyone else);
 * errors are ApiError `{code, message, field?}` with the codes of StaffErrorCode.
 *
 * A new staff member (and a password reset) gets an SMS with the login and a one-time password
 * through the SMS queue (as imported patients do); the person must set their own at first sign-in.
 */
import type { SmsStatus } from './api';

export const STAFF_API = {
  /** GET → 200 StaffMember[] (all staff, deactivated too). POST NewStaffMember → 201 StaffMember. */
  staff: '/api/admin/staff',
  /** GET → 200 StaffAuditEntry[] (newest first, at most `limit`, default 200). */
  audit: '/api/admin/staff/audit',
} as const;

/** POST {specialties} → 200 StaffMember (doctors only): replaces the list. */
export const staffSpecialtiesUrl = (staffId: string): string => `${STAFF_API.staff}/${encodeURIComponent(staffId)}/specialties`;
/** POST {} → 200 StaffMember: a new one-time password by SMS; every session of the account ends. */
export const staffPasswordResetUrl = (staffId: string): string => `${STAFF_API.staff}/${encodeURIComponent(staffId)}/password-reset`;
/** POST {} → 200 DeactivationResult. GET → 200 StaffHoldings (what is still to be reassigned). */
export const staffDeactivationUrl = (staffId: string): string => `${STAFF_API.staff}/${encodeURIComponent(staffId)}/deactivation`;
export const staffHoldingsUrl = (staffId: string): string => `${STAFF_API.staff}/${encodeURIComponent(staffId)}/holdings`;

export type StaffRole = 'doctor' | 'manager';

export interface NewStaffMember {
  role: StaffRole;
  /** ФИО. */
  fullName: string;
  /** Any format a person types; stored as E.164. */
  phone: string;
  /** Doctors: at least one specialty code (SPECIALTIES in @oblako/domain) or a profile as written. */
  specialties?: string[];
  /** Doctors: the IANA zone of their calendar (one of Russia's zones); Europe/Moscow when absent. */
  timeZone?: string;
}

export interface StaffMember {
  id: string;
  role: StaffRole;
  fullName: string;
  phone: string;
  /** Deactivated: cannot sign in; sessions ended. */
  disabled: boolean;
  /** Has set their own password (signed in at least once since the last one-time password). */
  activated: boolean;
  /** Doctors only (empty for managers). */
  specialties: string[];
  /** Doctors only ('' for managers). */
  timeZone: string;
  createdAt: string;
  /** The latest credentials SMS (null for an account made by the command line, which prints the password). */
  sms: SmsStatus | null;
}

export interface HeldPatient {
  patientId: string;
  patientName: string;
}

export interface HeldConsultation {
  consultationId: string;
  patientId: string;
  patientName: string;
  status: string;
  specialty: string;
}

/** What a (deactivated) doctor still holds: to reassign in «Пациенты по этапам». */
export interface StaffHoldings {
  /** Patients whose records the doctor may still see (assignments). */
  patients: HeldPatient[];
  /** Consultations not finished that name the doctor. */
  consultations: HeldConsultation[];
}

export interface DeactivationResult {
  member: StaffMember;
  holdings: StaffHoldings;
}

export type StaffAuditAction = 'staff_created' | 'staff_specialties_changed' | 'staff_password_reset' | 'staff_deactivated';

export interface StaffAuditEntry {
  at: string;
  action: StaffAuditAction;
  /** Who did it: a manager, or `cli` for the command line. */
  actor: { id: string; name: string };
  staff: { id: string; name: string; role: StaffRole };
  /** What changed, e.g. `{specialties: {from, to}}`. */
  details?: Record<string, unknown>;
}

export type StaffErrorCode =
  | 'staff_phone_taken'
  | 'invalid_phone'
  | 'staff_name_required'
  | 'staff_specialty_required'
  | 'staff_time_zone_invalid'
  | 'staff_not_found'
  | 'staff_not_doctor'
  | 'staff_last_manager'
  | 'staff_already_disabled'
  | 'staff_disabled'
  | 'staff_self_deactivation'
  | 'validation'
  | 'forbidden';
