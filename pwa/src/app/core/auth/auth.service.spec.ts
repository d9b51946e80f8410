import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import type { Action } from '@ngrx/store';
import { AUTH_API, CLIENT_HEADER, type SessionResponse } from '@oblako/domain';
import { sessionActions } from '../session/session.actions';
import { AuthService, SessionEndedError, SignInFailure } from './auth.service';
import { AuthorizedFetch } from './authorized-fetch';

const user = { id: 'patient-000001', role: 'patient' as const, phone: '+79000000001', name: 'Иванова' };

function session(token: string, ttlSeconds = 900): SessionResponse {
  return { accessToken: token, accessTokenExpiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString(), user };
}

function reply(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('AuthService and AuthorizedFetch', () => {
  let store: MockStore;
  let dispatched: Action[];
  let fetchSpy: jasmine.Spy;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideMockStore()],
    });
    store = TestBed.inject(MockStore);
    dispatched = [];
    spyOn(store, 'dispatch').and.callFake(((action: Action) => void dispatched.push(action)) as never);
    fetchSpy = spyOn(window, 'fetch');
  });

  afterEach(() => TestBed.inject(AuthService).forget());

  it('signs in with the phone and keeps the access token in memory', async () => {
    fetchSpy.and.resolveTo(reply(200, session('token-1')));
    const auth = TestBed.inject(AuthService);
    expect(await auth.signIn('+79000000001', 'secret')).toEqual(user);
    const [url, init] = fetchSpy.calls.mostRecent().args as [string, RequestInit];
    expect(url).toBe(AUTH_API.signIn);
    expect(JSON.parse(String(init.body))).toEqual({ phone: '+79000000001', password: 'secret' });
    expect(await auth.accessToken()).toBe('token-1');
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it('turns the server’s ApiError into a sign-in failure with its code', async () => {
    fetchSpy.and.resolveTo(reply(429, { code: 'too_many_attempts', message: '…', retryAfterSeconds: 60 }));
    await expectAsync(TestBed.inject(AuthService).signIn('+79000000001', 'x')).toBeRejectedWith(new SignInFailure('too_many_attempts', 60));
  });

  it('reports an unreachable server as a network failure', async () => {
    fetchSpy.and.rejectWith(new TypeError('Failed to fetch'));
    await expectAsync(TestBed.inject(AuthService).signIn('+79000000001', 'x')).toBeRejectedWith(new SignInFailure('network'));
  });

  it('refreshes with the cookie and the client header, once for concurrent callers', async () => {
    fetchSpy.and.callFake(async () => reply(200, session('token-2')));
    const auth = TestBed.inject(AuthService);
    const tokens = await Promise.all([auth.accessToken(), auth.accessToken(), auth.refresh()]);
    expect(tokens).toEqual(['token-2', 'token-2', 'token-2']);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    const [url, init] = fetchSpy.calls.mostRecent().args as [string, RequestInit];
    expect(url).toBe(AUTH_API.refresh);
    expect((init.headers as Record<string, string>)[CLIENT_HEADER]).toBe('1');
    expect(init.credentials).toBe('same-origin');
  });

  it('a refused refresh ends the session', async () => {
    fetchSpy.and.resolveTo(reply(401, { code: 'refresh_reused', message: '…' }));
    await expectAsync(TestBed.inject(AuthService).refresh()).toBeRejectedWithError(SessionEndedError);
    expect(dispatched).toContain(sessionActions.expired({ code: 'refresh_reused' }));
  });

  it('AuthorizedFetch sends the bearer token and, on a 401, refreshes once and repeats the request', async () => {
    const auth = TestBed.inject(AuthService);
    fetchSpy.and.resolveTo(reply(200, session('old-token')));
    await auth.signIn('+79000000001', 'secret');
    const seen: string[] = [];
    fetchSpy.and.callFake(async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input) === AUTH_API.refresh) return reply(200, session('new-token'));
      const bearer = new Headers(init?.headers).get('authorization') ?? '';
      seen.push(bearer);
      return bearer === 'Bearer new-token' ? reply(200, { ok: true }) : reply(401, { error: 'unauthorized' });
    });
    const response = await TestBed.inject(AuthorizedFetch).fetch('/sync/profiles/', { method: 'GET' });
    expect(response.status).toBe(200);
    expect(seen).toEqual(['Bearer old-token', 'Bearer new-token']);
  });
});
