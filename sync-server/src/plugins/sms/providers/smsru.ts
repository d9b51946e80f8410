import type { SendResult, SmsProvider } from '../types';
import { describe, digits, getJson, postForm } from './http';

export interface SmsRuOptions {
  apiId: string;
  baseUrl?: string;
  sender?: string;
  test?: boolean;
}

/** Per-recipient codes that retrying cannot fix: invalid number, number refused, not allowed. */
const PERMANENT_CODES = new Set([202, 203, 204, 207, 208, 209, 230]);

/**
 * SMS.ru: `GET /sms/send?api_id=…&to=79…&msg=…&json=1` (text in UTF-8, `from=` a registered
 * sender, `test=1` a dry run). SMS.ru takes no client message id, so it has no lookup: after a
 * crash between its answer and our write the queue sends again (at least once, never lost).
 */
export function createSmsRuProvider(options: SmsRuOptions): SmsProvider {
  const base = (options.baseUrl ?? 'https://sms.ru').replace(/\/+$/, '');
  return {
    name: 'smsru',
    async send(message, signal): Promise<SendResult> {
      const url = new URL(`${base}/sms/send`);
      url.searchParams.set('api_id', options.apiId);
      url.searchParams.set('to', digits(message.to));
      url.searchParams.set('msg', message.text);
      url.searchParams.set('json', '1');
      if (options.sender) url.searchParams.set('from', options.sender);
      if (options.test) url.searchParams.set('test', '1');
      const outcome = await getJson(url, signal);
      if (!outcome.ok) return { ok: false, permanent: false, error: `SMS.ru unreachable: ${outcome.error}` };
      const body = outcome.body as { status?: string; status_code?: number; status_text?: string; sms?: Record<string, { status?: string; status_code?: number; status_text?: string; sms_id?: string }> };
      if (outcome.status !== 200 || typeof body !== 'object' || body === null) {
        return { ok: false, permanent: false, error: `SMS.ru HTTP ${outcome.status}: ${describe(outcome.body)}` };
      }
      if (body.status !== 'OK') {
        return { ok: false, permanent: false, error: `SMS.ru ${body.status_code ?? '?'}: ${body.status_text ?? describe(body)}` };
      }
      const entry = body.sms?.[digits(message.to)] ?? Object.values(body.sms ?? {})[0];
      if (!entry) return { ok: false, permanent: false, error: `SMS.ru: no result for the number: ${describe(body)}` };
      if (entry.status !== 'OK') {
        const code = entry.status_code ?? 0;
        return { ok: false, permanent: PERMANENT_CODES.has(code), error: `SMS.ru ${code}: ${entry.status_text ?? 'error'}` };
      }
      return { ok: true, ...(entry.sms_id ? { providerMessageId: entry.sms_id } : {}) };
    },

    /**
     * «Отправить разный текст на разные номера» (sms.ru/api/send): `to[79…]=text` for up to 100
     * numbers in one POST; the answer has a result per number.
     */
    async sendBatch(messages, signal): Promise<SendResult[]> {
      const form = new URLSearchParams({ api_id: options.apiId, json: '1' });
      for (const message of messages) form.set(`to[${digits(message.to)}]`, message.text);
      if (options.sender) form.set('from', options.sender);
      if (options.test) form.set('test', '1');
      const outcome = await postForm(new URL(`${base}/sms/send`), form, signal);
      const all = (error: string): SendResult[] => messages.map(() => ({ ok: false, permanent: false, error }));
      if (!outcome.ok) return all(`SMS.ru unreachable: ${outcome.error}`);
      const body = outcome.body as { status?: string; status_code?: number; status_text?: string; sms?: Record<string, { status?: string; status_code?: number; status_text?: string; sms_id?: string }> };
      if (outcome.status !== 200 || typeof body !== 'object' || body === null) return all(`SMS.ru HTTP ${outcome.status}: ${describe(outcome.body)}`);
      if (body.status !== 'OK') return all(`SMS.ru ${body.status_code ?? '?'}: ${body.status_text ?? describe(body)}`);
      return messages.map((message): SendResult => {
        const entry = body.sms?.[digits(message.to)];
        if (!entry) return { ok: false, permanent: false, error: 'SMS.ru: no result for the number' };
        if (entry.status !== 'OK') {
          const code = entry.status_code ?? 0;
          return { ok: false, permanent: PERMANENT_CODES.has(code), error: `SMS.ru ${code}: ${entry.status_text ?? 'error'}` };
        }
        return { ok: true, ...(entry.sms_id ? { providerMessageId: entry.sms_id } : {}) };
      });
    },
  };
}
