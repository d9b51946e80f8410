import type { RxDatabase } from 'rxdb';
import { Observable, map } from 'rxjs';
import { modifyLocal, watchLocal } from './local-state';
import type { NewSyncNotice, SyncNotice } from './sync-notice';

const NOTICES_DOC = 'sync-notices';
/** A safety cap: far more than a person would leave undismissed; the oldest go first. */
const MAX_NOTICES = 200;

interface NoticesData {
  items: SyncNotice[];
}

/** Conflict and rejection notices of one user's database. */
export class NoticeStore {
  readonly notices$: Observable<readonly SyncNotice[]>;

  constructor(private readonly db: RxDatabase) {
    this.notices$ = watchLocal<NoticesData>(db, NOTICES_DOC).pipe(map((doc) => (doc ? (doc.get('items') as SyncNotice[]) : [])));
  }

  async record(notice: NewSyncNotice): Promise<SyncNotice> {
    const full: SyncNotice = { ...notice, id: crypto.randomUUID(), at: new Date().toISOString() };
    await modifyLocal<NoticesData>(this.db, NOTICES_DOC, { items: [] }, (data) => ({
      items: [...data.items, full].slice(-MAX_NOTICES),
    }));
    return full;
  }

  async dismiss(id: string): Promise<void> {
    await modifyLocal<NoticesData>(this.db, NOTICES_DOC, { items: [] }, (data) => ({
      items: data.items.filter((notice) => notice.id !== id),
    }));
  }

  async list(): Promise<readonly SyncNotice[]> {
    const doc = await this.db.getLocal<NoticesData>(NOTICES_DOC);
    return doc ? (doc.get('items') as SyncNotice[]) : [];
  }
}
