/**
 * An error meant for the client: an HTTP status and a stable code from modules/domain/errors.ts.
 * The message is chosen at response time in the caller's language, so throw sites only say
 * what went wrong. `reason` is what /sync/ clients (CouchDB protocol) see instead.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly statusCode: number;
  readonly code: string;
  readonly field?: string;
  readonly retryAfterSeconds?: number;
  readonly reason?: string;

  constructor(
    statusCode: number,
    code: string,
    details: { field?: string; retryAfterSeconds?: number; reason?: string; cause?: unknown } = {},
  ) {
    super(details.reason ?? code, { cause: details.cause });
    this.statusCode = statusCode;
    this.code = code;
    this.field = details.field;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.reason = details.reason;
  }
}

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}
