import { createSelector } from '@ngrx/store';
import { sessionFeature } from './session.reducer';

export const { selectUser, selectStatus: selectSessionStatus, selectError: selectSessionError } = sessionFeature;

export const selectIsSignedIn = createSelector(selectUser, (user) => user !== null);
export const selectRole = createSelector(selectUser, (user) => user?.role ?? null);
