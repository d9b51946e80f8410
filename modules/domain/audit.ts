import type { Role } from './roles';

/**
 * Who read what, when (152-FZ: health data is processed by staff under medical secrecy, and the
 * patient is told that every view of their documents is recorded). The server records every
 * read of a patient's record by staff; the patient lists the entries about themself.
 */
export const AUDIT_API = {
  /** GET (patient): RecordViewsPage of the signed-in patient, newest first; `?limit=&before=<cursor>`. */
  myRecordViews: '/api/audit/my-record-views',
  /**
   * POST (doctor, manager): a view of a patient's file made from this device's offline copy
   * (DeviceView); 204 when recorded (again: idempotent), 403 when the caller may not read that
   * file, 400 for a time outside DEVICE_VIEW_MAX_AGE_MS / the future.
   */
  deviceViews: '/api/audit/device-views',
} as const;

/** Query parameter a download for the device's offline copy carries: saved, not viewed. */
export const OFFLINE_COPY_PURPOSE = { param: 'purpose', value: 'offline-copy' } as const;

/** A view the device recorded while it showed its own copy; the server adds who (the signed-in user). */
export interface DeviceView {
  patientId: string;
  fileId: string;
  /** ISO time on the device when the file was opened. */
  viewedAt: string;
}

/** Older device views are refused (and dropped by the device): the queue must not replay months. */
export const DEVICE_VIEW_MAX_AGE_MS = 30 * 24 * 3_600_000;
/** A device clock this far ahead is tolerated (clocks drift); further is «in the future». */
export const DEVICE_VIEW_CLOCK_SKEW_MS = 5 * 60_000;

/** What was done; issue 5 adds more (profile views, consultation records, …). */
export const AUDIT_ACTIONS = [
  /** A person opened a file (online, or from the device's offline copy: `subject.offline`). */
  'file.read',
  /**
   * A doctor's device saved a file for offline use (no person looked at it): kept for
   * investigations, never in the patient's «Кто просматривал мои данные».
   */
  'file.cached',
  /** A doctor saw the patient in «Новые пациенты» (name, birth date, region, referral, document counts). */
  'queue.read',
  /** A manager read the delivery log of a patient's notifications (push / SMS; modules/push). */
  'deliveries.read',
  /** A manager saw the patient in a list (name, phone, stage: «Пациенты по этапам», «Доступы пациентов»). */
  'patients.read',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What the patient's list shows: reads a person made. */
export function isPersonsRead(action: AuditAction): boolean {
  return action !== 'file.cached';
}

/** One entry as the patient sees it. */
export interface RecordView {
  /** ISO time of the read (the first read within a short window: repeated reads of the same thing are folded into one entry). */
  at: string;
  action: AuditAction;
  /** `specialties`: a doctor's specialty codes at the time of listing (specialtyLabel names them). */
  actor: { id: string; role: Role; name: string; specialties?: string[] };
  /**
   * What was read, e.g. `{ kind: 'file', id: '<fileId>', documentId: '<patientId>:<local>', name: 'МРТ.pdf',
   * documentType: 'discharge' }`; `offline`: opened from the device's own copy (recorded later, when it was online).
   */
  subject: { kind: string; id: string; documentId?: string; name?: string; documentType?: string; offline?: boolean };
}

export interface RecordViewsPage {
  entries: RecordView[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  next?: string;
}
