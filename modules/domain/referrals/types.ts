/**
 * A referral table row as the manager's import sees it: the columns we recognise, the values
 * after normalisation, and what is wrong with them. Shared by the server (which parses and
 * decides) and the PWA (which shows the preview and may re-assess it after exclusions).
 */

/** The columns a referral table may carry, in the order the template lists them. */
export const REFERRAL_FIELDS = [
  'fullName',
  'lastName',
  'firstName',
  'middleName',
  'birthDate',
  'phone',
  'diagnosis',
  'icd10',
  'referringOrganization',
  'attendingDoctor',
  'consultationProfile',
  /** «Регион» / «Субъект РФ»: where the patient lives, hence the zone their times are shown in. */
  'region',
] as const;
export type ReferralField = (typeof REFERRAL_FIELDS)[number];

/** Cell values as read from a sheet: exceljs gives strings, numbers, booleans and Dates. */
export type CellValue = string | number | boolean | Date | null;

/** One row after normalisation. Empty string = absent. */
export interface ReferralRowValues {
  /** «Фамилия Имя Отчество», trimmed, each word capitalised (from one column or three). */
  fullName: string;
  /** YYYY-MM-DD or ''. */
  birthDate: string;
  /** E.164 or ''. */
  phone: string;
  diagnosis: string;
  /** Upper-case, Latin letter: `I10`, `C50.9`; '' when absent or not a valid code. */
  icd10: string;
  referringOrganization: string;
  attendingDoctor: string;
  consultationProfile: string;
  /** The federal subject as the table named it, in its official form when recognised («Приморский край»). */
  region: string;
  /** The region's IANA zone (one of RUSSIAN_TIME_ZONES), or '' when no region is given or it is not recognised. */
  timeZone: string;
}

export type RowStatus = 'valid' | 'warning' | 'error';
export type IssueSeverity = 'error' | 'warning' | 'info';

/** What the import will do with a row (after exclusions and duplicate detection). */
export type RowOutcome =
  /** A new patient account (and SMS) plus a referral. */
  | 'new_patient'
  /** The phone belongs to an existing patient of the same name: a referral is added, no SMS. */
  | 'existing_patient'
  /** The same person and referral appear in an earlier row: imported once, by that row. */
  | 'duplicate'
  /** This referral was imported before (same idempotency key): nothing new. */
  | 'already_imported'
  /** An error in the row: nothing is imported from it. */
  | 'rejected'
  /** The manager excluded the row. */
  | 'excluded';

export const ROW_ISSUE_CODES = [
  // errors: the row is not imported
  'name_missing',
  'name_invalid',
  'name_characters',
  'phone_missing',
  'phone_invalid',
  'birth_date_invalid',
  'birth_date_future',
  'birth_date_too_early',
  'phone_other_person',
  'phone_other_patient',
  'phone_staff',
  // warnings: imported, but look
  'name_single_word',
  'birth_date_missing',
  'icd10_invalid',
  'diagnosis_missing',
  'duplicate_in_file',
  'existing_patient',
  'already_imported',
  'region_unknown',
  // info
  'same_person_other_row',
] as const;
export type RowIssueCode = (typeof ROW_ISSUE_CODES)[number];

export interface RowIssue {
  code: RowIssueCode;
  severity: IssueSeverity;
  /** The column the issue is about, when there is one. */
  field?: ReferralField | 'row';
  /** Other rows involved (duplicates, a conflicting phone), by rowId. */
  relatedRows?: readonly string[];
}

/** Row issues in Russian first; `message` is filled in the caller's language by the server. */
export type LocalisedRowIssue = RowIssue & { message: string };

/** What the server knows about a row's phone and referral that the table does not say. */
export interface ExistingFacts {
  /** An account already has this phone. */
  account?: { id: string; role: 'patient' | 'doctor' | 'manager' | 'admin'; name: string };
  /** The referral (by idempotency key) is already stored. */
  referralExists?: boolean;
}
