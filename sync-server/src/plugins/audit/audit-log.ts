import { randomBytes } from 'node:crypto';
import { isPersonsRead, type AuditAction, type RecordView, type RecordViewsPage, type Role } from '@oblako/domain';

/** One thing that happened to a patient's record, as a caller reports it. */
export interface AuditEntryInput {
  /** Whose record was touched. */
  patientId: string;
  action: AuditAction;
  actor: { id: string; role: Role; name: string };
  subject: RecordView['subject'];
  /** Client address, kept for investigations, never shown to the patient. */
  ip?: string;
}

export interface RecordOptions {
  /**
   * Fold repeated identical entries (same actor, action and subject) within this window into the
   * first one: a PDF viewer fetching fifty ranges of one file is one read, not fifty.
   */
  coalesceSeconds?: number;
  /**
   * When the read happened, if not now: a view of the device's offline copy reported later
   * (the caller has bounded it). The entry sorts by it; `recordedAt` keeps the server's time.
   */
  at?: Date;
}

export interface AuditLog {
  /** Records the entry; resolves only when it is stored (callers serve the data after that). */
  record(entry: AuditEntryInput, options?: RecordOptions): Promise<void>;
  /** Entries about one patient, newest first. */
  viewsOf(patientId: string, page?: { limit?: number; before?: string }): Promise<RecordViewsPage>;
}

interface AuditDoc extends AuditEntryInput {
  _id: string;
  _rev?: string;
  at: string;
  recordedAt?: string;
}

/**
 * Entries that are no person's read (a device saving a file for offline use) live under their own
 * prefix: outside every patient's key range, so the patient's list never meets them, and pages
 * stay full.
 */
const NOT_A_READ_PREFIX = 'device-copy:';

export const MAX_PAGE = 200;

/**
 * The audit log in the server-only `audit` database. Ids start with `<patientId>:<ISO time>`, so
 * one patient's entries are one key range in time order, on the embedded store and on CouchDB
 * alike; coalesced entries get an id fixed by their time window, so several instances recording
 * the same read at once still make one entry.
 */
export function createAuditLog(db: PouchDB.Database): AuditLog {
  return {
    async record(entry, options = {}) {
      const recordedAt = new Date();
      const when = options.at ?? recordedAt;
      const at = when.toISOString();
      const window = options.coalesceSeconds ?? 0;
      const prefix = `${isPersonsRead(entry.action) ? '' : NOT_A_READ_PREFIX}${entry.patientId}`;
      const id = window > 0
        ? `${prefix}:${new Date(Math.floor(when.getTime() / (window * 1000)) * window * 1000).toISOString()}:${entry.actor.id}:${entry.action}:${entry.subject.kind}:${entry.subject.id}`
        : `${prefix}:${at}:${randomBytes(6).toString('hex')}`;
      const doc: AuditDoc = { _id: id, at, ...entry, ...(options.at ? { recordedAt: recordedAt.toISOString() } : {}) };
      try {
        await db.put(doc);
      } catch (error) {
        // The same read within the window: the first entry already says it.
        if ((error as { status?: number }).status !== 409) throw error;
      }
    },

    async viewsOf(patientId, page = {}) {
      const limit = Math.min(Math.max(page.limit ?? 50, 1), MAX_PAGE);
      const prefix = `${patientId}:`;
      // A cursor from another patient's range would walk across everybody in between.
      const before = page.before !== undefined && page.before.startsWith(prefix) ? page.before : undefined;
      const result = await db.allDocs({
        include_docs: true,
        descending: true,
        startkey: before ?? `${prefix}\ufff0`,
        endkey: prefix,
        skip: before ? 1 : 0,
        limit,
      });
      const docs = result.rows.map((row) => row.doc as unknown as AuditDoc).filter(Boolean);
      const entries: RecordView[] = docs.map((doc) => ({ at: doc.at, action: doc.action, actor: doc.actor, subject: doc.subject }));
      const last = docs[docs.length - 1];
      return docs.length === limit && last ? { entries, next: last._id } : { entries };
    },
  };
}
