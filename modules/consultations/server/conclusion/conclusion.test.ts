import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  applyTransition,
  AUDIT_API,
  CONSENT_API,
  CONSENT_VERSION,
  docId,
  isRefused,
  type Consultation,
  type ConsultationActor,
  type RecordViewsPage,
  type TransitionContext,
  type TransitionRequest,
} from '@oblako/domain';
import { conclusionUrl, type ConclusionRequest, type ConclusionResult } from '../../api';
import { startTestServer, type TestServer } from '../../../../sync-server/test/helpers/test-server';
import { bearer, postJson, requestJson } from '../../../../sync-server/test/helpers/http';
import { SyncClient, editOf } from '../../../../sync-server/test/helpers/sync-client';
import { download, fileRecord } from '../../../../sync-server/test/helpers/documents';
import { storedOf } from '../store';
import { CONCLUSIONS_DB, type StoredConclusion } from './records';

/**
 * The consultant's conclusion: from a held consultation to a PDF in the patient's documents,
 * through the real server (all modules) and its embedded store.
 *
 * Fixture: the consultations are walked to their state with the domain's applyTransition (in
 * the past, so every step's time is before the server's clock) and written straight into the
 * store, with the doctor assigned to the patient as a take would; the last step (issue) goes
 * through the HTTP route and the ConsultationService.
 */

interface Person {
  id: string;
  token: string;
  name: string;
}

let server: TestServer;
let patient: Person;
let otherPatient: Person;
let doctor: Person;
let otherDoctor: Person;
let manager: Person;

const PATIENT_NAME = 'Иванова Мария Петровна';
const DOCTOR_NAME = 'Петров Пётр Ильич';
const DIAGNOSIS = 'Ишемическая болезнь сердца: стенокардия напряжения, функциональный класс II';
const REQUEST: ConclusionRequest = {
  complaints: 'Давящие боли за грудиной при подъёме на 2 этаж, одышка.',
  findings: 'ЭКГ: синусовый ритм, ЧСС 72. Холтер: эпизоды депрессии ST при нагрузке.',
  diagnosis: DIAGNOSIS,
  icd10: 'I20.8',
  recommendations: 'Коронарография в плановом порядке. Аторвастатин 40 мг вечером.',
};

// Monday 1 December 2025, 10:00 in Moscow: long past, so the history is before the server's clock.
const NOW = '2025-12-01T07:00:00.000Z';
const SLOT = { start: '2025-12-02T07:00:00.000Z', end: '2025-12-02T07:30:00.000Z' };
const IN_CALL = '2025-12-02T07:05:00.000Z';
const CALENDAR = {
  timeZone: 'Europe/Moscow',
  slotMinutes: 30,
  week: { tue: [{ start: '09:00', end: '13:00' }] },
} as TransitionContext['calendar'];

async function person(role: 'patient' | 'doctor' | 'manager', name: string): Promise<Person> {
  const account = await server.createAccount(role, { name });
  const session = await server.signIn(account.phone, account.password);
  if (role === 'patient') {
    const accepted = await postJson(`${server.baseUrl}${CONSENT_API.current}`, { version: CONSENT_VERSION }, bearer(session.accessToken));
    assert.equal(accepted.status, 200);
  }
  return { id: account.user.id, token: session.accessToken, name };
}

/** A consultation of `patientId` walked to `status` by `doctorId`, stored as the server stores it. */
async function consultationIn(status: 'scheduled' | 'held', patientId: string, doctorId: string): Promise<Consultation> {
  const patientActor: ConsultationActor = { id: patientId, role: 'patient' };
  const doctorActor: ConsultationActor = { id: doctorId, role: 'doctor' };
  const context = (now: string): TransitionContext => ({
    now,
    readiness: { ready: true, missing: [], pending: [], counts: { conclusion: 1, examination: 1 } },
    calendar: CALENDAR,
    bookings: [],
  });
  const steps: [TransitionRequest, ConsultationActor, string][] = [
    [{ transition: 'open', id: docId(patientId, `consultation-${randomUUID()}`), patientId, specialty: 'cardiology' }, patientActor, NOW],
    [{ transition: 'documents_ready' }, patientActor, NOW],
    [{ transition: 'take' }, doctorActor, NOW],
    [{ transition: 'schedule', slot: SLOT }, doctorActor, NOW],
  ];
  if (status === 'held') {
    steps.push([{ transition: 'start' }, doctorActor, IN_CALL], [{ transition: 'complete' }, doctorActor, IN_CALL]);
  }
  let current: Consultation | null = null;
  for (const [request, actor, now] of steps) {
    const result = applyTransition(current, request, actor, context(now));
    if (isRefused(result)) throw new Error(`${request.transition} refused: ${JSON.stringify(result)}`);
    current = result.consultation;
  }
  await server.app.store.db('consultations').put(storedOf(current!) as PouchDB.Core.PutDocument<object>);
  await server.app.access.assign(doctorId, patientId);
  return current!;
}

