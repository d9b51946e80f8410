import { TestBed } from '@angular/core/testing';
import { Store } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import { ApiCallError, ApiClient, DataService, OutOfStorageError, StorageSpace } from '@oblako/shell-kit';
import type { RxCollection } from 'rxdb';
import { DataLayer } from '../../../../pwa/src/app/core/db/data-layer.service';
import { databaseName, removeUserDatabase } from '../../../../pwa/src/app/core/db/user-database';
import { StorageNoticeComponent } from '../../../../pwa/src/app/notices/storage-notice.component';
import { sessionActions } from '../../../../pwa/src/app/core/session/session.actions';
import { fileDownloadUrl, type DocumentFileRecord, type MedicalDocument } from '../../index';
import { sha256Of } from '../file-checks';
import { OfflineFiles, offlineCacheName } from '../offline-files.service';
import { documentsTestProviders, until } from '../testing';

/** The server's files, behind a stand-in for the shell's ApiClient (the HTTP boundary only). */
class FakeFileServer {
  readonly files = new Map<string, Blob>();
  download = async (url: string, name: string) => {
    const blob = this.files.get(new URL(url).pathname);
    if (!blob) throw new ApiCallError(404, 'not_found', 'Not found');
    return { blob, fileName: name };
  };
}

/**
 * A phone out of storage, with the real local database, the real Cache Storage and the real
 * offline copies. The one stand-in is the full disk: an RxDB hook on the documents collection
 * fails every write with the browser's QuotaExceededError while `full()` says so.
 */
