import { apiSession, DEMO } from './app';
import { eventually } from './eventually';

/**
 * SMS in demo mode go to the outbox (nothing leaves the machine). Tests read them the way a
 * manager does — through the manager's API, never from server logs.
 */
export interface OutboxMessage {
  messageId: string;
  to: string;
  purpose: 'credentials' | 'registration_code' | 'restore_code';
  state: string;
  text?: string;
  queuedAt: string;
}

/** One manager session per server (signing in on every poll would hit the sign-in rate limit). */
const managerTokens = new Map<string, Promise<string>>();

function managerToken(baseUrl: string, fresh = false): Promise<string> {
  if (fresh || !managerTokens.has(baseUrl)) managerTokens.set(baseUrl, apiSession(baseUrl, DEMO.manager.phone).then((session) => session.token));
  return managerTokens.get(baseUrl)!;
}

export async function outbox(baseUrl: string): Promise<OutboxMessage[]> {
  const read = async (token: string) => fetch(`${baseUrl}/api/admin/sms?limit=100`, { headers: { authorization: `Bearer ${token}` } });
  let response = await read(await managerToken(baseUrl));
  if (response.status === 401) response = await read(await managerToken(baseUrl, true));
  if (!response.ok) throw new Error(`outbox: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { messages: OutboxMessage[] }).messages;
}

/** The newest message of `purpose` to `phone` (E.164) queued after `since`, once its text is made. */
export async function waitForSms(baseUrl: string, phone: string, purpose: OutboxMessage['purpose'], since = 0): Promise<OutboxMessage & { text: string }> {
  return eventually(async () => {
    const found = (await outbox(baseUrl)).find((m) => m.to === phone && m.purpose === purpose && Date.parse(m.queuedAt) >= since && m.text);
    return found as (OutboxMessage & { text: string }) | undefined;
  }, `an SMS (${purpose}) to ${phone} in the outbox`, 20_000);
}

/** «…временный пароль: b98hcntpzj. …» → the one-time password. */
export function oneTimePasswordOf(text: string): string {
  const match = /пароль:\s*(\S+?)[.,]?(\s|$)/.exec(text);
  if (!match) throw new Error(`no password in the SMS: ${text}`);
  return match[1]!;
}

/** «…код регистрации 123456…» → the six digits. */
export function codeOf(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  if (!match) throw new Error(`no code in the SMS: ${text}`);
  return match[1]!;
}
