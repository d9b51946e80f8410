import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { applyTransition, docId, freeSlots, isRefused, type Consultation, type ConsultationActor, type DoctorCalendar, type TransitionContext, type TransitionRequest } from '@oblako/domain';
import { declared, documentDoc, uploadWhole } from '../../sync-server/test/helpers/documents';
import { SyncClient } from '../../sync-server/test/helpers/sync-client';
import { makePdf } from '../fixtures/medical-files';
import { launchBrowser } from './browser';
import { eventually } from './eventually';

/** Chromium with fake camera and microphone, permissions granted, loopback WebRTC allowed. */
export function launchCallBrowser(): Promise<Browser> {
  return launchBrowser([
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
  ]);
}

/** Every day, all day, 10-minute slots in UTC: the next slot starts within ten minutes. */
export const SOON: DoctorCalendar = {
  timeZone: 'UTC',
  slotMinutes: 10,
  week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ start: '00:00', end: '24:00' }]])),
};

interface Who {
  token: string;
  userId: string;
}

/** A device-side step the way the PWA builds it (the server checks it again). */
function step(consultation: Consultation | null, request: TransitionRequest, actor: ConsultationActor): Consultation {
  const context: TransitionContext = {
    now: new Date().toISOString(),
    readiness: { ready: true, missing: [], pending: [], counts: { conclusion: 1, examination: 1 } },
    calendar: SOON,
    bookings: [],
    isDoctor: () => true,
  };
  const result = applyTransition(consultation, request, actor, context);
  if (isRefused(result)) throw new Error(`could not build ${request.transition}: ${JSON.stringify(result)}`);
  return result.consultation;
}

async function push(baseUrl: string, who: Who, collection: string, doc: Record<string, unknown>): Promise<void> {
  const client = new SyncClient(baseUrl, collection, who.token);
  const id = doc['_id'] as string;
  const rev = (await client.allDocs([id])).body.rows[0]?.value?.rev;
  const { body } = await client.bulkDocs([{ ...doc, ...(rev ? { _rev: rev } : {}) }]);
  if (!body[0]?.ok) throw new Error(`${collection} refused: ${JSON.stringify(body[0])}`);
}

async function read(baseUrl: string, who: Who, id: string): Promise<Consultation | null> {
  const { body } = await new SyncClient(baseUrl, 'consultations', who.token).allDocs([id]);
  const doc = body.rows[0]?.doc as (Record<string, unknown> & { _id: string }) | undefined;
  if (!doc) return null;
  const { _id, _rev, ...rest } = doc;
  void _rev;
  return { id: _id, ...rest } as unknown as Consultation;
}

/**
 * Through the real HTTP paths, a consultation of `patient` with `doctor` in the next slot: the
 * patient uploads the two documents (tus), opens the consultation, the server makes it ready,
 * the doctor takes it and schedules the first free slot of a 10-minute calendar, or `slot`.
 */
export async function scheduledConsultation(baseUrl: string, patient: Who, doctor: Who, slot?: { start: string; end: string }): Promise<Consultation> {
  for (const type of ['conclusion', 'mri'] as const) {
    const bytes = makePdf(`Oblako video e2e: ${type} ${randomUUID()}`);
    const file = declared(bytes, `${type}.pdf`, 'application/pdf');
    const doc = documentDoc(patient.userId, [file], { type });
    await push(baseUrl, patient, 'documents', doc);
    const { finished } = await uploadWhole(baseUrl, patient.token, doc['_id'] as string, file, bytes);
    if (finished.status !== 204) throw new Error(`upload answered ${finished.status}`);
  }
  const id = docId(patient.userId, `consultation-${randomUUID()}`);
  const opened = step(null, { transition: 'open', id, patientId: patient.userId, specialty: 'cardiology' }, { id: patient.userId, role: 'patient' });
  const { id: _, ...fields } = opened;
  void _;
  await push(baseUrl, patient, 'consultations', { _id: id, ...fields });
  await eventually(async () => (await read(baseUrl, patient, id))?.status === 'ready', 'the consultation to become ready', 30_000);
  const take = await fetch(`${baseUrl}/api/consultations/${encodeURIComponent(id)}/take`, {
    method: 'POST', headers: { authorization: `Bearer ${doctor.token}`, 'content-type': 'application/json' }, body: '{}',
  });
  if (take.status !== 200) throw new Error(`take answered ${take.status}: ${await take.text()}`);
  await push(baseUrl, doctor, 'doctor_settings', { _id: docId(doctor.userId, 'settings'), doctorId: doctor.userId, ...SOON, specialties: [], updatedAt: new Date().toISOString() });
  const taken = (await read(baseUrl, doctor, id))!;
  const chosen = slot ?? freeSlots(SOON, [], new Date(Date.now() + 60_000), new Date(Date.now() + 86_400_000), new Date())[0]!;
  const scheduled = step(taken, { transition: 'schedule', slot: chosen }, { id: doctor.userId, role: 'doctor' });
  const { id: __, ...scheduledFields } = scheduled;
  void __;
  await push(baseUrl, doctor, 'consultations', { _id: id, ...scheduledFields });
  return (await read(baseUrl, doctor, id))!;
}

/** Counts RTCPeerConnections of the page (test instrumentation, before the app loads). */
export const COLLECT_PEER_CONNECTIONS = `
  (() => {
    const Native = window.RTCPeerConnection;
    window.__pcs = [];
    window.RTCPeerConnection = function (...args) { const pc = new Native(...args); window.__pcs.push(pc); return pc; };
    window.RTCPeerConnection.prototype = Native.prototype;
    Object.setPrototypeOf(window.RTCPeerConnection, Native);
  })();
`;

/** Media bytes received over every peer connection of the page (`getStats()` inbound-rtp). */
export function inboundBytes(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let total = 0;
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((report: { type?: string; bytesReceived?: number }) => {
        if (report.type === 'inbound-rtp') total += report.bytesReceived ?? 0;
      });
    }
    return total;
  });
}

/** The remote video: its size and how many frames it has shown so far. */
export function remoteVideo(page: Page): Promise<{ width: number; height: number; frames: number }> {
  return page.getByTestId('remote-video').evaluate((video: HTMLVideoElement) => ({
    width: video.videoWidth,
    height: video.videoHeight,
    frames: video.getVideoPlaybackQuality().totalVideoFrames,
  }));
}

/** Frames advance on the remote video and media bytes grow: the other side is really seen. */
export async function seesVideo(page: Page, timeoutMs = 30_000): Promise<void> {
  await eventually(async () => (await remoteVideo(page).catch(() => ({ width: 0, frames: 0 }))).width > 0, 'the remote video to have a size', timeoutMs);
  const before = { video: await remoteVideo(page), bytes: await inboundBytes(page) };
  await eventually(async () => {
    const [video, bytes] = [await remoteVideo(page), await inboundBytes(page)];
    return video.frames > before.video.frames && bytes > before.bytes;
  }, 'remote frames to advance and inbound bytes to grow', timeoutMs);
}