describe('Out of storage (QuotaExceededError on a doctor’s device)', () => {
  const patientId = `patient-${crypto.randomUUID().slice(0, 8)}`;
  const MB = 1024 * 1024;
  let doctor: SessionUser;
  let server: FakeFileServer;
  let layer: DataLayer;
  let offline: OfflineFiles;
  let space: StorageSpace;
  let full: () => boolean | Promise<boolean>;

  beforeEach(async () => {
    localStorage.removeItem('oblako.language');
    doctor = { id: `test-${crypto.randomUUID()}`, role: 'doctor', phone: '+79000000003', name: 'Смирнов А. В.' };
    server = new FakeFileServer();
    TestBed.configureTestingModule({ providers: [...documentsTestProviders(doctor, true), { provide: ApiClient, useValue: server }] });
    layer = TestBed.inject(DataLayer);
    await layer.open(doctor);
    offline = TestBed.inject(OfflineFiles);
    space = TestBed.inject(StorageSpace);
    full = () => false;
    const documents = (await layer.database()).db.collections['documents'] as RxCollection<MedicalDocument>;
    documents.preSave(async () => {
      if (await full()) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }, false);
  });

  afterEach(async () => {
    TestBed.inject(Store).dispatch(sessionActions.signedOut());
    await new Promise((resolve) => setTimeout(resolve, 50));
    await layer.close();
    await removeUserDatabase(databaseName(doctor.id));
    await caches.delete(offlineCacheName(doctor.id));
  });

  /** A document of the patient with one verified file of `size` bytes, replicated to the device. */
  async function documentWithFile(fileId: string, size: number): Promise<string> {
    const blob = new Blob([Uint8Array.from({ length: size }, (_, i) => i & 0xff)], { type: 'application/pdf' });
    const sha256 = await sha256Of(blob);
    server.files.set(fileDownloadUrl(patientId, fileId), blob);
    const db = (await layer.database()).db;
    const now = new Date().toISOString();
    const id = `${patientId}:doc-${fileId}`;
    await (db.collections['documents'] as RxCollection<MedicalDocument>).insert({
      id, patientId, type: 'lab', date: '2026-11-20', note: '', createdAt: now, updatedAt: now,
      files: [{ fileId, name: `${fileId}.pdf`, size, mime: 'application/pdf', sha256 }],
    });
    await (db.collections['document_files'] as RxCollection<DocumentFileRecord>).insert({
      id: `${patientId}:${fileId}`, patientId, documentId: id, fileId, status: 'uploaded', name: `${fileId}.pdf`, size, mime: 'application/pdf', sha256, checkedAt: now,
    });
    return id;
  }

  async function storedDocument(id: string): Promise<MedicalDocument> {
    const db = (await layer.database()).db;
    return (await (db.collections['documents'] as RxCollection<MedicalDocument>).findOne(id).exec())!.toJSON() as MedicalDocument;
  }

  const copiesOnDevice = async () => (await (await caches.open(offlineCacheName(doctor.id))).keys()).length;

  it('the offline copies are deleted first and the doctor’s review is kept; no more copies fill the device', async () => {
    const id = await documentWithFile('mri-1', 2 * MB);
    offline.start();
    await until(() => offline.isOnDevice(patientId, 'mri-1'), 'the copy kept for offline work');
    // The disk is full for as long as the copies take room.
    full = async () => (await copiesOnDevice()) > 0;

    const reviewedAt = new Date().toISOString();
    await TestBed.inject(DataService).patch('documents', id, { reviewedAt, reviewedBy: doctor.id });

    expect((await storedDocument(id)).reviewedAt).toBe(reviewedAt);
    expect(await copiesOnDevice()).toBe(0);
    expect(offline.usedBytes()).toBe(0);
    expect(offline.pausedForSpace()).toBeTrue();
    expect(space.shortage()).toEqual(jasmine.objectContaining({ kind: 'freed', freedBytes: 2 * MB }));
    const fixture = TestBed.createComponent(StorageNoticeComponent);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid=storage-freed-copies]')!.textContent).toContain(
      'удалены копии файлов пациентов для работы без связи (2 МБ)',
    );
    fixture.destroy();
    // A new verified file arrives: it is not downloaded while the device is short of space.
    await documentWithFile('ct-2', 1000);
    await until(() => offline.remaining() === 2, 'the planner saw both files (the deleted copy and the new one) and fetched none');
    expect(offline.isOnDevice(patientId, 'ct-2')).toBeFalse();
    expect(await copiesOnDevice()).toBe(0);
    // Choosing a cap again starts keeping copies again.
    full = () => false;
    offline.setCap(250 * MB);
    await until(() => offline.isOnDevice(patientId, 'ct-2'), 'copies kept again after the doctor chose a cap');
  });

  it('nothing left to free: the change is refused with OutOfStorageError, the stored document is untouched, and the message says so in Russian', async () => {
    const id = await documentWithFile('lab-1', 1000);
    full = () => true;
    const fixture = TestBed.createComponent(StorageNoticeComponent);
    await expectAsync(TestBed.inject(DataService).patch('documents', id, { reviewedAt: new Date().toISOString(), reviewedBy: doctor.id })).toBeRejectedWithError(OutOfStorageError);
    expect((await storedDocument(id)).reviewedAt).toBeUndefined();
    await fixture.whenStable();
    const notice = (fixture.nativeElement as HTMLElement).querySelector('[data-testid=storage-notice]')!;
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain('На устройстве не хватает места');
    expect(notice.textContent).toContain('Изменение не потеряно');
    expect(notice.querySelector('[data-testid=storage-nothing]')!.textContent).toContain('освободите место на телефоне');
    fixture.destroy();
  });

  it('the message names what the app can free and its size, and its button frees it', async () => {
    await documentWithFile('echo-1', 3 * MB);
    offline.start();
    await until(() => offline.isOnDevice(patientId, 'echo-1'), 'the copy kept');
    space.report(); // e.g. the file queue could not keep a picked file
    const fixture = TestBed.createComponent(StorageNoticeComponent);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('[data-testid=storage-reclaimable]')!.textContent!.trim()).toBe('Копии файлов пациентов для работы без связи (скачаются снова) — 3 МБ');
    const button = root.querySelector<HTMLButtonElement>('[data-testid=storage-free]')!;
    expect(button.textContent!.trim()).toBe('Удалить копии (3 МБ)');
    button.click();
    await until(async () => {
      await fixture.whenStable();
      return root.querySelector('[data-testid=storage-freed]') !== null;
    }, 'the freed message');
    expect(await copiesOnDevice()).toBe(0);
    expect(offline.pausedForSpace()).toBeTrue();
    fixture.destroy();
  });
});
