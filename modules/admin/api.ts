/**
 * The HTTP contract of the manager's referral import, credentials and SMS outbox. The server
 * (modules/admin/server) implements it; the PWA pages (modules/admin/ui) call it. Every route
 * needs `Authorization: Bearer <access token>` of a **manager or admin** (anyone else: 403
 * `forbidden`; no token: 401). Errors are ApiError `{code, message, field?}` (codes below, texts
 * in modules/domain/errors.ts, Russian unless `Accept-Language: en`).
 *
 * The flow: POST files → a preview (kept on the server for PREVIEW_TTL_MINUTES, referenced by
 * id) → the manager excludes rows → POST commit → a report. Commit is all-or-nothing and
 * idempotent: committing the same preview twice answers the same report; importing the same
 * table again creates nothing and sends no SMS.
 */
import type {
  AssessmentSummary,
  ExistingFacts,
  LocalisedRowIssue,
  ReferralField,
  ReferralRowValues,
  RowOutcome,
  RowStatus,
} from '@oblako/domain';

export const ADMIN_API = {
  /** POST PreviewRequest → 200 ImportPreview. GET → 200 ImportSummary[] (committed imports, newest first). */
  imports: '/api/admin/imports',
  /** POST PreviewRequest → 200 ImportPreview. */
  previews: '/api/admin/imports/previews',
  /** GET → 200 ImportPreview (404 `import_preview_expired` after expiry). */
  preview: (previewId: string) => `/api/admin/imports/previews/${encodeURIComponent(previewId)}`,
  /** POST CommitRequest → 200 ImportReport. */
  commit: '/api/admin/imports/commits',
  /** GET → 200 ImportReport. */
  report: (importId: string) => `/api/admin/imports/${encodeURIComponent(importId)}`,
  /** GET → `text/csv; charset=utf-8` with a BOM (Excel opens Cyrillic), `;`-separated, attachment. */
  rejectedCsv: (importId: string) => `/api/admin/imports/${encodeURIComponent(importId)}/rejected.csv`,
  /** GET → the template table (.xlsx, attachment) with every recognised column and an example row. */
  template: '/api/admin/imports/template.xlsx',
  /**
   * GET ?importId=&state=&search=&limit=&cursor= → 200 CredentialsPage: patients whose credentials
   * we sent, by name, one page at a time (limit 1…200, default 50; `cursor` = the previous page's `nextCursor`).
   */
  credentials: '/api/admin/credentials',
  /** POST {} → 200 PatientCredentials: a new one-time password by SMS; the old one stops working. */
  resendCredentials: (patientId: string) => `/api/admin/credentials/${encodeURIComponent(patientId)}/resend`,
  /** GET ?state=&limit=&before= → 200 SmsList: the SMS queue (with texts when the provider is `outbox`). */
  sms: '/api/admin/sms',
} as const;

/** Limits of one import (the server refuses more with the error named). */
export const IMPORT_LIMITS = {
  /** Data rows across all files and sheets: `import_too_many_rows`. */
  maxRows: 10_000,
  /** Files per preview: `validation`. */
  maxFiles: 10,
  /** Bytes per file (decoded): `import_file_too_large` for that file. */
  maxFileBytes: 10 * 1024 * 1024,
  /** The whole preview request (base64 of all files, ~22 MB of files): larger → 413 `payload_too_large`. */
  maxRequestBytes: 30 * 1024 * 1024,
  /** How long a preview can be committed (or re-read) after it was made. */
  previewTtlMinutes: 60,
} as const;

// ---------------------------------------------------------------- preview

/** Files travel base64-encoded in JSON (one request, several files; FileReader.readAsDataURL minus the prefix). */
export interface PreviewRequest {
  files: readonly UploadedFile[];
}

export interface UploadedFile {
  /** The file name as the manager's computer has it: `направления_октябрь.xlsx`; the extension decides the reader. */
  name: string;
  contentBase64: string;
}

export interface ImportPreview {
  previewId: string;
  createdAt: string;
  expiresAt: string;
  files: PreviewFile[];
  /** Every data row of every readable sheet, in file → sheet → row order. */
  rows: PreviewRow[];
  summary: PreviewSummary;
}

