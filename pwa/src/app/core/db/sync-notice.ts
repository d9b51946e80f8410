/**
 * A change of this device that did not reach the server as it was made. Kept on the device
 * (an RxDB local document) until the person dismisses it, so nothing is lost silently.
 */
export type SyncNoticeKind = 'conflict' | 'rejected';

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
}

export type NewSyncNotice = Omit<SyncNotice, 'id' | 'at'>;
