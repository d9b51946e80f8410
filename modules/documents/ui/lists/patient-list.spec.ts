import { TestBed } from '@angular/core/testing';
import type { SessionUser } from '@oblako/domain';
import { DataService } from '@oblako/shell-kit';
import { Subscription, filter, firstValueFrom } from 'rxjs';
import { DataLayer } from '../../../../pwa/src/app/core/db/data-layer.service';
import { databaseName, removeUserDatabase } from '../../../../pwa/src/app/core/db/user-database';
import { insertLocal } from '../../../../pwa/src/app/kit/testing';
import type { DocumentFileRecord, MedicalDocument } from '../../schema';
import { documentsTestProviders, until } from '../testing';
import { deviceDocuments$ } from './device-documents';
import { FIRST_SCREEN_CARDS, patientList$, type PatientList } from './patient-list';
import { PATIENT_LIST_COPY, readPatientListCopy, readPatientNameCopy, savePatientNameCopy } from './patient-list-copy';
import { inReviewOrder } from './review-order';
import { forgetFirstPaintCopies, firstPaintKey } from '../../../../pwa/src/app/core/first-paint/first-paint-copy';
import { SessionStore } from '../../../../pwa/src/app/core/auth/session-store';

/** Real RxDB on the browser's IndexedDB (the device's storage with its review-order index). */
describe('patientList$ (one patient’s documents: a first screen from the index, then the whole patient)', () => {
  let doctor: SessionUser;
  let layer: DataLayer;
  let data: DataService;
  const patientId = `patient-${crypto.randomUUID().slice(0, 8)}`;
  const COUNT = 45;

  function documentOf(n: number, patient = patientId): MedicalDocument {
    // Ties on purpose (equal dates, equal creation times); every fourth reviewed.
    const createdAt = new Date(Date.UTC(2025, 0, 1) + Math.floor(n / 2) * 3_600_000).toISOString();
    return {
      id: `${patient}:doc-${String((n * 37) % 100).padStart(3, '0')}-${n}`,
      patientId: patient,
      type: 'lab',
      date: `2025-0${1 + (n % 5)}-0${1 + (n % 8)}`,
      note: '',
      files: [{ fileId: `file-${patient.slice(-8)}-${n}`, name: `анализ-${n}.pdf`, size: 100 + n, mime: 'application/pdf', sha256: 'a'.repeat(64) }],
      createdAt,
      updatedAt: createdAt,
      ...(n % 4 === 0 ? { reviewedAt: '2025-06-01T10:00:00.000Z', reviewedBy: 'someone' } : {}),
    };
  }

  function recordOf(document: MedicalDocument): DocumentFileRecord {
    const file = document.files[0]!;
    return { id: `${document.patientId}:${file.fileId}`, patientId: document.patientId, documentId: document.id, fileId: file.fileId, status: 'uploaded', name: file.name, size: file.size, mime: 'application/pdf', sha256: file.sha256, checkedAt: '2025-06-01T10:00:00.000Z' };
  }

  const ids = (documents: readonly { id: string }[]) => documents.map((d) => d.id);
  const mine = Array.from({ length: COUNT }, (_, n) => documentOf(n));

  beforeEach(async () => {
    doctor = { id: `test-${crypto.randomUUID()}`, role: 'doctor', phone: '+79000000003', name: 'Смирнов А. В.' };
    TestBed.configureTestingModule({ providers: documentsTestProviders(doctor, true) });
    layer = TestBed.inject(DataLayer);
    data = TestBed.inject(DataService);
    new SessionStore().save(doctor);
    await layer.open(doctor);
    for (const document of [...mine, documentOf(1, 'other-patient'), documentOf(2, 'other-patient')]) {
      await insertLocal(layer, 'documents', document);
      await insertLocal(layer, 'document_files', recordOf(document));
    }
  });

  afterEach(async () => {
    new SessionStore().clear();
    forgetFirstPaintCopies();
    await layer.close();
    await removeUserDatabase(databaseName(doctor.id));
  });

  /** Every list the page is given, until `done`. */
  async function watch(done: (list: PatientList) => boolean): Promise<{ seen: PatientList[]; subscription: Subscription }> {
    const seen: PatientList[] = [];
    const subscription = patientList$(data, patientId).subscribe((list) => seen.push(list));
    await until(() => seen.some(done), 'the list the test waits for');
    return { seen, subscription };
  }

  it('on a start with nothing in memory: the first screen in review order with its files’ verdicts, then the whole patient', async () => {
    const { seen, subscription } = await watch((list) => !list.partial);
    subscription.unsubscribe();
    const expected = inReviewOrder(mine);
    const first = seen[0]!;
    expect(first.partial).toBeTrue();
    expect(ids(first.documents)).toEqual(ids(expected.slice(0, FIRST_SCREEN_CARDS)));
    // The first cards show their files' state at once.
    for (const document of first.documents) expect(first.records.get(document.files[0]!.fileId)?.status).toBe('uploaded');
    const whole = seen.at(-1)!;
    expect(ids(whole.documents)).toEqual(ids(expected));
    expect(whole.records.size).toBe(COUNT);
    expect(whole.documents.every((d) => d.patientId === patientId)).toBeTrue();
    expect(seen.flatMap((list) => list.documents).every((d) => !('listKey' in d))).toBeTrue();
  });

  it('coming from the patients list (the whole device in memory): the whole patient at once, no first screen', async () => {
    const list = deviceDocuments$(data).subscribe();
    await firstValueFrom(deviceDocuments$(data).pipe(filter((all) => all.length > 0)));
    const seen: PatientList[] = [];
    const subscription = patientList$(data, patientId).subscribe((next) => seen.push(next));
    await until(() => seen.length > 0, 'the list');
    expect(seen[0]!.partial).toBeFalse();
    expect(ids(seen[0]!.documents)).toEqual(ids(inReviewOrder(mine)));
    subscription.unsubscribe();
    list.unsubscribe();
  });

  it('a doctor’s review moves the document at once, on the page and in the next first screen', async () => {
    const { seen, subscription } = await watch((list) => !list.partial);
    const top = seen.at(-1)!.documents[0]!;
    expect(top.reviewedAt).toBeUndefined();
    await data.patch('documents', top.id, { reviewedAt: new Date().toISOString(), reviewedBy: doctor.id });
    await until(() => seen.at(-1)!.documents[0]!.id !== top.id, 'the page’s order after the review');
    const reviewed = seen.at(-1)!.documents.find((d) => d.id === top.id)!;
    expect(ids(seen.at(-1)!.documents)).toEqual(ids(inReviewOrder(seen.at(-1)!.documents)));
    expect(reviewed.reviewedAt).toBeDefined();
    subscription.unsubscribe();

    // Nothing in memory now: the next start reads its first screen from the index, already in the new order.
    const again = await firstValueFrom(patientList$(data, patientId));
    expect(again.partial).toBeTrue();
    expect(again.documents[0]!.id).not.toBe(top.id);
    expect(ids(again.documents)).toEqual(ids(inReviewOrder(seen.at(-1)!.documents).slice(0, FIRST_SCREEN_CARDS)));
  });

  describe('what the page showed last time (its first-paint copy)', () => {
    /** Opens the page once with the database open, until the whole patient is drawn: the copy is kept from it. */
    async function showWholeOnce(): Promise<PatientList> {
      const seen: PatientList[] = [];
      const subscription = patientList$(data, patientId, doctor.id).subscribe((list) => seen.push(list));
      await until(() => seen.some((list) => !list.partial && list.records.size === COUNT), 'the whole patient');
      subscription.unsubscribe();
      return seen.at(-1)!;
    }

    it('is kept from the live list: the first screen in review order with its files’ verdicts, for this person only', async () => {
      expect(readPatientListCopy(doctor.id, patientId)).toBeNull();
      const whole = await showWholeOnce();
      const copy = readPatientListCopy(doctor.id, patientId)!;
      expect(ids(copy.documents)).toEqual(ids(whole.documents.slice(0, FIRST_SCREEN_CARDS)));
      expect(copy.records.map((r) => r.fileId)).toEqual(copy.documents.map((d) => d.files[0]!.fileId));
      expect(copy.complete).toBeFalse();
      // Another person, another patient: nothing.
      expect(readPatientListCopy('someone-else', patientId)).toBeNull();
      expect(readPatientListCopy(doctor.id, 'other-patient')).toBeNull();
    });

    it('is drawn before the database has answered, and the live list replaces it', async () => {
      const whole = await showWholeOnce();
      // A reload: the database not open yet, nothing of it in memory.
      await layer.close();
      const seen: PatientList[] = [];
      const subscription = patientList$(data, patientId, doctor.id).subscribe((list) => seen.push(list));
      // At once, with no database at all.
      expect(seen.length).toBe(1);
      expect(seen[0]!.partial).toBeTrue();
      expect(ids(seen[0]!.documents)).toEqual(ids(whole.documents.slice(0, FIRST_SCREEN_CARDS)));
      expect(seen[0]!.records.get(seen[0]!.documents[0]!.files[0]!.fileId)?.status).toBe('uploaded');
      await layer.open(doctor);
      await until(() => !seen.at(-1)!.partial && seen.at(-1)!.documents.length === COUNT, 'the whole patient from the database');
      expect(ids(seen.at(-1)!.documents)).toEqual(ids(inReviewOrder(mine)));
      subscription.unsubscribe();
    });

    it('follows the live list: a review done since is in the next start’s copy', async () => {
      const whole = await showWholeOnce();
      const top = whole.documents[0]!;
      await data.patch('documents', top.id, { reviewedAt: new Date().toISOString(), reviewedBy: doctor.id });
      const after = await showWholeOnce();
      const copy = readPatientListCopy(doctor.id, patientId)!;
      expect(copy.documents[0]!.id).not.toBe(top.id);
      expect(ids(copy.documents)).toEqual(ids(after.documents.slice(0, FIRST_SCREEN_CARDS)));
    });

    it('is not kept again once the person is signed out (another tab’s sign-out wiped it before this tab closed its data)', async () => {
      const seen: PatientList[] = [];
      const subscription = patientList$(data, patientId, doctor.id).subscribe((list) => seen.push(list));
      await until(() => seen.some((list) => !list.partial && list.records.size === COUNT) && readPatientListCopy(doctor.id, patientId) !== null, 'the copy kept');
      new SessionStore().clear();
      expect(readPatientListCopy(doctor.id, patientId)).toBeNull();
      // The live list changes before this tab has closed its data.
      const top = seen.at(-1)!.documents[0]!;
      await data.patch('documents', top.id, { reviewedAt: new Date().toISOString(), reviewedBy: doctor.id });
      await until(() => seen.at(-1)!.documents[0]!.id !== top.id, 'the live list after the change');
      expect(readPatientListCopy(doctor.id, patientId)).toBeNull();
      subscription.unsubscribe();
    });

    it('keeps the patient’s name for the page’s title: this person’s, this patient’s, while signed in', () => {
      savePatientNameCopy(doctor.id, patientId, 'Орлова Вера Николаевна');
      expect(readPatientNameCopy(doctor.id, patientId)).toBe('Орлова Вера Николаевна');
      expect(readPatientNameCopy(doctor.id, 'other-patient')).toBe('');
      expect(readPatientNameCopy('someone-else', patientId)).toBe('');
      new SessionStore().clear();
      savePatientNameCopy(doctor.id, patientId, 'Орлова Вера Николаевна');
      expect(readPatientNameCopy(doctor.id, patientId)).toBe('');
    });

    it('is not drawn when it is another patient’s, or damaged', async () => {
      await showWholeOnce();
      await layer.close();
      const drawnAtOnce = (patient: string) => {
        const seen: PatientList[] = [];
        patientList$(data, patient, doctor.id).subscribe((list) => seen.push(list)).unsubscribe();
        return seen.length;
      };
      expect(drawnAtOnce(patientId)).toBe(1);
      expect(drawnAtOnce('other-patient')).toBe(0);
      localStorage.setItem(firstPaintKey(PATIENT_LIST_COPY, doctor.id), JSON.stringify({ patientId, documents: [{ id: 1 }], records: [], complete: true }));
      expect(drawnAtOnce(patientId)).toBe(0);
      localStorage.setItem(firstPaintKey(PATIENT_LIST_COPY, doctor.id), '{not json');
      expect(drawnAtOnce(patientId)).toBe(0);
      await layer.open(doctor);
    });
  });
});
