import { after, before } from 'node:test';
import webpush from 'web-push';
import type { Consultation, StoredDoc } from '@oblako/domain';
import { pushChannelOf } from '../../../modules/push/server/plugin';
import type { PushJobDoc } from '../../../modules/push/server/jobs';
import { signedIn } from '../helpers/documents';
import { bearer, postJson, requestJson } from '../helpers/http';
import { PushServiceStandIn, type TestDevice } from '../helpers/push-service-stand-in';
import { startTestServer, type TestServer } from '../helpers/test-server';
import type { Config } from '../../src/config/index';
import { ALWAYS_OPEN, setCalendar, type World } from '../consultations/kit';

export const TEST_VAPID = webpush.generateVAPIDKeys();

/** Push on, the loopback stand-in allowed, quick retries: what a push test server needs. */
export function pushConfig(overrides: Partial<Config> = {}): Partial<Config> {
  return {
    vapidPublicKey: TEST_VAPID.publicKey,
    vapidPrivateKey: TEST_VAPID.privateKey,
    vapidSubject: 'mailto:ops@oblako.test',
    pushAllowPrivateEndpoints: true,
    pushRetryBaseMs: 40,
    pushMaxAttempts: 3,
    pushPollIntervalMs: 50,
    ...overrides,
  };
}

export async function startPushWorld(overrides: Partial<Config> = {}): Promise<World & { push: PushServiceStandIn }> {
  const push = await new PushServiceStandIn().start();
  const server = await startTestServer(pushConfig(overrides));
  const [patient, doctor, otherDoctor, manager] = [
    await signedIn(server, 'patient'), await signedIn(server, 'doctor'), await signedIn(server, 'doctor'), await signedIn(server, 'manager'),
  ];
  for (const who of [doctor, otherDoctor]) await setCalendar(server, who, ALWAYS_OPEN, ['cardiology']);
  return { server, patient, doctor, otherDoctor, manager, push };
}

/** A push world for the tests of one describe block: started before them, closed after. */
export function pushWorldForSuite(overrides: Partial<Config> = {}): () => World & { push: PushServiceStandIn } {
  let world: (World & { push: PushServiceStandIn }) | null = null;
  before(async () => {
    world = await startPushWorld(overrides);
  });
  after(async () => {
    await world?.server.close();
    await world?.push.stop();
  });
  return () => world!;
}

export async function subscribe(server: TestServer, token: string, device: TestDevice, extra: Record<string, unknown> = {}) {
  return postJson<{ id: string; deviceName: string }>(`${server.baseUrl}/api/push/subscriptions`, { ...device.subscription, expirationTime: null, deviceName: device.name, language: 'ru', ...extra }, bearer(token));
}

export async function devicesOf(server: TestServer, token: string) {
  return requestJson<{ id: string; deviceName: string }[]>(`${server.baseUrl}/api/push/subscriptions`, { headers: bearer(token) });
}

export async function setProfile(server: TestServer, patientId: string, profile: { timeZone: string; contactPhone?: string }): Promise<void> {
  const db = server.app.store.db('profiles');
  const existing = await db.get(`${patientId}:profile`).catch(() => null);
  await db.put({ ...(existing ?? { _id: `${patientId}:profile`, patientId, fullName: 'Тестовый Пациент' }), ...profile });
}

export async function jobOf(server: TestServer, id: string): Promise<PushJobDoc | null> {
  try {
    return (await server.app.store.db('push_jobs').get(id)) as unknown as PushJobDoc;
  } catch {
    return null;
  }
}

export async function jobsOf(server: TestServer, prefix: string): Promise<PushJobDoc[]> {
  const result = await server.app.store.db('push_jobs').allDocs({ include_docs: true, startkey: prefix, endkey: `${prefix}\ufff0` });
  return result.rows.flatMap((row) => (row.doc ? [row.doc as unknown as PushJobDoc] : []));
}

/** A consultation as another part of the system stored it (the scheduler only reads the store). */
export async function storeConsultation(server: TestServer, consultation: Consultation): Promise<void> {
  const db = server.app.store.db('consultations');
  const { id, ...rest } = consultation;
  let rev: string | undefined;
  try {
    rev = ((await db.get(id)) as StoredDoc & { _rev: string })._rev;
  } catch {
    rev = undefined;
  }
  await db.put({ _id: id, ...(rev ? { _rev: rev } : {}), ...rest });
}

export function channelIdle(server: TestServer): Promise<void> {
  return pushChannelOf(server.app)!.idle();
}
