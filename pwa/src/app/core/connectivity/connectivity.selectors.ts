import { createSelector } from '@ngrx/store';
import { connectivityFeature } from './connectivity.reducer';

/** Online = the browser has a network and our server answered the last time we asked. */
export const selectOnline = createSelector(
  connectivityFeature.selectNetwork,
  connectivityFeature.selectServerReachable,
  (network, serverReachable) => network && serverReachable,
);
