import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Store } from '@ngrx/store';
import { applyTransition, isRefused, type Consultation, type SessionUser } from '@oblako/domain';
import { TranslationService } from '@oblako/shell-kit';
import { DataLayer } from '../../../../pwa/src/app/core/db/data-layer.service';
import { databaseName, removeUserDatabase } from '../../../../pwa/src/app/core/db/user-database';
import { SessionStore } from '../../../../pwa/src/app/core/auth/session-store';
import { sessionActions } from '../../../../pwa/src/app/core/session/session.actions';
import { consultationIn, DOCTOR_ID, OTHER_PATIENT_ID, PATIENT_ID, SLOT } from '../../../domain/consultation/test-fixtures';
import { CONSULTATION_CLOCK } from '../shared/clock';
import { ConsultationActions } from '../shared/consultation-actions.service';
import { consultationsTestProviders, insertLocal, plantFirstPaintCopy, until } from '../shared/testing';
import { PatientConsultationsPage } from './consultations.page';
import { PATIENT_PAGE_COPY } from './first-paint';

const sha = 'a'.repeat(64);
// The fixtures' consultation is booked for 8 December 2026: the rules run on a clock pinned
// before it, so these tests mean the same on any day they run.
const NOW = new Date('2026-12-01T09:00:00.000Z');
const now = () => NOW.toISOString();

function medicalDocument(id: string, type: string, fileId: string) {
  return {
    id: `${PATIENT_ID}:${id}`,
    patientId: PATIENT_ID,
    type,
    date: '2026-11-01',
    note: '',
    files: [{ fileId, name: `${fileId}.pdf`, size: 100, mime: 'application/pdf', sha256: sha }],
    createdAt: now(),
    updatedAt: now(),
  };
}

function uploadedRecord(documentId: string, fileId: string) {
  return { id: `${PATIENT_ID}:${fileId}`, patientId: PATIENT_ID, documentId: `${PATIENT_ID}:${documentId}`, fileId, status: 'uploaded', name: `${fileId}.pdf`, size: 100, checkedAt: now() };
}

