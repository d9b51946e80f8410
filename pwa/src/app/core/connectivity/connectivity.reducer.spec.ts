import { connectivityActions } from './connectivity.actions';
import { connectivityFeature, type ConnectivityState } from './connectivity.reducer';
import { selectOnline } from './connectivity.selectors';

const reduce = connectivityFeature.reducer;
const online: ConnectivityState = { network: true, serverReachable: true };
const isOnline = (state: ConnectivityState) => selectOnline({ connectivity: state });

describe('connectivity', () => {
  it('goes offline when the browser loses the network', () => {
    expect(isOnline(reduce(online, connectivityActions.wentOffline()))).toBeFalse();
  });

  it('counts a failed request to the server as offline, and an answer as online again', () => {
    const unreachable = reduce(online, connectivityActions.serverUnreachable());
    expect(isOnline(unreachable)).toBeFalse();
    expect(isOnline(reduce(unreachable, connectivityActions.serverReached()))).toBeTrue();
  });

  it('a network coming back is online', () => {
    const offline = reduce(reduce(online, connectivityActions.wentOffline()), connectivityActions.serverUnreachable());
    expect(isOnline(reduce(offline, connectivityActions.wentOnline()))).toBeTrue();
  });

  it('repeated answers do not create new state objects', () => {
    expect(reduce(online, connectivityActions.serverReached())).toBe(online);
  });
});