export type FileFormat = 'xlsx' | 'csv';

export interface PreviewFile {
  /** Position in the request (0-based); rowIds start with it. */
  index: number;
  name: string;
  /** Absent when the file could not be recognised at all. */
  format?: FileFormat;
  /** CSV only: how the bytes were decoded. */
  encoding?: 'utf-8' | 'windows-1251';
  /** CSV only. */
  delimiter?: ';' | ',' | '\t';
  sheets: PreviewSheet[];
  /** Set when the file could not be read; it then contributes no rows. */
  problem?: FileProblem;
}

export type FileProblemCode =
  | 'import_file_empty'
  | 'import_file_unreadable'
  | 'import_file_encrypted'
  | 'import_xls_unsupported'
  | 'import_file_unsupported'
  | 'import_file_too_large'
  | 'import_csv_broken';

export interface FileProblem {
  code: FileProblemCode;
  /** In the caller's language. */
  message: string;
  /** CSV: the 1-based line where the problem is. */
  line?: number;
}

export interface PreviewSheet {
  /** The sheet name (CSV: the file name). */
  name: string;
  /** 1-based row of the header as Excel numbers rows; null when no header was found. */
  headerRow: number | null;
  columns: RecognisedColumn[];
  /** Header cells we did not recognise (shown so the manager sees what was ignored). */
  ignoredHeaders: string[];
  dataRows: number;
  problem?: SheetProblem;
}

export interface RecognisedColumn {
  field: ReferralField;
  /** The header text as written in the table. */
  header: string;
  /** Excel column letter: `A`, `B`, … `AA`. */
  column: string;
}

/** no_header: no row looks like a header; missing_columns: one does, but without the name or the phone. */
export type SheetProblemCode = 'sheet_no_header' | 'sheet_missing_columns' | 'sheet_no_rows';

export interface SheetProblem {
  code: SheetProblemCode;
  message: string;
  /** Which essential columns are missing (no_header: name, phone). */
  missing?: ReferralField[];
}

export interface PreviewRow {
  /** `<file index>:<sheet index>:<row number>`, stable for this preview; used in excludedRows. */
  rowId: string;
  file: number;
  sheet: string;
  /** 1-based, as Excel numbers it (CSV: the line). */
  rowNumber: number;
  /** Normalised values (what will be stored). */
  values: ReferralRowValues;
  /** The cells as the table had them (for showing what was wrong), by recognised field. */
  raw: Partial<Record<ReferralField, string>>;
  status: RowStatus;
  outcome: RowOutcome;
  /** Errors, warnings and notes, each with a message in the caller's language. */
  issues: LocalisedRowIssue[];
  /** Rows with the same personKey become one account. */
  personKey?: string;
  /** Server facts used by the assessment, so the PWA can re-assess with `assessRows` after exclusions. */
  existing?: ExistingFacts;
}

/** What a preview would do, counted by the domain's `summarise` (the same numbers the PWA re-counts after exclusions). */
export type PreviewSummary = AssessmentSummary;

// ---------------------------------------------------------------- commit and report

export interface CommitRequest {
  previewId: string;
  /** rowIds the manager excluded; every other row without an error is imported. */
  excludedRows: readonly string[];
}

export type ReportRowResult = 'created' | 'existing' | 'already_imported' | 'duplicate' | 'rejected' | 'excluded';

export interface ReportRow {
  rowId: string;
  fileName: string;
  sheet: string;
  rowNumber: number;
  fullName: string;
  /** E.164 when valid, else as written. */
  phone: string;
  result: ReportRowResult;
  patientId?: string;
  /** Russian (or English) reasons for rejected rows and warnings. */
  reasons: string[];
}

export interface ImportCounts {
  rows: number;
  /** New patient accounts (each gets one SMS). */
  createdPatients: number;
  /** Patients who already had an account (no SMS). */
  existingPatients: number;
  referralsCreated: number;
  /** Rows whose referral was imported before (nothing new). */
  referralsExisting: number;
  duplicates: number;
  rejected: number;
  excluded: number;
  smsQueued: number;
}

