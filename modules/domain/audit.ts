import type { Role } from './roles';

/**
 * Who read what, when (152-FZ: health data is processed by staff under medical secrecy, and the
 * patient is told that every view of their documents is recorded). The server records every
 * read of a patient's record by staff; the patient lists the entries about themself.
 */
export const AUDIT_API = {
  /** GET (patient): RecordViewsPage of the signed-in patient, newest first; `?limit=&before=<cursor>`. */
  myRecordViews: '/api/audit/my-record-views',
} as const;

/** What was done; issue 5 adds more (profile views, consultation records, …). */
export const AUDIT_ACTIONS = [
  'file.read',
  /** A doctor saw the patient in «Новые пациенты» (name, birth date, region, referral, document counts). */
  'queue.read',
  /** A manager read the delivery log of a patient's notifications (push / SMS; modules/push). */
  'deliveries.read',
  /** A manager saw the patient in a list (name, phone, stage: «Пациенты по этапам», «Доступы пациентов»). */
  'patients.read',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One entry as the patient sees it. */
export interface RecordView {
  /** ISO time of the read (the first read within a short window: repeated reads of the same thing are folded into one entry). */
  at: string;
  action: AuditAction;
  actor: { id: string; role: Role; name: string };
  /** What was read, e.g. `{ kind: 'file', id: '<fileId>', documentId: '<patientId>:<local>', name: 'МРТ.pdf' }`. */
  subject: { kind: string; id: string; documentId?: string; name?: string };
}

export interface RecordViewsPage {
  entries: RecordView[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  next?: string;
}
