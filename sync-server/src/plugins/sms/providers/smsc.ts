import type { LookupResult, SendResult, SmsProvider } from '../types';
import { describe, digits, getJson, postForm } from './http';

export interface SmscOptions {
  login?: string;
  password?: string;
  apiKey?: string;
  baseUrl?: string;
  sender?: string;
  test?: boolean;
}

/**
 * error_code values: 1 bad parameters, 2 bad login, 3 no money, 4 IP blocked, 5 bad date,
 * 6 message forbidden, 7 bad number, 8 cannot deliver, 9 the same request within a minute.
 */
const PERMANENT_ERRORS = new Set([1, 5, 6, 7, 8]);
const DUPLICATE_REQUEST = 9;
/** status.php: -3 = no message with this id for this phone. */
const NOT_FOUND_STATUS = -3;

/**
 * SMSC.ru: `GET /sys/send.php?login=…&psw=…&phones=79…&mes=…&charset=utf-8&fmt=3&id=<ours>`
 * (`apikey=` instead of login/psw; `cost=1` only prices it). Our message id travels as `id`,
 * so after a crash `status.php` tells whether the message got there, and it is not sent twice.
 */
export function createSmscProvider(options: SmscOptions): SmsProvider {
  const base = (options.baseUrl ?? 'https://smsc.ru').replace(/\/+$/, '');
  const authenticate = (url: URL) => {
    if (options.apiKey) url.searchParams.set('apikey', options.apiKey);
    else {
      url.searchParams.set('login', options.login ?? '');
      url.searchParams.set('psw', options.password ?? '');
    }
    url.searchParams.set('charset', 'utf-8');
    url.searchParams.set('fmt', '3');
  };
  return {
    name: 'smsc',
    async send(message, signal): Promise<SendResult> {
      const url = new URL(`${base}/sys/send.php`);
      authenticate(url);
      url.searchParams.set('phones', digits(message.to));
      url.searchParams.set('mes', message.text);
      url.searchParams.set('id', message.id);
      if (options.sender) url.searchParams.set('sender', options.sender);
      if (options.test) url.searchParams.set('cost', '1');
      const outcome = await getJson(url, signal);
      if (!outcome.ok) return { ok: false, permanent: false, error: `SMSC.ru unreachable: ${outcome.error}` };
      const body = outcome.body as { id?: number | string; cnt?: number; error?: string; error_code?: number };
      if (outcome.status !== 200 || typeof body !== 'object' || body === null) {
        return { ok: false, permanent: false, error: `SMSC.ru HTTP ${outcome.status}: ${describe(outcome.body)}` };
      }
      if (body.error_code !== undefined) {
        // The same request again within a minute: the first one was accepted.
        if (body.error_code === DUPLICATE_REQUEST) return { ok: true, providerMessageId: message.id };
        return { ok: false, permanent: PERMANENT_ERRORS.has(body.error_code), error: `SMSC.ru ${body.error_code}: ${body.error ?? 'error'}` };
      }
      return { ok: true, providerMessageId: String(body.id ?? message.id) };
    },

    /**
     * «Отправка разных сообщений на разные номера»: `list` holds one `phones:mes` line per
     * message (a newline inside a text travels as the two characters `\n`), the request's `id` is
     * the batch's `requestId` (the queue stores it on each message before sending, so status.php
     * finds every message of an interrupted batch by its phone and that id), `op=1` answers per number.
     * A request-wide error fails every message; a number's own error fails only it.
     */
    async sendBatch(messages, signal): Promise<SendResult[]> {
      const requestId = messages[0]!.requestId ?? messages[0]!.id;
      const url = new URL(`${base}/sys/send.php`);
      const form = new URLSearchParams();
      authenticate(url);
      for (const [key, value] of url.searchParams) form.set(key, value);
      form.set('list', messages.map((message) => `${digits(message.to)}:${message.text.replace(/\r?\n/g, '\\n')}`).join('\n'));
      form.set('id', requestId);
      form.set('op', '1');
      if (options.sender) form.set('sender', options.sender);
      if (options.test) form.set('cost', '1');
      const outcome = await postForm(new URL(`${base}/sys/send.php`), form, signal);
      const all = (result: SendResult): SendResult[] => messages.map(() => result);
      if (!outcome.ok) return all({ ok: false, permanent: false, error: `SMSC.ru unreachable: ${outcome.error}` });
      const body = outcome.body as { id?: number | string; error?: string; error_code?: number; phones?: { phone?: string; error?: number | string; status?: number }[] };
      if (outcome.status !== 200 || typeof body !== 'object' || body === null) {
        return all({ ok: false, permanent: false, error: `SMSC.ru HTTP ${outcome.status}: ${describe(outcome.body)}` });
      }
      if (body.error_code !== undefined) {
        if (body.error_code === DUPLICATE_REQUEST) return all({ ok: true, providerMessageId: requestId });
        // A wrong number fails the whole request at SMSC.ru: retried, and alone after enough tries.
        const permanent = PERMANENT_ERRORS.has(body.error_code) && body.error_code !== 7 && body.error_code !== 8;
        return all({ ok: false, permanent, error: `SMSC.ru ${body.error_code}: ${body.error ?? 'error'}` });
      }
      const byPhone = new Map((body.phones ?? []).map((entry) => [String(entry.phone ?? '').replace(/^\+/, ''), entry]));
      return messages.map((message): SendResult => {
        const entry = byPhone.get(digits(message.to));
        const error = entry?.error;
        if (error !== undefined && error !== 0 && error !== '0' && error !== '') {
          const code = Number(error);
          return { ok: false, permanent: PERMANENT_ERRORS.has(code), error: `SMSC.ru ${error}: the number was refused` };
        }
        return { ok: true, providerMessageId: String(body.id ?? requestId) };
      });
    },

    async lookup(message, signal): Promise<LookupResult> {
      const url = new URL(`${base}/sys/status.php`);
      authenticate(url);
      url.searchParams.set('phone', digits(message.to));
      url.searchParams.set('id', message.id);
      const outcome = await getJson(url, signal);
      if (!outcome.ok || outcome.status !== 200) return 'unknown';
      const body = outcome.body as { status?: number; error_code?: number };
      if (typeof body !== 'object' || body === null || body.error_code !== undefined || typeof body.status !== 'number') return 'unknown';
      return body.status === NOT_FOUND_STATUS ? 'not_found' : 'sent';
    },
  };
}
