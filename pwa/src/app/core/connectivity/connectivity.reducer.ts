import { createFeature, createReducer, on } from '@ngrx/store';
import { connectivityActions } from './connectivity.actions';

export interface ConnectivityState {
  /** The browser has a network. */
  network: boolean;
  /** The last request to our server got through (false after a network-level failure). */
  serverReachable: boolean;
}

export const initialConnectivityState: ConnectivityState = {
  network: typeof navigator === 'undefined' ? true : navigator.onLine,
  serverReachable: true,
};

export const connectivityFeature = createFeature({
  name: 'connectivity',
  reducer: createReducer(
    initialConnectivityState,
    // A network coming back does not prove the server is reachable, but it is worth trying again.
    on(connectivityActions.wentOnline, (): ConnectivityState => ({ network: true, serverReachable: true })),
    on(connectivityActions.wentOffline, (state): ConnectivityState => ({ ...state, network: false })),
    on(connectivityActions.serverUnreachable, (state): ConnectivityState =>
      state.serverReachable ? { ...state, serverReachable: false } : state,
    ),
    on(connectivityActions.serverReached, (state): ConnectivityState =>
      state.serverReachable && state.network ? state : { network: true, serverReachable: true },
    ),
  ),
});