export interface ImportSummary {
  importId: string;
  committedAt: string;
  /** Account id of the manager. */
  committedBy: string;
  fileNames: string[];
  counts: ImportCounts;
}

export interface ImportReport extends ImportSummary {
  previewId: string;
  /**
   * `committed`: everything is written. `finishing`: the import is committed but profiles /
   * referrals / SMS are still being written (after a crash the server completes them by itself).
   */
  state: 'committed' | 'finishing';
  rows: ReportRow[];
}

// ---------------------------------------------------------------- credentials and SMS

export type SmsState = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
export type SmsPurpose = 'credentials' | 'registration_code' | 'restore_code' | 'consultation';
export type SmsProviderName = 'outbox' | 'smsru' | 'smsc';

export interface SmsStatus {
  messageId: string;
  state: SmsState;
  attempts: number;
  provider: SmsProviderName;
  /** When the last failure happened and why (provider's words), while retrying or after giving up. */
  lastError?: string;
  queuedAt: string;
  sentAt?: string;
  /** Next retry time while `queued` after a failure. */
  nextAttemptAt?: string;
}

export interface PatientCredentials {
  patientId: string;
  fullName: string;
  phone: string;
  /** The import that created the account. */
  importId?: string;
  /** The patient signed in and set their own password (resending is then refused). */
  activated: boolean;
  /** The latest credentials SMS. */
  sms: SmsStatus | null;
  /** How many times credentials were issued (1 = the import's SMS). */
  issued: number;
}

/** One page of «Доступы пациентов», by name; paging by the name and id of the last row, so an import meanwhile never repeats a row. */
export interface CredentialsPage {
  items: PatientCredentials[];
  /** Patients matching the filter (all pages). */
  total: number;
  /** Absent on the last page. */
  nextCursor?: string;
}

export const CREDENTIALS_PAGE = { defaultLimit: 50, maxLimit: 200 } as const;

/** Body of the resend call: empty. */
export type ResendCredentialsRequest = Record<string, never>;

export interface SmsMessageView extends SmsStatus {
  to: string;
  purpose: SmsPurpose;
  /** The text: only with the `outbox` provider (nothing leaves the machine, the admin reads it here). */
  text?: string;
  patientId?: string;
}

export interface SmsList {
  provider: SmsProviderName;
  messages: SmsMessageView[];
  /** The queue's progress: waiting by purpose, the rate of the last 5 minutes, the estimated end. */
  progress?: {
    waiting: Record<SmsPurpose, number>;
    waitingTotal: number;
    sending: number;
    failed: number;
    ratePerSecond: number;
    estimatedEndAt?: string;
  };
  /** Pass as `before` for the next (older) page; absent at the end. */
  nextBefore?: string;
}

/**
 * Also part of this module, for the UI:
 * - the replicated collection `referrals` (see ./referral-schema.ts, `Referral`): one document
 *   per imported referral, id `<patientId>:referral-<key>`; read-only on every device; the
 *   patient reads their own, a doctor those of assigned patients, managers and admins all.
 *   Use it (DataService) to show a patient's referrals («Направления») anywhere.
 * - a preview row's status can be re-computed in the browser after exclusions with
 *   `reassess(preview.rows, excluded)` and `summarise` from @oblako/domain (the rows as the
 *   preview gave them); the commit re-assesses on the server anyway, with fresh facts.
 * - credentials SMS go out in the background (a one-time password is hashed per message), so
 *   right after a commit their state is `queued`; poll `credentials` or `sms` to see them sent.
 */

/** Error codes these routes answer with (texts in modules/domain/errors.ts). */
export type AdminErrorCode =
  | FileProblemCode
  | 'import_too_many_rows'
  | 'import_preview_expired'
  | 'import_conflict'
  | 'import_in_progress'
  | 'import_not_found'
  | 'credentials_already_activated'
  | 'sheet_no_header'
  | 'sheet_missing_columns'
  | 'sheet_no_rows'
  | 'payload_too_large'
  | 'rate_limited'
  | 'forbidden'
  | 'validation'
  | 'not_found';
