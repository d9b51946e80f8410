import { randomUUID } from 'node:crypto';
import type { Store } from '@oblako/server-kit';
import type { StaffAuditEntry } from '../../staff-api';

/**
 * Who changed which staff account, when: one document per change in the server-only
 * `staff_audit` database, never edited or deleted. Ids start with the time, so the newest come
 * last in id order (read backwards). The command line (`npm run manage`) writes the same shape
 * with the actor `cli`.
 */
export const STAFF_AUDIT_DB = 'staff_audit';
const PREFIX = 'staff-audit:';

export async function recordStaffChange(store: Store, entry: Omit<StaffAuditEntry, 'at'> & { at?: string }): Promise<void> {
  const at = entry.at ?? new Date().toISOString();
  await store.db(STAFF_AUDIT_DB).put({ _id: `${PREFIX}${at}:${randomUUID()}`, type: 'staff_audit', ...entry, at });
}

export async function recentStaffChanges(store: Store, limit: number): Promise<StaffAuditEntry[]> {
  const result = await store.db(STAFF_AUDIT_DB).allDocs({ include_docs: true, descending: true, startkey: `${PREFIX}\ufff0`, endkey: PREFIX, limit });
  return result.rows.flatMap((row) => {
    const doc = row.doc as unknown as (StaffAuditEntry & { type?: string }) | undefined;
    if (!doc || doc.type !== 'staff_audit') return [];
    return [{ at: doc.at, action: doc.action, actor: doc.actor, staff: doc.staff, ...(doc.details ? { details: doc.details } : {}) }];
  });
}
