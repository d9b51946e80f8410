import { CLIENT_HEADER } from '@oblako/domain';

/** Small fetch wrappers for tests: every call states its method, headers and body explicitly. */

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  response: Response;
}

export async function requestJson<T = unknown>(url: string, init: RequestInit = {}): Promise<JsonResponse<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: body as T, response };
}

export function postJson<T = unknown>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
  return requestJson<T>(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

export function bearer(accessToken: string): Record<string, string> {
  return { authorization: `Bearer ${accessToken}` };
}

/** Headers of a cookie-authenticated auth call from our own app (the CSRF header included). */
export function fromApp(cookie: string): Record<string, string> {
  return { cookie, [CLIENT_HEADER]: '1' };
}
