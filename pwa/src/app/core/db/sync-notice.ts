import type { ConflictNotice } from '@oblako/domain';

/**
 * A change of this device that did not reach the server as it was made. Kept on the device
 * (an RxDB local document) until the person dismisses it, so nothing is lost silently.
 */
/**
 * `conflict`: fields both sides changed (generic merge); `rejected`: the server refused a write;
 * `resolved`: the collection's own conflict rule settled it and has something to tell (messages).
 */
export type SyncNoticeKind = 'conflict' | 'rejected' | 'resolved';

export interface NoticeField {
  field: string;
  /** What this device wanted. */
  local: unknown;
  /** What the server kept. */
  remote: unknown;
}

export interface SyncNotice {
  id: string;
  kind: SyncNoticeKind;
  collection: string;
  docId: string;
  /** ISO time the notice was recorded. */
  at: string;
  fields: NoticeField[];
  /** Why the server refused the write (`rejected` only). */
  reason?: string;
  /** What the collection's conflict rule says happened (`resolved` only). */
  messages?: ConflictNotice[];
}

export type NewSyncNotice = Omit<SyncNotice, 'id' | 'at'>;
