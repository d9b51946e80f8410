import type { FastifyError } from 'fastify';
import { apiError, type ApiError, type Language } from '@oblako/domain';
import { isHttpError } from './http-error';

/** Anything thrown while handling a request, as the handler sees it. */
export type ThrownError = Partial<FastifyError> & { statusCode?: number; retryAfterSeconds?: number };

/** The HTTP status to answer with: errors that carry a client status keep it; anything else is a 500. */
export function statusOf(error: ThrownError): number {
  const status = error.statusCode;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : 500;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** The ApiError body of /api (and every non-replication) response. */
export function apiBody(error: ThrownError, status: number, language: Language): ApiError {
  if (isHttpError(error)) {
    return apiError(error.code, language, {
      ...(error.field ? { field: error.field } : {}),
      ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    });
  }
  const code = status >= 500 ? 'internal' : (CODE_BY_STATUS[status] ?? 'validation');
  const field = error.validation ? validationField(error) : undefined;
  return apiError(code, language, field ? { field } : {});
}

const COUCH_ERROR_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'too_large',
  415: 'bad_content_type',
  429: 'too_many_requests',
};

/** The CouchDB-style body of /sync/ responses: what CouchDB clients (RxDB, PouchDB) understand. */
export function couchBody(error: ThrownError, status: number): { error: string; reason: string } {
  const name = COUCH_ERROR_BY_STATUS[status] ?? (status >= 500 ? 'internal_server_error' : 'bad_request');
  if (status >= 500) return { error: name, reason: 'Internal server error' };
  if (isHttpError(error)) return { error: name, reason: error.reason ?? error.code };
  return { error: name, reason: typeof error.message === 'string' && error.message ? error.message : name };
}

/** The field a schema validation error is about: `body/phone` → `phone`. */
function validationField(error: ThrownError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const params = first.params as Record<string, unknown> | undefined;
  const missing = params?.['missingProperty'] ?? params?.['additionalProperty'];
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (typeof missing === 'string') return path ? `${path}.${missing}` : missing;
  return path || undefined;
}