function issue(consultationId: string, token: string, body: unknown): ReturnType<typeof requestJson<Record<string, unknown>>> {
  return postJson<Record<string, unknown>>(`${server.baseUrl}${conclusionUrl(consultationId)}`, body, bearer(token));
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: bytes.slice(), disableFontFace: true, useSystemFonts: false }).promise;
  let text = '';
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
  }
  await pdf.destroy();
  return text;
}

before(async () => {
  server = await startTestServer();
  patient = await person('patient', PATIENT_NAME);
  otherPatient = await person('patient', 'Сидоров Олег');
  doctor = await person('doctor', DOCTOR_NAME);
  otherDoctor = await person('doctor', 'Кузнецова Анна');
  manager = await person('manager', 'Менеджер Ольга');
  // The profile module made an empty profile when the account was created: fill it in.
  const profiles = server.app.store.db('profiles');
  const existing = await profiles.get(docId(patient.id, 'profile')).catch(() => null);
  await profiles.put({
    ...(existing ?? {}),
    _id: docId(patient.id, 'profile'),
    patientId: patient.id,
    fullName: PATIENT_NAME,
    birthDate: '1961-03-12',
    region: 'Приморский край',
    timeZone: 'Asia/Vladivostok',
    contactPhone: '+79001234567',
    updatedAt: NOW,
  });
});
after(() => server.close());

