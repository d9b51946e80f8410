import { randomUUID } from 'node:crypto';
import {
  applyTransition,
  docId,
  draftTransition,
  freeSlots,
  isRefused,
  type Consultation,
  type ConsultationActor,
  type DoctorCalendar,
  type Slot,
  type StoredDoc,
  type TransitionContext,
  type TransitionRequest,
} from '@oblako/domain';
import { makePdf } from '../../../e2e/fixtures/medical-files';
import { bearer, postJson, requestJson, type JsonResponse } from '../helpers/http';
import { declared, documentDoc, pushDocument, signedIn, uploadWhole, type SignedIn } from '../helpers/documents';
import { SyncClient, type BulkDocsRow } from '../helpers/sync-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** Every day, all day, in UTC: any future half-hour is a slot, so tests do not depend on the hour they run. */
export const ALWAYS_OPEN: DoctorCalendar = {
  timeZone: 'UTC',
  slotMinutes: 30,
  week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ start: '00:00', end: '24:00' }]])),
};

export interface World {
  server: TestServer;
  patient: SignedIn;
  doctor: SignedIn;
  otherDoctor: SignedIn;
  manager: SignedIn;
}

export async function newPatient(server: TestServer): Promise<SignedIn> {
  return signedIn(server, 'patient');
}

export async function startWorld(): Promise<World> {
  const server = await startTestServer();
  const [patient, doctor, otherDoctor, manager] = [
    await signedIn(server, 'patient'),
    await signedIn(server, 'doctor'),
    await signedIn(server, 'doctor'),
    await signedIn(server, 'manager'),
  ];
  for (const who of [doctor, otherDoctor]) await setCalendar(server, who, ALWAYS_OPEN, ['cardiology']);
  return { server, patient, doctor, otherDoctor, manager };
}

export async function setCalendar(server: TestServer, doctor: SignedIn, calendar: DoctorCalendar, specialties: string[] = []): Promise<void> {
  const id = docId(doctor.id, 'settings');
  const client = new SyncClient(server.baseUrl, 'doctor_settings', doctor.token);
  const existing = await client.allDocs([id]);
  const rev = existing.body.rows[0]?.value?.rev;
  const { body } = await client.bulkDocs([{ _id: id, ...(rev ? { _rev: rev } : {}), doctorId: doctor.id, ...calendar, specialties, updatedAt: new Date().toISOString() }]);
  if (!body[0]?.ok) throw new Error(`settings refused: ${JSON.stringify(body[0])}`);
}

export const actorOf = (who: SignedIn, role: ConsultationActor['role']): ConsultationActor => ({ id: who.id, role });

let slotsHanded = 0;
/** A slot nobody in this process was given before (tests of one server never collide). */
export function nextSlot(): Slot {
  const slot = futureSlots(500)[slotsHanded++];
  if (!slot) throw new Error('out of slots');
  return slot;
}

/** Free slots of the always-open calendar from an hour ahead. */
export function futureSlots(count: number, bookings: { start: string; end: string; consultationId: string }[] = []): Slot[] {
  const now = Date.now();
  return freeSlots(ALWAYS_OPEN, bookings, new Date(now + 3_600_000), new Date(now + 7 * 86_400_000), new Date(now)).slice(0, count);
}

/** A device-side step, built the way the PWA builds it, with a permissive context (the server decides). */
export function step(consultation: Consultation | null, request: TransitionRequest, actor: ConsultationActor, at = new Date()): Consultation {
  const context: TransitionContext = {
    now: at,
    readiness: { ready: true, missing: [], pending: [], counts: { conclusion: 1, examination: 1 } },
    calendar: ALWAYS_OPEN,
    bookings: [],
    isDoctor: () => true,
  };
  const result = applyTransition(consultation, request, actor, context);
  if (isRefused(result)) throw new Error(`the device could not build ${request.transition}: ${JSON.stringify(result)}`);
  return result.consultation;
}

/** A step built without any check (a forged or stale write). */
export function draft(consultation: Consultation | null, request: TransitionRequest, actor: ConsultationActor, at = new Date()): Consultation {
  return draftTransition(consultation, request, actor, at);
}

/** The consultation as RxDB would push it (primary key in `_id`). */
export function pushed(consultation: Consultation, rev?: string): StoredDoc {
  const { id, ...rest } = consultation;
  return { _id: id, ...(rev ? { _rev: rev } : {}), ...rest };
}

export async function push(server: TestServer, who: SignedIn, consultation: Consultation, rev?: string): Promise<BulkDocsRow> {
  const { status, body } = await new SyncClient(server.baseUrl, 'consultations', who.token).bulkDocs([pushed(consultation, rev)]);
  if (status !== 201) throw new Error(`_bulk_docs answered ${status}: ${JSON.stringify(body)}`);
  return body[0]!;
}

