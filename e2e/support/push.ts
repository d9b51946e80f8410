import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { applyTransition, docId, freeSlots, isRefused, type Consultation, type DoctorCalendar, type TransitionRequest } from '@oblako/domain';
import { makePdf } from '../fixtures/medical-files';
import { declared, documentDoc, pushDocument, uploadWhole } from '../../sync-server/test/helpers/documents';
import { SyncClient } from '../../sync-server/test/helpers/sync-client';
import type { TestServer } from '../../sync-server/test/helpers/test-server';
import { eventually } from './eventually';

const ALWAYS_OPEN: DoctorCalendar = {
  timeZone: 'Europe/Moscow',
  slotMinutes: 30,
  week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ start: '00:00', end: '24:00' }]])),
};

function step(consultation: Consultation | null, request: TransitionRequest, actor: { id: string; role: 'patient' | 'doctor' }): Consultation {
  const result = applyTransition(consultation, request, actor, {
    now: new Date(), calendar: ALWAYS_OPEN, bookings: [], isDoctor: () => true,
    readiness: { ready: true, missing: [], pending: [], counts: { conclusion: 1, examination: 1 } },
  });
  if (isRefused(result)) throw new Error(`cannot build ${request.transition}: ${JSON.stringify(result)}`);
  return result.consultation;
}

async function pushConsultation(baseUrl: string, token: string, consultation: Consultation): Promise<void> {
  const client = new SyncClient(baseUrl, 'consultations', token);
  const existing = await client.allDocs([consultation.id]);
  const rev = existing.body.rows[0]?.value?.rev;
  const { id, ...rest } = consultation;
  const { body } = await client.bulkDocs([{ _id: id, ...(rev ? { _rev: rev } : {}), ...rest }]);
  if (!body[0]?.ok) throw new Error(`consultation write refused: ${JSON.stringify(body[0])}`);
}

async function readConsultation(baseUrl: string, token: string, id: string): Promise<Consultation | null> {
  const doc = await new SyncClient(baseUrl, 'consultations', token).read(id);
  if (!doc) return null;
  const { _id, _rev: _ignored, ...rest } = doc as Record<string, unknown> & { _id: string; _rev?: string };
  return { id: _id, ...rest } as unknown as Consultation;
}

/**
 * A consultation scheduled for the patient through the real server path, over HTTP only (the
 * journeys of booking and scheduling in the UI are e2e/consultations-*): documents uploaded by
 * tus, the consultation opened, readiness by the server, the doctor's take and schedule.
 */
export async function scheduledConsultation(baseUrl: string, patient: { userId: string; token: string }, doctor: { userId: string; token: string }): Promise<Consultation> {
  const server = { baseUrl } as TestServer;
  for (const type of ['conclusion', 'mri'] as const) {
    const bytes = makePdf(`Oblako e2e push: ${type}`);
    const file = declared(bytes, `${type}.pdf`, 'application/pdf');
    const doc = documentDoc(patient.userId, [file], { type });
    const row = await pushDocument(server, patient.token, doc);
    if (!row.ok) throw new Error(`document refused: ${JSON.stringify(row)}`);
    const { finished } = await uploadWhole(baseUrl, patient.token, doc['_id'] as string, file, bytes);
    if (finished.status !== 204) throw new Error(`upload answered ${finished.status}`);
  }
  const id = docId(patient.userId, `consultation-${randomUUID()}`);
  await pushConsultation(baseUrl, patient.token, step(null, { transition: 'open', id, patientId: patient.userId, specialty: 'cardiology' }, { id: patient.userId, role: 'patient' }));
  await eventually(async () => (await readConsultation(baseUrl, patient.token, id))?.status === 'ready', 'the consultation ready', 30_000);

  // The demo doctor works every day, all day, for this journey.
  const settingsId = docId(doctor.userId, 'settings');
  const settings = new SyncClient(baseUrl, 'doctor_settings', doctor.token);
  const rev = (await settings.allDocs([settingsId])).body.rows[0]?.value?.rev;
  await settings.bulkDocs([{ _id: settingsId, ...(rev ? { _rev: rev } : {}), doctorId: doctor.userId, ...ALWAYS_OPEN, specialties: [], updatedAt: new Date().toISOString() }]);

  const take = await fetch(`${baseUrl}/api/consultations/${encodeURIComponent(id)}/take`, { method: 'POST', headers: { authorization: `Bearer ${doctor.token}`, 'content-type': 'application/json' }, body: '{}' });
  if (take.status !== 200) throw new Error(`take answered ${take.status}`);
  const taken = (await readConsultation(baseUrl, doctor.token, id))!;
  const now = Date.now();
  const slot = freeSlots(ALWAYS_OPEN, [], new Date(now + 26 * 3600_000), new Date(now + 3 * 86_400_000), new Date(now))[0]!;
  await pushConsultation(baseUrl, doctor.token, step(taken, { transition: 'schedule', slot }, { id: doctor.userId, role: 'doctor' }));
  return (await readConsultation(baseUrl, doctor.token, id))!;
}

/**
 * Chromium here has no push service (FCM), so pushManager.subscribe would hang: the page gets
 * a PushManager that answers with the test's own subscription (endpoint on the loopback
 * stand-in, keys the test holds). Everything after it — SwPush, the server, encryption — is real.
 */
export async function stubPushManager(context: BrowserContext, subscription: { endpoint: string; keys: { p256dh: string; auth: string } }): Promise<void> {
  // A string, not a function: tsx would add helpers (__name) the page does not have.
  await context.addInitScript(`(() => {
    const stub = ${JSON.stringify(subscription)};
    let current = null;
    const make = () => ({
      endpoint: stub.endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: null },
      getKey: () => null,
      toJSON: () => ({ endpoint: stub.endpoint, expirationTime: null, keys: stub.keys }),
      unsubscribe: async () => { current = null; return true; },
    });
    PushManager.prototype.subscribe = async function () { current = make(); return current; };
    PushManager.prototype.getSubscription = async function () { return current; };
    PushManager.prototype.permissionState = async function () { return 'granted'; };
  })();`);
}

/** The registration id of the page's Angular service worker, for CDP ServiceWorker.* calls. */
export async function serviceWorkerRegistrationId(page: Page): Promise<{ send: (data: string) => Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (event: { registrations: typeof registrations }) => registrations.push(...event.registrations));
  await cdp.send('ServiceWorker.enable');
  const registration = await eventually(async () => registrations.find((candidate) => candidate.scopeURL.startsWith(origin) && !candidate.isDeleted), 'the service worker registration', 30_000);
  return {
    send: async (data: string) => {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: registration.registrationId, data });
    },
  };
}