describe('issuing a conclusion', () => {
  let consultation: Consultation;
  let result: ConclusionResult;
  let pdf: Uint8Array;

  before(async () => {
    consultation = await consultationIn('held', patient.id, doctor.id);
  });

  test('the doctor who held the consultation issues it: a document of the patient, the consultation is done', async () => {
    const answer = await issue(consultation.id, doctor.token, { ...REQUEST, icd10: ' i20,8 ' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    result = answer.body as unknown as ConclusionResult;
    const local = consultation.id.slice(patient.id.length + 1);
    assert.equal(result.documentId, `${patient.id}:conclusion-${local}`);
    assert.deepEqual(result.issuedBy, { id: doctor.id, name: DOCTOR_NAME });
    assert.equal(result.signature, 'unsigned');
    assert.ok(Math.abs(Date.parse(result.issuedAt) - Date.now()) < 60_000);

    const stored = (await server.app.store.db('consultations').get(consultation.id)) as unknown as Consultation;
    assert.equal(stored.status, 'done');
    assert.equal(stored.conclusionId, result.documentId);
    assert.equal(stored.history.at(-1)?.transition, 'issue_conclusion');
    assert.equal(stored.history.at(-1)?.actorId, doctor.id);

    const record = (await server.app.store.db(CONCLUSIONS_DB).get(consultation.id)) as unknown as StoredConclusion;
    assert.equal(record.status, 'issued');
    assert.deepEqual(record.fields, { ...REQUEST, icd10: 'I20.8' });
    assert.deepEqual(record.issuedBy, { id: doctor.id, name: DOCTOR_NAME });
    assert.deepEqual(record.signature, { state: 'unsigned', reason: 'not_configured' });
    assert.equal(record.documentId, result.documentId);
  });

  test('the patient sees it in /sync/documents with a verified file, and downloads the PDF', async () => {
    const document = await new SyncClient(server.baseUrl, 'documents', patient.token).read(result.documentId);
    assert.ok(document, 'the patient pulls the conclusion');
    assert.equal(document['type'], 'consultation_conclusion');
    const files = document['files'] as { fileId: string; name: string; mime: string; size: number; sha256: string }[];
    assert.equal(files.length, 1);
    assert.equal(files[0]!.fileId, result.fileId);
    assert.match(files[0]!.name, /^Заключение_\d{4}-\d{2}-\d{2}\.pdf$/);
    assert.equal(files[0]!.mime, 'application/pdf');
    assert.match(String(document['note']), /не подписано/);

    const verdict = await fileRecord(server, patient.token, patient.id, result.fileId);
    assert.equal(verdict?.['status'], 'uploaded');
    assert.equal(verdict?.['sha256'], files[0]!.sha256);
    assert.equal(verdict?.['documentId'], result.documentId);

    const response = await download(server.baseUrl, patient.token, patient.id, result.fileId);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    pdf = new Uint8Array(await response.arrayBuffer());
    assert.equal(pdf.length, files[0]!.size);
    assert.equal(response.headers.get('etag'), `"${files[0]!.sha256}"`);
    assert.equal(new TextDecoder().decode(pdf.subarray(0, 5)), '%PDF-');
  });

  test('the PDF carries the Cyrillic text: patient, diagnosis with ICD-10, times in the patient\'s zone, the legal note, no signature', async () => {
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    assert.match(text, /Заключение врача-консультанта по результатам телемедицинской консультации/);
    assert.ok(text.includes(PATIENT_NAME), 'the patient\'s name');
    assert.ok(text.includes('12 марта 1961'), 'the birth date');
    assert.ok(text.includes(DIAGNOSIS), 'the diagnosis, Cyrillic');
    assert.ok(text.includes('I20.8'), 'the ICD-10 code');
    assert.ok(text.includes(DOCTOR_NAME), 'the doctor');
    assert.ok(text.includes('Кардиология'), 'the specialty');
    assert.ok(text.includes('Аторвастатин 40 мг'), 'the recommendations');
    assert.ok(text.includes('2 декабря 2025, 17:00'), 'the call at 10:00 Moscow is 17:00 in Vladivostok');
    assert.ok(text.includes('Владивосток'), 'the zone is named');
    assert.ok(text.includes('36.2'), 'the 323-FZ note');
    assert.ok(text.includes('Электронная подпись (УКЭП): не подписано'));
  });

  test('a second issue after done: 409 conclusion_already_issued, nothing changes', async () => {
    const before = (await server.app.store.db('documents').get(result.documentId)) as { _rev: string };
    const again = await issue(consultation.id, doctor.token, REQUEST);
    assert.equal(again.status, 409);
    assert.equal(again.body['code'], 'conclusion_already_issued');
    assert.match(String(again.body['message']), /уже выдано/);
    const after = (await server.app.store.db('documents').get(result.documentId)) as { _rev: string };
    assert.equal(after._rev, before._rev);
  });

  test('another patient can neither download nor pull it', async () => {
    assert.equal((await download(server.baseUrl, otherPatient.token, patient.id, result.fileId)).status, 404);
    assert.equal(await new SyncClient(server.baseUrl, 'documents', otherPatient.token).read(result.documentId), null);
  });

  test('the doctor\'s read is in the patient\'s list of who viewed the records; a manager reads no medical file', async () => {
    const response = await download(server.baseUrl, doctor.token, patient.id, result.fileId);
    assert.equal(response.status, 200);
    await response.arrayBuffer();
    assert.equal((await download(server.baseUrl, manager.token, patient.id, result.fileId)).status, 404);
    const { status, body } = await requestJson<RecordViewsPage>(`${server.baseUrl}${AUDIT_API.myRecordViews}`, { headers: bearer(patient.token) });
    assert.equal(status, 200);
    const reads = body.entries.filter((entry) => entry.subject.id === result.fileId);
    assert.deepEqual(reads.map((entry) => entry.actor.id), [doctor.id]);
    for (const entry of reads) {
      assert.equal(entry.action, 'file.read');
      assert.equal(entry.subject.documentId, result.documentId);
      assert.match(entry.subject.name ?? '', /^Заключение_/);
    }
  });

  test('nobody changes or deletes it over replication; nobody creates one or takes its id', async () => {
    const client = new SyncClient(server.baseUrl, 'documents', patient.token);
    const current = (await client.read(result.documentId))!;
    const rev = ((await server.app.store.db('documents').get(result.documentId)) as { _rev: string })._rev;

    const deleted = await client.bulkDocs([{ ...editOf(current), _id: result.documentId, _rev: rev, _deleted: true }]);
    assert.equal(deleted.body[0]?.error, 'forbidden');
    const edited = await client.bulkDocs([{ ...editOf(current), _id: result.documentId, _rev: rev, note: 'моя заметка' }]);
    assert.equal(edited.body[0]?.error, 'forbidden');
    assert.equal(edited.body[0]?.field, 'note');

    const file = { fileId: randomUUID(), name: 'fake.pdf', size: 10, mime: 'application/pdf', sha256: 'a'.repeat(64) };
    const base = { patientId: patient.id, date: '2025-12-01', note: '', files: [file], createdAt: NOW, updatedAt: NOW };
    const forged = await client.bulkDocs([{ ...base, _id: docId(patient.id, randomUUID()), type: 'consultation_conclusion' }]);
    assert.equal(forged.body[0]?.error, 'forbidden');
    assert.equal(forged.body[0]?.field, 'type');
    const squatted = await client.bulkDocs([{ ...base, _id: docId(patient.id, 'conclusion-consultation-next'), type: 'mri' }]);
    assert.equal(squatted.body[0]?.error, 'forbidden');

    const doctorClient = new SyncClient(server.baseUrl, 'documents', doctor.token);
    const byDoctor = await doctorClient.bulkDocs([{ ...base, _id: docId(patient.id, randomUUID()), type: 'consultation_conclusion' }]);
    assert.equal(byDoctor.body[0]?.error, 'forbidden');
    assert.equal((await client.read(result.documentId))?.['note'], current['note']);
  });
});

describe('refusals', () => {
  test('without a diagnosis or with a malformed ICD-10 code: 400 naming the field, in Russian', async () => {
    const held = await consultationIn('held', patient.id, doctor.id);
    const { diagnosis: _omitted, ...withoutDiagnosis } = REQUEST;
    const missing = await issue(held.id, doctor.token, withoutDiagnosis);
    assert.equal(missing.status, 400);
    assert.equal(missing.body['field'], 'diagnosis');
    assert.equal(missing.body['message'], 'Укажите диагноз.');

    const blank = await issue(held.id, doctor.token, { ...REQUEST, diagnosis: '   ' });
    assert.equal(blank.status, 400);
    assert.equal(blank.body['field'], 'diagnosis');

    for (const icd10 of ['', 'I2', '25.1', 'I25.123', 'ишемия']) {
      const wrong = await issue(held.id, doctor.token, { ...REQUEST, icd10 });
      assert.equal(wrong.status, 400, icd10);
      assert.equal(wrong.body['field'], 'icd10', icd10);
      assert.match(String(wrong.body['message']), /МКБ-10/);
    }
    const { icd10: _code, ...withoutCode } = REQUEST;
    assert.equal((await issue(held.id, doctor.token, withoutCode)).body['field'], 'icd10');

    const long = await issue(held.id, doctor.token, { ...REQUEST, recommendations: 'а'.repeat(8001) });
    assert.equal(long.status, 400);
    assert.equal(long.body['field'], 'recommendations');

    const stored = (await server.app.store.db('consultations').get(held.id)) as unknown as Consultation;
    assert.equal(stored.status, 'held', 'nothing happened');
  });

  test('another doctor, the patient and a manager are refused with the state machine\'s code; nothing is written', async () => {
    const held = await consultationIn('held', patient.id, doctor.id);
    const wrongDoctor = await issue(held.id, otherDoctor.token, REQUEST);
    assert.equal(wrongDoctor.status, 403);
    assert.equal(wrongDoctor.body['code'], 'not_your_consultation');
    for (const caller of [patient, manager]) {
      const refused = await issue(held.id, caller.token, REQUEST);
      assert.equal(refused.status, 403);
      assert.equal(refused.body['code'], 'role_not_allowed');
    }
    const documentId = `${patient.id}:conclusion-${held.id.slice(patient.id.length + 1)}`;
    await assert.rejects(server.app.store.db('documents').get(documentId), { status: 404 });
    await assert.rejects(server.app.store.db(CONCLUSIONS_DB).get(held.id), { status: 404 });
  });

  test('before the call (scheduled): invalid_transition, nothing written', async () => {
    const scheduled = await consultationIn('scheduled', patient.id, doctor.id);
    const early = await issue(scheduled.id, doctor.token, REQUEST);
    assert.equal(early.status, 409);
    assert.equal(early.body['code'], 'invalid_transition');
    assert.match(String(early.body['message']), /невозможно/);
    const documentId = `${patient.id}:conclusion-${scheduled.id.slice(patient.id.length + 1)}`;
    await assert.rejects(server.app.store.db('documents').get(documentId), { status: 404 });
  });

  test('an unknown consultation is 404; anonymous is 401', async () => {
    const unknown = await issue(docId(patient.id, 'consultation-nothing-here'), doctor.token, REQUEST);
    assert.equal(unknown.status, 404);
    const anonymous = await postJson(`${server.baseUrl}${conclusionUrl(docId(patient.id, 'x'))}`, REQUEST);
    assert.equal(anonymous.status, 401);
  });
});
