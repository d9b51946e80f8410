import { REGISTRATION_API, type CodeChallenge, type PhoneVerification } from '../../../modules/registration/api';
import { postJson, type JsonResponse } from './http';
import type { TestServer } from './test-server';

/** The code in the latest SMS to this phone (the outbox provider keeps texts). */
export async function latestCode(server: TestServer, phone: string): Promise<string> {
  await server.app.sms.runOnce();
  const { messages } = await server.app.sms.list({ limit: 50 });
  const message = messages.find((m) => m.to === phone && m.purpose !== 'credentials');
  const code = message?.text ? /код [а-я ]*?(\d{6})/.exec(message.text)?.[1] : undefined;
  if (!code) throw new Error(`no code SMS to ${phone}`);
  return code;
}

export function requestCode(server: TestServer, phone: string, purpose: 'register' | 'restore' = 'register'): Promise<JsonResponse<CodeChallenge>> {
  return postJson<CodeChallenge>(`${server.baseUrl}${REGISTRATION_API.requestCode}`, { phone, purpose });
}

export function verifyCode(server: TestServer, challengeId: string, code: string): Promise<JsonResponse<PhoneVerification>> {
  return postJson<PhoneVerification>(`${server.baseUrl}${REGISTRATION_API.verifyCode}`, { challengeId, code });
}

/** Phone → code → verification, all expected to succeed. */
export async function verifiedPhone(server: TestServer, phone: string, purpose: 'register' | 'restore' = 'register'): Promise<PhoneVerification> {
  const challenge = await requestCode(server, phone, purpose);
  if (challenge.status !== 200) throw new Error(`code request failed: ${challenge.status} ${JSON.stringify(challenge.body)}`);
  const verified = await verifyCode(server, challenge.body.challengeId, await latestCode(server, challenge.body.phone));
  if (verified.status !== 200) throw new Error(`verify failed: ${verified.status} ${JSON.stringify(verified.body)}`);
  return verified.body;
}
