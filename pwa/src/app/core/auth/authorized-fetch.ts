import { Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { connectivityActions } from '../connectivity/connectivity.actions';
import { isGatewayFailure, SW_BYPASS_HEADER } from './auth-api';
import { AuthService } from './auth.service';

/**
 * `fetch` for our own API and replication endpoints: adds the access token, renews it once on
 * a 401 and repeats the request, and tells the connectivity state whether the server answered.
 */
@Injectable({ providedIn: 'root' })
export class AuthorizedFetch {
  private readonly auth = inject(AuthService);
  private readonly store = inject(Store);

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const first = await this.send(input, init, await this.auth.accessToken());
    if (first.status !== 401) return first;
    return this.send(input, init, await this.auth.refresh());
  };

  private async send(input: RequestInfo | URL, init: RequestInit, token: string): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    headers.set(SW_BYPASS_HEADER, '1');
    try {
      const response = await fetch(input, { ...init, headers, credentials: 'same-origin' });
      this.store.dispatch(isGatewayFailure(response) ? connectivityActions.serverUnreachable() : connectivityActions.serverReached());
      return response;
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'AbortError')) {
        this.store.dispatch(connectivityActions.serverUnreachable());
      }
      throw error;
    }
  }
}
