import { createActionGroup, emptyProps, props } from '@ngrx/store';
import type { SyncNotice } from '../db/sync-notice';

export const syncActions = createActionGroup({
  source: 'Sync',
  events: {
    'Replication Started': props<{ collections: readonly string[] }>(),
    'Replication Stopped': emptyProps(),
    /** Everything the server had when the replication started is on the device (every collection's first pull). */
    'Initial Sync Done': emptyProps(),
    'Activity Changed': props<{ collection: string; active: boolean }>(),
    'Replication Failed': props<{ collection: string; message: string }>(),
    /** Documents arrived from the server or reached it. */
    'Synced': props<{ collection: string; at: string }>(),
    'Pending Changed': props<{ pending: Readonly<Record<string, number>> }>(),
    /** The person's database closed (a sign-out, or before it opens again): no count of its unsent changes is known. */
    'Pending Unknown': emptyProps(),
    'Notices Changed': props<{ notices: readonly SyncNotice[] }>(),
  },
});
