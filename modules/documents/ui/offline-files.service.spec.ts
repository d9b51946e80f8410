import { firstSyncBegins } from '../../../pwa/src/app/core/replication/first-sync-activity';
import { TestBed } from '@angular/core/testing';
import { Store } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import { ApiCallError, ApiClient } from '@oblako/shell-kit';
import { Dexie } from 'dexie';
import type { RxCollection } from 'rxdb';
import { DataLayer } from '../../../pwa/src/app/core/db/data-layer.service';
import { databaseName, removeUserDatabase } from '../../../pwa/src/app/core/db/user-database';
import { sessionActions } from '../../../pwa/src/app/core/session/session.actions';
import { connectivityActions } from '../../../pwa/src/app/core/connectivity/connectivity.actions';
import { fileDownloadUrl, type DocumentFileRecord, type MedicalDocument } from '../index';
import { DeviceViews, deviceViewsStoreName } from './device-views.queue';
import { sha256Of } from './file-checks';
import { NotOnDeviceError, OfflineFiles, offlineCacheName } from './offline-files.service';
import { documentsTestProviders, until } from './testing';

/** The server's files, served by a stand-in for the shell's ApiClient; `online` false answers like no network. */
class FakeFileServer {
  readonly files = new Map<string, Blob>();
  readonly requested: string[] = [];
  /** The full URLs, with the query that says what a download is for. */
  readonly requestedUrls: string[] = [];
  readonly posted: { url: string; body: unknown }[] = [];
  online = true;

  download = async (url: string, name: string) => {
    this.requested.push(new URL(url).pathname);
    this.requestedUrls.push(url);
    if (!this.online) throw new ApiCallError(0, 'network', 'offline');
    const blob = this.files.get(new URL(url).pathname);
    if (!blob) throw new ApiCallError(404, 'not_found', 'Not found');
    return { blob, fileName: name };
  };

  post = async (url: string, body: unknown) => {
    if (!this.online) throw new ApiCallError(0, 'network', 'offline');
    this.posted.push({ url, body });
    return undefined;
  };
}