/** The stored consultation and its revision, straight from the store. */
export async function stored(server: TestServer, id: string): Promise<{ consultation: Consultation; rev: string } | null> {
  try {
    const doc = (await server.app.store.db('consultations').get(id)) as unknown as StoredDoc & { _rev: string };
    const { _id, _rev, ...rest } = doc;
    return { consultation: { id: _id, ...rest } as unknown as Consultation, rev: _rev };
  } catch {
    return null;
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Gives the patient the documents the seed's rule asks for (a conclusion and an MRI), with the
 * server's `uploaded` verdicts written straight into the store: quick, and the change feeds
 * see them as they would see real uploads.
 */
export async function giveDocuments(server: TestServer, patientId: string): Promise<void> {
  const now = new Date().toISOString();
  for (const type of ['conclusion', 'mri']) {
    const fileId = randomUUID();
    const documentId = docId(patientId, randomUUID());
    await server.app.store.db('documents').put({
      _id: documentId, patientId, type, date: '2026-01-15', note: '', createdAt: now, updatedAt: now,
      files: [{ fileId, name: `${type}.pdf`, size: 10, mime: 'application/pdf', sha256: 'a'.repeat(64) }],
    });
    await server.app.store.db('document_files').put({
      _id: docId(patientId, fileId), patientId, documentId, fileId, status: 'uploaded', name: `${type}.pdf`, size: 10, mime: 'application/pdf', sha256: 'a'.repeat(64), checkedAt: now,
    });
  }
}

/** The same through the real path: documents pushed by the patient, files uploaded by tus. */
export async function uploadDocuments(server: TestServer, patient: SignedIn): Promise<void> {
  for (const type of ['conclusion', 'mri'] as const) {
    const bytes = makePdf(`Oblako test: ${type} ${patient.id}`);
    const file = declared(bytes, `${type}.pdf`, 'application/pdf');
    const doc = documentDoc(patient.id, [file], { type });
    const row = await pushDocument(server, patient.token, doc);
    if (!row.ok) throw new Error(`document refused: ${JSON.stringify(row)}`);
    const { finished } = await uploadWhole(server.baseUrl, patient.token, doc['_id'] as string, file, bytes);
    if (finished.status !== 204) throw new Error(`upload answered ${finished.status}`);
  }
}

/** Opens a consultation as the patient does (over /sync), returns it as stored. */
export async function openAsPatient(world: World, patient = world.patient, specialty = 'cardiology'): Promise<Consultation> {
  const id = docId(patient.id, `consultation-${randomUUID()}`);
  const opened = step(null, { transition: 'open', id, patientId: patient.id, specialty }, actorOf(patient, 'patient'));
  const row = await push(world.server, patient, opened);
  if (!row.ok) throw new Error(`open refused: ${JSON.stringify(row)}`);
  return (await stored(world.server, id))!.consultation;
}

/** A ready consultation (documents given, readiness applied by the server). */
export async function readyConsultation(world: World, patient = world.patient): Promise<Consultation> {
  await giveDocuments(world.server, patient.id);
  const opened = await openAsPatient(world, patient);
  return waitFor('the consultation to become ready', async () => {
    const now = await stored(world.server, opened.id);
    return now?.consultation.status === 'ready' ? now.consultation : null;
  });
}

export function take(world: World, who: SignedIn, id: string): Promise<JsonResponse<Record<string, unknown>>> {
  return postJson(`${world.server.baseUrl}/api/consultations/${encodeURIComponent(id)}/take`, {}, bearer(who.token));
}

export async function takenBy(world: World, who: SignedIn, patient = world.patient): Promise<Consultation> {
  const ready = await readyConsultation(world, patient);
  const answer = await take(world, who, ready.id);
  if (answer.status !== 200) throw new Error(`take answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return (await stored(world.server, ready.id))!.consultation;
}

export async function scheduledBy(world: World, who: SignedIn, slot: Slot, patient = world.patient): Promise<Consultation> {
  const taken = await takenBy(world, who, patient);
  const current = await stored(world.server, taken.id);
  const row = await push(world.server, who, step(taken, { transition: 'schedule', slot }, actorOf(who, 'doctor')), current!.rev);
  if (!row.ok) throw new Error(`schedule refused: ${JSON.stringify(row)}`);
  return (await stored(world.server, taken.id))!.consultation;
}

export async function notificationsOf(world: World, who: SignedIn): Promise<Record<string, unknown>[]> {
  const { rows } = await new SyncClient(world.server.baseUrl, 'notifications', who.token).pullAll();
  return rows.flatMap((row) => (row.doc && !row.deleted ? [row.doc as Record<string, unknown>] : []));
}

export function get<T>(world: World, who: SignedIn, path: string): Promise<JsonResponse<T>> {
  return requestJson<T>(`${world.server.baseUrl}${path}`, { headers: bearer(who.token) });
}
