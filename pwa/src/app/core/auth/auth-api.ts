import { AUTH_API, CLIENT_HEADER, type ApiError, type SessionResponse, type SignInRequest } from '@oblako/domain';

/** Our API never goes through the service worker's cache (and the worker adds nothing). */
export const SW_BYPASS_HEADER = 'ngsw-bypass';

/**
 * 502–504 come from whatever stands between us and the server (a reverse proxy, or the
 * service worker when the network is down): the server itself was not reached.
 */
export function isGatewayFailure(response: Response): boolean {
  return response.status >= 502 && response.status <= 504;
}

/** The server answered with an error status (the body is an ApiError when it could be read). */
export class AuthHttpError extends Error {
  constructor(
    readonly status: number,
    readonly apiError: ApiError | null,
  ) {
    super(apiError?.message ?? `HTTP ${status}`);
  }
}

/** The request never got an answer (offline, server down, DNS, CORS). */
export class NetworkError extends Error {}

/** Raw calls of the auth HTTP contract (modules/domain/auth-api.ts). */
export async function postSignIn(body: SignInRequest, language: string): Promise<SessionResponse> {
  return call(AUTH_API.signIn, { body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'accept-language': language } });
}

/** The refresh token travels in the httpOnly cookie; the header proves it is our script. */
export async function postRefresh(): Promise<SessionResponse> {
  return call(AUTH_API.refresh, { headers: { [CLIENT_HEADER]: '1' } });
}

export async function postSignOut(): Promise<void> {
  await call(AUTH_API.signOut, { headers: { [CLIENT_HEADER]: '1' } });
}

async function call<T>(url: string, init: { body?: string; headers: Record<string, string> }): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', credentials: 'same-origin', cache: 'no-store', ...init, headers: { ...init.headers, [SW_BYPASS_HEADER]: '1' } });
  } catch (error) {
    throw new NetworkError(String(error));
  }
  if (isGatewayFailure(response)) throw new NetworkError(`HTTP ${response.status}`);
  if (!response.ok) throw new AuthHttpError(response.status, await readApiError(response));
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function readApiError(response: Response): Promise<ApiError | null> {
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && typeof (body as ApiError).code === 'string') return body as ApiError;
  } catch {
    // Not JSON (a proxy's error page): the status alone has to do.
  }
  return null;
}