describe('PatientConsultationsPage («Консультации»)', () => {
  const patient: SessionUser = { id: PATIENT_ID, role: 'patient', phone: '+79000000001', name: 'Иванова Анна' };
  let layer: DataLayer;
  let fixture: ComponentFixture<PatientConsultationsPage>;

  async function setUp(online: boolean): Promise<void> {
    TestBed.configureTestingModule({ providers: [...consultationsTestProviders(patient, online), { provide: CONSULTATION_CLOCK, useValue: () => NOW }] });
    TestBed.inject(TranslationService).use('ru');
    // Remembered on this device, as after a sign-in: only then are the page's copies kept.
    new SessionStore().save(patient);
    layer = TestBed.inject(DataLayer);
    await layer.open(patient);
  }

  function render(): HTMLElement {
    fixture = TestBed.createComponent(PatientConsultationsPage);
    fixture.autoDetectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(async () => {
    fixture?.destroy();
    TestBed.inject(Store).dispatch(sessionActions.signedOut());
    await new Promise((resolve) => setTimeout(resolve, 50));
    await layer.close();
    await removeUserDatabase(databaseName(patient.id));
    new SessionStore().clear(); // the copies with it
  });

  it('draws what it showed last time before the device’s data answers, then the live data; never another person’s copy', async () => {
    await setUp(true);
    await insertLocal(layer, 'consultations', { ...consultationIn('scheduled'), specialty: 'cardiology', doctorName: 'Смирнов А. В.' });
    let page = render();
    const cards = () => [...page.querySelectorAll('[data-testid="consultation-card"]')].map((card) => card.textContent ?? '');
    const copyKey = `oblako.first-paint.${PATIENT_PAGE_COPY}.${PATIENT_ID}`;
    await until(() => cards().length === 1 && (localStorage.getItem(copyKey) ?? '').includes('Смирнов А. В.'), 'the card drawn and its copy kept');
    fixture.destroy();

    // The next start: the database not open yet (RxDB still loading), the page draws its copy at once.
    await layer.close();
    page = render();
    expect(cards().length).toBe(1);
    expect(cards()[0]).toContain('Кардиология');
    expect(cards()[0]).toContain('Смирнов А. В.');
    expect(page.textContent).not.toContain('Загрузка');
    expect(page.querySelector('[data-testid="consultation-checklist"]')).not.toBeNull();

    // The data arrives (here a change made meanwhile): the live list replaces the copy.
    await layer.open(patient);
    await insertLocal(layer, 'consultations', { ...consultationIn('scheduled'), id: `${PATIENT_ID}:c-second`, specialty: 'neurology', doctorName: 'Петров И. И.' });
    await until(() => cards().length === 2, 'the live list');
    fixture.destroy();

    // A copy kept under someone else's id is never drawn for this person.
    localStorage.removeItem(copyKey);
    plantFirstPaintCopy(PATIENT_PAGE_COPY, OTHER_PATIENT_ID, {
      consultations: [consultationIn('scheduled')],
      readiness: { ready: true, missing: [], pending: [], counts: { conclusion: 1, examination: 1 } },
      allowed: {},
    });
    await layer.close();
    page = render();
    expect(cards().length).toBe(0);
    await layer.open(patient);
    await until(() => cards().length === 2, 'the live list again');
  });

  it('keeps no copy after another tab’s sign-out, though a live change comes before this tab has closed its data', async () => {
    await setUp(true);
    await insertLocal(layer, 'consultations', { ...consultationIn('scheduled'), doctorName: 'Смирнов А. В.' });
    const page = render();
    const cards = () => page.querySelectorAll('[data-testid="consultation-card"]').length;
    const copies = () => Object.keys(localStorage).filter((key) => key.startsWith('oblako.first-paint.'));
    await until(() => cards() === 1 && localStorage.getItem(`oblako.first-paint.${PATIENT_PAGE_COPY}.${PATIENT_ID}`) !== null, 'the card drawn and its copy kept');

    // Another tab signs out: the session and the copies go; this tab hears of it later (the storage event).
    new SessionStore().clear();
    expect(copies()).toEqual([]);
    await insertLocal(layer, 'consultations', { ...consultationIn('scheduled'), id: `${PATIENT_ID}:c-second`, doctorName: 'Петров И. И.' });
    await until(() => cards() === 2, 'the live change drawn');
    await new Promise((resolve) => setTimeout(resolve, 300)); // the page snapshot's idle-time save too
    expect(copies()).toEqual([]);
  });

  it('shows «Что нужно загрузить»: missing, then «загружается» while a file is not verified, then done', async () => {
    await setUp(true);
    const page = render();
    const state = (requirement: string) => page.querySelector(`[data-testid="checklist-${requirement}"]`)?.getAttribute('data-state');
    await until(() => state('conclusion') === 'missing' && state('examination') === 'missing', 'both missing');
    expect(page.querySelector('[data-testid="checklist-add"]')?.getAttribute('href')).toBe('/documents/new');

    await insertLocal(layer, 'documents', medicalDocument('doc-conclusion', 'conclusion', 'file-c'));
    await insertLocal(layer, 'documents', medicalDocument('doc-lab', 'lab', 'file-l'));
    await until(() => state('conclusion') === 'pending' && state('examination') === 'pending', 'both uploading');
    expect(page.textContent).toContain('загружается');

    await insertLocal(layer, 'document_files', uploadedRecord('doc-lab', 'file-l'));
    await until(() => state('examination') === 'done', 'examination verified');
    expect(state('conclusion')).toBe('pending');

    await insertLocal(layer, 'document_files', uploadedRecord('doc-conclusion', 'file-c'));
    await until(() => state('conclusion') === 'done', 'conclusion verified');
    expect(page.querySelector('[data-testid="checklist-ready"]')).not.toBeNull();
  });

  it('books a consultation with a chosen specialty when none is active (offline too)', async () => {
    await setUp(false);
    const page = render();
    await until(() => page.querySelector('[data-testid="book"]') !== null, 'booking offered');
    fixture.componentInstance.specialty.set('cardiology');
    await fixture.componentInstance.book();
    const db = (await layer.database()).db;
    const docs = (await db.collections['consultations']!.find().exec()).map((d) => d.toJSON() as unknown as Consultation);
    expect(docs.length).toBe(1);
    expect(docs[0]).toEqual(jasmine.objectContaining({ patientId: PATIENT_ID, specialty: 'cardiology', status: 'awaiting_documents' }));
    expect(docs[0]!.history.map((entry) => entry.transition)).toEqual(['open']);
    await until(() => page.querySelector('[data-testid="book"]') === null, 'booking hidden once one is active');
  });

  it('cancels offline: a cancel_by_patient document with the history entry in the patient’s name, waiting to sync', async () => {
    await setUp(false);
    await insertLocal(layer, 'consultations', { ...consultationIn('scheduled'), doctorName: 'Смирнов А. В.' });
    const page = render();
    await until(() => page.querySelector('[data-testid="action-cancel"]') !== null, 'cancel offered');
    expect(page.querySelector('[data-testid="action-other-time"]')).not.toBeNull();
    expect(page.querySelector('[data-testid="action-documents-provided"]')).toBeNull();

    const stored = consultationIn('scheduled');
    const result = await TestBed.inject(ConsultationActions).apply(stored, { transition: 'cancel_by_patient', reason: 'Уезжаю в командировку' });
    expect(result.ok).toBeTrue();
    if (!result.ok) return;
    expect(result.savedOffline).toBeTrue();

    const db = (await layer.database()).db;
    const saved = (await db.collections['consultations']!.findOne(stored.id).exec())!.toJSON() as unknown as Consultation;
    expect(saved.status).toBe('cancelled');
    expect(saved.cancellation).toEqual(jasmine.objectContaining({ by: 'patient', actorId: PATIENT_ID, reason: 'Уезжаю в командировку' }));
    expect(saved.history.length).toBe(stored.history.length + 1);
    expect(saved.history.at(-1)).toEqual(jasmine.objectContaining({ transition: 'cancel_by_patient', actorId: PATIENT_ID, role: 'patient' }));
    // Exactly what the server will check: the write is the one step from the stored version.
    const check = applyTransition(stored, { transition: 'cancel_by_patient', reason: 'Уезжаю в командировку' }, { id: PATIENT_ID, role: 'patient' }, { now: now() });
    expect(isRefused(check)).toBeFalse();
    expect(await (await layer.database()).pending.ids('consultations')).toContain(stored.id);

    await until(() => page.querySelector('[data-testid="consultation-card"]')?.getAttribute('data-status') === 'cancelled', 'card cancelled');
    await until(() => page.querySelector('[data-testid="consultation-pending"]') !== null, 'pending mark');
    expect(page.querySelector('[data-testid="action-cancel"]')).toBeNull();
    expect(page.querySelector('[data-testid="cancellation"]')?.textContent).toContain('Уезжаю в командировку');
  });

  it('refuses what the state machine does not allow, with the domain’s message', async () => {
    await setUp(true);
    const done = consultationIn('done');
    await insertLocal(layer, 'consultations', done);
    const result = await TestBed.inject(ConsultationActions).apply(done, { transition: 'cancel_by_patient' });
    expect(result).toEqual(jasmine.objectContaining({ ok: false, code: 'invalid_transition', message: 'Это действие невозможно в текущем состоянии консультации.' }));
  });

  it('shows a slot stored in UTC in the patient’s zone (Asia/Vladivostok), naming the zone, with doctor, specialty and status', async () => {
    await setUp(true);
    await insertLocal(layer, 'profiles', {
      id: `${PATIENT_ID}:profile`, patientId: PATIENT_ID, fullName: 'Иванова Анна', birthDate: '1980-01-01', region: 'Приморский край',
      timeZone: 'Asia/Vladivostok', contactPhone: '', updatedAt: now(),
    });
    const scheduled = { ...consultationIn('scheduled'), specialty: 'cardiology', doctorName: 'Смирнов Алексей Викторович' };
    expect(scheduled.slot).toEqual(SLOT); // 2026-12-08T07:00Z = 17:00 in Vladivostok
    expect(scheduled.doctorId).toBe(DOCTOR_ID);
    await insertLocal(layer, 'consultations', scheduled);
    const page = render();
    const time = () => page.querySelector('[data-testid="consultation-time"]')?.textContent?.trim() ?? '';
    await until(() => time().includes('Владивосток'), 'time in the patient’s zone');
    expect(time()).toBe('8 декабря 2026, 17:00–17:30 (Владивосток, UTC+10)');
    const card = page.querySelector('[data-testid="consultation-card"]')!;
    expect(card.textContent).toContain('Кардиология');
    expect(card.textContent).toContain('Смирнов Алексей Викторович');
    expect(card.querySelector('[data-testid="consultation-status"]')?.textContent?.trim()).toBe('Назначена');
    expect(page.querySelector('[data-testid="viewer-zone"]')?.textContent).toContain('Владивосток');
  });

  it('offers «Документы загружены» when the doctor asked for documents, showing the comment', async () => {
    await setUp(true);
    await insertLocal(layer, 'consultations', consultationIn('documents_requested'));
    const page = render();
    await until(() => page.querySelector('[data-testid="action-documents-provided"]') !== null, 'documents provided offered');
    expect(page.querySelector('[data-testid="documents-request"]')?.textContent).toContain('Загрузите свежий анализ крови');
    await fixture.componentInstance.documentsProvided(consultationIn('documents_requested'));
    await until(() => page.querySelector('[data-testid="consultation-card"]')?.getAttribute('data-status') === 'taken', 'back with the doctor');
  });
});
