/** A provider's HTTP GET with a time limit; network trouble is a retryable failure, not an exception. */
const TIMEOUT_MS = 15_000;

export type HttpOutcome = { ok: true; status: number; body: unknown } | { ok: false; error: string; aborted: boolean };

export function getJson(url: URL, signal: AbortSignal): Promise<HttpOutcome> {
  return request(url, { headers: { accept: 'application/json' } }, signal);
}

/** A form POST (a batch of 100 texts does not fit in a URL). */
export function postForm(url: URL, form: URLSearchParams, signal: AbortSignal): Promise<HttpOutcome> {
  return request(url, { method: 'POST', body: form, headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } }, signal);
}

async function request(url: URL, init: RequestInit, signal: AbortSignal): Promise<HttpOutcome> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Some error pages are HTML: keep the text for the message.
    }
    return { ok: true, status: response.status, body };
  } catch (error) {
    return { ok: false, error: (error as Error).message, aborted: signal.aborted };
  }
}

/** Providers want the number without the plus: 79001234567. */
export function digits(e164: string): string {
  return e164.replace(/^\+/, '');
}

export function describe(body: unknown): string {
  return typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body).slice(0, 200);
}
