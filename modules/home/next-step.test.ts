import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patientReadiness, type Consultation, type ReadinessDocument } from '@oblako/domain';
import { nextStep, type HomeFacts } from './next-step';

const PATIENT = 'aaaaaaaa-0000-4000-8000-000000000001';
const NOW = new Date('2026-12-07T07:00:00.000Z');
/** Tuesday 8 December 2026, 17:00–17:30 in Vladivostok. */
const SLOT = { start: '2026-12-08T07:00:00.000Z', end: '2026-12-08T07:30:00.000Z' };

const conclusion: ReadinessDocument = { type: 'conclusion', files: [{ fileId: 'f1' }] };
const mri: ReadinessDocument = { type: 'mri', files: [{ fileId: 'f2' }] };

function consultation(status: Consultation['status'], fields: Partial<Consultation> = {}): Consultation {
  return {
    id: `${PATIENT}:c-${status}`, patientId: PATIENT, specialty: 'cardiology', status,
    createdAt: '2026-12-01T07:00:00.000Z', updatedAt: '2026-12-01T07:00:00.000Z', history: [], ...fields,
  };
}

function facts(overrides: Partial<HomeFacts> & { documents?: ReadinessDocument[]; uploaded?: string[] } = {}): HomeFacts {
  const { documents = [conclusion, mri], uploaded, ...rest } = overrides;
  return {
    readiness: patientReadiness(documents, uploaded ? { uploadedFileIds: new Set(uploaded) } : {}),
    consultations: [], referralProfile: '', now: NOW, online: true, ...rest,
  };
}

test('a new patient with nothing: upload the attending doctor\'s conclusion', () => {
  assert.deepEqual(nextStep(facts({ documents: [] })), { kind: 'upload_conclusion', uploading: false });
});

test('a conclusion saved on the device but not yet on the server: it is uploading, still the first step', () => {
  assert.deepEqual(nextStep(facts({ documents: [conclusion], uploaded: [] })), { kind: 'upload_conclusion', uploading: true });
});

test('the conclusion is there, no examination: upload an examination result', () => {
  assert.deepEqual(nextStep(facts({ documents: [conclusion] })), { kind: 'upload_examination', uploading: false });
});

test('documents complete, nothing booked: choose the specialty, suggesting the referral\'s profile', () => {
  assert.deepEqual(nextStep(facts({ referralProfile: 'Кардиология' })), { kind: 'choose_specialty', suggestedProfile: 'Кардиология', previous: 'none' });
});

test('a consultation opened (by the import) before the documents: the documents step names it', () => {
  const opened = consultation('awaiting_documents');
  assert.deepEqual(nextStep(facts({ documents: [], consultations: [opened] })), { kind: 'upload_conclusion', uploading: false, consultationId: opened.id });
});

test('ready and waiting: «Ждём врача» with the 2–4 day promise running from readyAt', () => {
  const ready = consultation('ready', { readyAt: '2026-12-04T06:00:00.000Z' });
  assert.deepEqual(nextStep(facts({ consultations: [ready] })), {
    kind: 'waiting_doctor', consultationId: ready.id, specialty: 'cardiology', promise: 'attention', waitedDays: 3,
  });
});

test('documents complete while the server has not yet marked it ready: waiting, no promise level yet', () => {
  const opened = consultation('awaiting_documents');
  assert.deepEqual(nextStep(facts({ consultations: [opened] })), { kind: 'waiting_doctor', consultationId: opened.id, specialty: 'cardiology', promise: null, waitedDays: 0 });
});

test('a doctor took the patient: their name, no time yet', () => {
  const taken = consultation('taken', { doctorId: 'd1', doctorName: 'Петров Пётр Петрович' });
  assert.deepEqual(nextStep(facts({ consultations: [taken] })), { kind: 'doctor_assigned', consultationId: taken.id, doctorName: 'Петров Пётр Петрович', specialty: 'cardiology' });
});

test('the doctor asks for more documents: their comment', () => {
  const asked = consultation('documents_requested', { doctorName: 'Петров', documentsRequest: { comment: 'Нужен свежий анализ крови', at: NOW.toISOString() } });
  assert.deepEqual(nextStep(facts({ consultations: [asked] })), { kind: 'documents_requested', consultationId: asked.id, doctorName: 'Петров', comment: 'Нужен свежий анализ крови' });
});

test('scheduled: the time, the call opens 15 minutes before the slot and closes 30 minutes after it', () => {
  const scheduled = consultation('scheduled', { doctorName: 'Петров', slot: SLOT, firstScheduledAt: NOW.toISOString() });
  const at = (iso: string, online = true) => nextStep(facts({ consultations: [scheduled], now: new Date(iso), online }));
  const step = at('2026-12-07T07:00:00.000Z');
  assert.deepEqual(step, {
    kind: 'consultation', consultationId: scheduled.id, doctorName: 'Петров', specialty: 'cardiology', slot: SLOT, call: 'soon',
    opensAt: '2026-12-08T06:45:00.000Z', timeRequested: false,
  });
  assert.equal((at('2026-12-08T06:44:59.000Z') as { call: string }).call, 'soon');
  assert.equal((at('2026-12-08T06:45:00.000Z') as { call: string }).call, 'open');
  assert.equal((at('2026-12-08T06:50:00.000Z', false) as { call: string }).call, 'offline');
  assert.equal((at('2026-12-08T08:00:00.000Z') as { call: string }).call, 'open');
  assert.equal((at('2026-12-08T08:00:01.000Z') as { call: string }).call, 'over');
});

test('in progress outranks another consultation that waits for a doctor', () => {
  const inCall = consultation('in_progress', { slot: SLOT, doctorName: 'Петров' });
  const other = consultation('ready', { specialty: 'neurology' });
  const step = nextStep(facts({ consultations: [other, inCall], now: new Date('2026-12-08T07:05:00.000Z') }));
  assert.equal(step.kind, 'consultation');
  assert.equal((step as { consultationId: string }).consultationId, inCall.id);
});

test('held: the doctor is writing the conclusion', () => {
  const held = consultation('held', { doctorName: 'Петров', slot: SLOT });
  assert.deepEqual(nextStep(facts({ consultations: [held] })), { kind: 'conclusion_pending', consultationId: held.id, doctorName: 'Петров' });
});

test('done: the conclusion, also when the documents list is empty on this device', () => {
  const done = consultation('done', { doctorName: 'Петров', conclusionId: `${PATIENT}:doc-1`, updatedAt: '2026-12-06T07:00:00.000Z' });
  assert.deepEqual(nextStep(facts({ documents: [], consultations: [done] })), {
    kind: 'conclusion', consultationId: done.id, conclusionId: `${PATIENT}:doc-1`, doctorName: 'Петров', specialty: 'cardiology',
  });
});

test('the last consultation was cancelled: book again (the documents are still there)', () => {
  const cancelled = consultation('cancelled', { updatedAt: '2026-12-06T07:00:00.000Z' });
  assert.deepEqual(nextStep(facts({ consultations: [cancelled] })), { kind: 'choose_specialty', suggestedProfile: '', previous: 'cancelled' });
});

test('an older conclusion does not hide a newer booking', () => {
  const done = consultation('done', { conclusionId: 'x:doc', updatedAt: '2026-11-01T07:00:00.000Z' });
  const again = consultation('ready', { id: `${PATIENT}:c-2`, readyAt: NOW.toISOString() });
  assert.equal(nextStep(facts({ consultations: [done, again] })).kind, 'waiting_doctor');
});