/** Real Cache Storage and a real local RxDB database; only the HTTP server is a stand-in. */
describe('OfflineFiles (a doctor’s device keeps the patients’ files)', () => {
  let doctor: SessionUser;
  let server: FakeFileServer;
  let layer: DataLayer;
  let offline: OfflineFiles;
  const patientId = `patient-${crypto.randomUUID().slice(0, 8)}`;

  beforeEach(async () => {
    doctor = { id: `test-${crypto.randomUUID()}`, role: 'doctor', phone: '+79000000003', name: 'Смирнов А. В.' };
    server = new FakeFileServer();
    TestBed.configureTestingModule({ providers: [...documentsTestProviders(doctor, true), { provide: ApiClient, useValue: server }] });
    layer = TestBed.inject(DataLayer);
    await layer.open(doctor);
    localStorage.removeItem(`oblako.documents.offlineCap.${doctor.id}`);
    offline = TestBed.inject(OfflineFiles);
  });

  afterEach(async () => {
    TestBed.inject(Store).dispatch(sessionActions.signedOut());
    await new Promise((resolve) => setTimeout(resolve, 50));
    await layer.close();
    await removeUserDatabase(databaseName(doctor.id));
    await caches.delete(offlineCacheName(doctor.id));
    await Dexie.delete(deviceViewsStoreName(doctor.id));
  });

  /** A verified file of the patient, on the "server" and replicated to the device. */
  async function uploadedFile(fileId: string, size: number, date: string): Promise<void> {
    const bytes = Uint8Array.from({ length: size }, (_, i) => (i + fileId.length) & 0xff);
    const blob = new Blob([bytes], { type: 'application/pdf' });
    const sha256 = await sha256Of(blob);
    server.files.set(fileDownloadUrl(patientId, fileId), blob);
    const db = (await layer.database()).db;
    const now = new Date().toISOString();
    await (db.collections['documents'] as RxCollection<MedicalDocument>).insert({
      id: `${patientId}:doc-${fileId}`,
      patientId,
      type: 'lab',
      date,
      note: '',
      files: [{ fileId, name: `${fileId}.pdf`, size, mime: 'application/pdf', sha256 }],
      createdAt: now,
      updatedAt: now,
    });
    await (db.collections['document_files'] as RxCollection<DocumentFileRecord>).insert({
      id: `${patientId}:${fileId}`,
      patientId,
      documentId: `${patientId}:doc-${fileId}`,
      fileId,
      status: 'uploaded',
      name: `${fileId}.pdf`,
      size,
      mime: 'application/pdf',
      sha256,
      checkedAt: now,
    });
  }

  it('downloads the patients’ verified files within the cap and opens them with no network', async () => {
    await uploadedFile('newest-lab-1', 3000, '2026-03-01');
    await uploadedFile('older-lab-2', 2000, '2026-02-01');
    localStorage.setItem(`oblako.documents.offlineCap.${doctor.id}`, '4000'); // the doctor's cap from an earlier session: only the newest fits
    offline.start();
    await until(() => offline.isOnDevice(patientId, 'newest-lab-1'), 'the newest file kept');
    await until(() => offline.doesNotFit() === 1, 'the other does not fit');
    expect(offline.isOnDevice(patientId, 'older-lab-2')).toBeFalse();
    expect(offline.usedBytes()).toBe(3000);
    expect(offline.capBytes()).toBe(4000);
    // Saving for offline use says so: the server records it as a copy, not as the doctor's view.
    const prefetch = server.requestedUrls.find((url) => url.includes('newest-lab-1'))!;
    expect(new URL(prefetch).searchParams.get('purpose')).toBe('offline-copy');

    server.online = false;
    TestBed.inject(Store).dispatch(connectivityActions.wentOffline());
    const requestsBefore = server.requested.length;
    const blob = await offline.read(patientId, { fileId: 'newest-lab-1', name: 'newest-lab-1.pdf', size: 3000, mime: 'application/pdf', sha256: '' });
    expect(blob.size).toBe(3000);
    expect(server.requested.length).toBe(requestsBefore);
    // Opening the device's copy is a view the device keeps, and reports once it is online.
    const views = TestBed.inject(DeviceViews);
    await until(async () => (await views.pending()).length === 1, 'the offline view queued');
    expect((await views.pending())[0]).toEqual(jasmine.objectContaining({ patientId, fileId: 'newest-lab-1' }));
    server.online = true;
    TestBed.inject(Store).dispatch(connectivityActions.wentOnline());
    await until(async () => (await views.pending()).length === 0, 'the offline view sent');
    expect(server.posted).toEqual([{ url: '/api/audit/device-views', body: jasmine.objectContaining({ patientId, fileId: 'newest-lab-1' }) }]);
    server.online = false;
    TestBed.inject(Store).dispatch(connectivityActions.wentOffline());
    await expectAsync(offline.read(patientId, { fileId: 'older-lab-2', name: 'older-lab-2.pdf', size: 2000, mime: 'application/pdf', sha256: '' })).toBeRejectedWithError(
      NotOnDeviceError,
    );
  });

  it('waits while a first sync stores pages, then keeps the files the sync brought', async () => {
    await uploadedFile('during-sync-1', 1000, '2026-03-01');
    // A first sync is storing pages in this tab (first-sync.ts marks it so).
    const ends = firstSyncBegins();
    try {
      offline.start();
      await new Promise((resolve) => setTimeout(resolve, 600)); // past the plan's 300 ms debounce
      expect(server.requestedUrls.filter((url) => url.includes('during-sync-1'))).toEqual([]);
      // Nothing counted yet: the panel must say it is checking, not «Все файлы сохранены».
      expect(offline.known()).toBeFalse();
    } finally {
      ends();
    }
    await until(() => offline.isOnDevice(patientId, 'during-sync-1'), 'the file kept once the first sync ended');
    expect(offline.known()).toBeTrue();
  });

  it('a higher cap fetches more; a lower one deletes the least useful first', async () => {
    await uploadedFile('a-newest', 3000, '2026-03-01');
    await uploadedFile('b-older', 2000, '2026-02-01');
    offline.start();
    await until(() => offline.usedBytes() === 5000, 'both kept under the default cap (500 MB)');

    offline.setCap(2500);
    expect(localStorage.getItem(`oblako.documents.offlineCap.${doctor.id}`)).toBe('2500');
    await until(() => offline.usedBytes() === 2000, 'the newest no longer fits, the older one stays');
    expect(offline.isOnDevice(patientId, 'a-newest')).toBeFalse();
    const cache = await caches.open(offlineCacheName(doctor.id));
    expect((await cache.keys()).map((r) => new URL(r.url).pathname)).toEqual([fileDownloadUrl(patientId, 'b-older')]);
  });

  it('keeps nothing whose bytes are not the verified ones', async () => {
    await uploadedFile('tampered', 1000, '2026-03-01');
    server.files.set(fileDownloadUrl(patientId, 'tampered'), new Blob([new Uint8Array(1000)]));
    offline.start();
    await until(() => server.requested.length > 0 && offline.remaining() === 0, 'tried');
    expect(offline.isOnDevice(patientId, 'tampered')).toBeFalse();
  });

  it('deletes the files from the device when the doctor signs out', async () => {
    await uploadedFile('kept', 1000, '2026-03-01');
    offline.start();
    await until(() => offline.isOnDevice(patientId, 'kept'), 'kept');
    TestBed.inject(Store).dispatch(sessionActions.signedOut());
    await until(async () => !(await caches.has(offlineCacheName(doctor.id))), 'the cache is deleted');
    expect(offline.active()).toBeFalse();
  });
});
