import { Injectable, inject } from '@angular/core';
import type { ApiError } from '@oblako/domain';
import { TranslationService } from '../i18n/translation.service';
import { isGatewayFailure, SW_BYPASS_HEADER } from './auth-api';
import { AuthService, SessionEndedError } from './auth.service';
import { AuthorizedFetch } from './authorized-fetch';

/**
 * A failed API call as a value a page can show: the ApiError code and message (in the person's
 * language), the field it is about, and any extra facts the server sent. `network`: no answer.
 */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly retryAfterSeconds?: number,
    /** The whole error body (servers may add facts such as `attemptsLeft`). */
    readonly body: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** A downloaded file (template, rejected rows). */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

type Query = Readonly<Record<string, string | number | undefined>>;

/**
 * JSON calls of our `/api` for module pages: the access token, renewal on a 401, the person's
 * language for server messages, and one error type. Public calls (registration, restore) go
 * without a token but with cookies, so the refresh cookie a new session sets is kept.
 */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly authorized = inject(AuthorizedFetch);
  private readonly auth = inject(AuthService);
  private readonly i18n = inject(TranslationService);

  get<T>(url: string, query?: Query): Promise<T> {
    return this.json<T>(() => this.authorized.fetch(withQuery(url, query), { headers: this.headers() }));
  }

  post<T>(url: string, body: unknown): Promise<T> {
    return this.json<T>(() => this.authorized.fetch(url, { method: 'POST', headers: this.headers(true), body: JSON.stringify(body) }));
  }

  delete<T = void>(url: string): Promise<T> {
    return this.json<T>(() => this.authorized.fetch(url, { method: 'DELETE', headers: this.headers() }));
  }

  /** Without a session: self-registration, restore. The answer may set the refresh cookie. */
  postPublic<T>(url: string, body: unknown): Promise<T> {
    return this.json<T>(() =>
      fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { ...this.headers(true), [SW_BYPASS_HEADER]: '1' },
        body: JSON.stringify(body),
      }),
    );
  }

  /** A file behind the token (a plain link cannot carry it). */
  async download(url: string, fallbackName: string): Promise<DownloadedFile> {
    const response = await this.send(() => this.authorized.fetch(url, { headers: { 'accept-language': this.i18n.language() } }));
    return { blob: await response.blob(), fileName: fileNameOf(response) ?? fallbackName };
  }

  /**
   * A large JSON body with upload progress (fetch cannot report it): 0…1 while the bytes go
   * out, then the server works. Renews the token once on a 401, like every other call.
   */
  async postWithProgress<T>(url: string, body: string, onProgress: (sent: number) => void): Promise<T> {
    let token = await this.tokenOrThrow(() => this.auth.accessToken());
    let result = await this.xhr(url, body, token, onProgress);
    if (result.status === 401) {
      token = await this.tokenOrThrow(() => this.auth.refresh());
      result = await this.xhr(url, body, token, onProgress);
    }
    if (result.status >= 200 && result.status < 300) return JSON.parse(result.text) as T;
    throw this.errorOf(result.status, parseJson(result.text));
  }

  private headers(json = false): Record<string, string> {
    return { accept: 'application/json', 'accept-language': this.i18n.language(), ...(json ? { 'content-type': 'application/json' } : {}) };
  }

  private async json<T>(call: () => Promise<Response>): Promise<T> {
    const response = await this.send(call);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  private async send(call: () => Promise<Response>): Promise<Response> {
    let response: Response;
    try {
      response = await call();
    } catch (error) {
      if (error instanceof SessionEndedError) throw this.errorOf(401, { code: error.message || 'session_expired' });
      throw this.networkError();
    }
    if (isGatewayFailure(response)) throw this.networkError();
    if (!response.ok) throw this.errorOf(response.status, await response.json().catch(() => null));
    return response;
  }

  private async tokenOrThrow(get: () => Promise<string>): Promise<string> {
    try {
      return await get();
    } catch (error) {
      if (error instanceof SessionEndedError) throw this.errorOf(401, { code: error.message || 'session_expired' });
      throw this.networkError();
    }
  }

  private xhr(url: string, body: string, token: string, onProgress: (sent: number) => void): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', url);
      for (const [name, value] of Object.entries(this.headers(true))) request.setRequestHeader(name, value);
      request.setRequestHeader('authorization', `Bearer ${token}`);
      request.setRequestHeader(SW_BYPASS_HEADER, '1');
      request.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
      };
      request.onload = () => {
        if (request.status >= 502 && request.status <= 504) reject(this.networkError());
        else resolve({ status: request.status, text: request.responseText });
      };
      request.onerror = () => reject(this.networkError());
      request.onabort = () => reject(this.networkError());
      request.send(body);
    });
  }

  private networkError(): ApiCallError {
    return new ApiCallError(0, 'network', this.i18n.t(navigator.onLine ? 'signIn.network' : 'signIn.offline'));
  }

  private errorOf(status: number, body: unknown): ApiCallError {
    const error = (typeof body === 'object' && body !== null ? body : {}) as Partial<ApiError> & Record<string, unknown>;
    const code = typeof error.code === 'string' ? error.code : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'internal';
    const known = this.i18n.has(`error.${code}`);
    const message = typeof error.message === 'string' && error.message ? error.message : this.i18n.t(known ? `error.${code}` : 'error.internal');
    return new ApiCallError(status, code, message, error.field, error.retryAfterSeconds, error);
  }
}

function withQuery(url: string, query?: Query): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** `attachment; filename*=UTF-8''%D0%BE…` or `filename="x.csv"`. */
function fileNameOf(response: Response): string | null {
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1]!);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
}
