import { createSelector } from '@ngrx/store';
import { syncFeature } from './sync.reducer';

export const { selectCollections: selectSyncCollections, selectNotices, selectPendingKnown, selectInitialSynced } = syncFeature;

/** "N changes waiting to sync", across all collections. */
export const selectPendingTotal = createSelector(selectSyncCollections, (collections) =>
  Object.values(collections).reduce((sum, c) => sum + c.pending, 0),
);

export type OverallSyncStatus = 'active' | 'idle' | 'error';

export const selectOverallSyncStatus = createSelector(selectSyncCollections, (collections): OverallSyncStatus => {
  const states = Object.values(collections);
  if (states.some((c) => c.status === 'error')) return 'error';
  if (states.some((c) => c.status === 'active')) return 'active';
  return 'idle';
});

export const selectLastSyncedAt = createSelector(selectSyncCollections, (collections) =>
  Object.values(collections)
    .map((c) => c.lastSyncedAt)
    .filter((at): at is string => at !== null)
    .sort()
    .at(-1) ?? null,
);
