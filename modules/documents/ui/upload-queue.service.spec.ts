import { TestBed } from '@angular/core/testing';
import { Store } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import { Dexie } from 'dexie';
import type { RxCollection } from 'rxdb';
import { connectivityActions } from '../../../pwa/src/app/core/connectivity/connectivity.actions';
import { DataLayer } from '../../../pwa/src/app/core/db/data-layer.service';
import { databaseName, removeUserDatabase } from '../../../pwa/src/app/core/db/user-database';
import { sessionActions } from '../../../pwa/src/app/core/session/session.actions';
import type { DocumentFileRecord } from '../index';
import { sha256Of } from './file-checks';
import { OfflineFiles, offlineCacheName } from './offline-files.service';
import { documentsTestProviders, until } from './testing';
import { UploadQueue } from './upload-queue.service';
import { UploadStore, uploadStoreName, type QueuedFile } from './upload-store';
import { UPLOAD_TRANSPORT, type UploadEvents, type UploadJob, type UploadOutcome, type UploadTransport } from './upload-transport';

/** A transport the test answers by hand: each send waits until the test settles it (or it is stopped). */
class ScriptedTransport implements UploadTransport {
  readonly sends: { job: UploadJob; events: UploadEvents; stop: AbortSignal; settle: (outcome: UploadOutcome) => void }[] = [];
  readonly discarded: string[] = [];

  send(job: UploadJob, events: UploadEvents, stop: AbortSignal): Promise<UploadOutcome> {
    return new Promise((resolve) => {
      stop.addEventListener('abort', () => resolve({ kind: 'interrupted' }));
      this.sends.push({ job, events, stop, settle: resolve });
    });
  }

  async discard(_store: UploadStore, fileId: string): Promise<void> {
    this.discarded.push(fileId);
  }

  last() {
    return this.sends[this.sends.length - 1]!;
  }
}

describe('UploadQueue', () => {
  let user: SessionUser;
  let transport: ScriptedTransport;
  let queue: UploadQueue;
  let store: Store;
  let layer: DataLayer;

  async function setUp(online: boolean): Promise<void> {
    transport = new ScriptedTransport();
    TestBed.configureTestingModule({ providers: [...documentsTestProviders(user, online), { provide: UPLOAD_TRANSPORT, useValue: transport }] });
    layer = TestBed.inject(DataLayer);
    await layer.open(user);
    store = TestBed.inject(Store);
    queue = TestBed.inject(UploadQueue);
    queue.start();
  }

  beforeEach(() => {
    user = { id: `test-${crypto.randomUUID()}`, role: 'patient', phone: '+79000000001', name: 'Иванова Мария' };
  });

  afterEach(async () => {
    store.dispatch(sessionActions.signedOut());
    await new Promise((resolve) => setTimeout(resolve, 20));
    await layer.close();
    await removeUserDatabase(databaseName(user.id));
    await Dexie.delete(uploadStoreName(user.id));
  });

  function file(fileId: string, documentId = 'doc-1', size = 100): QueuedFile {
    return {
      fileId,
      documentId: `${user.id}:${documentId}`,
      patientId: user.id,
      name: `${fileId}.jpg`,
      mime: 'image/jpeg',
      size,
      sha256: fileId.padEnd(64, '0').slice(0, 64),
      blob: new Blob([new Uint8Array(size)]),
      phase: 'queued',
      addedAt: new Date().toISOString(),
      resends: 0,
    };
  }

  /** Recent: a queued file whose document is missing for minutes counts as deleted elsewhere. */
  const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

  async function stored(fileId: string): Promise<QueuedFile | undefined> {
    const db = new UploadStore(user.id);
    try {
      return await db.files.get(fileId);
    } finally {
      db.close();
    }
  }

  async function replicateRecord(fileId: string, status: 'uploaded' | 'rejected', sha256 = 'a'.repeat(64)): Promise<void> {
    const records = (await layer.database()).db.collections['document_files'] as RxCollection<DocumentFileRecord>;
    await records.insert({
      id: `${user.id}:${fileId}`,
      patientId: user.id,
      documentId: `${user.id}:doc-1`,
      fileId,
      status,
      name: `${fileId}.jpg`,
      size: 100,
      ...(status === 'uploaded' ? { mime: 'image/jpeg', sha256 } : { reason: 'file_type_not_allowed' as const }),
      checkedAt: new Date().toISOString(),
    });
  }

  it('keeps files picked offline and sends them by itself when the connection comes back', async () => {
    await setUp(false);
    await queue.add([file('page-1')]);
    expect(transport.sends.length).toBe(0);
    expect(queue.files().map((f) => [f.fileId, f.phase, f.hasBytes])).toEqual([['page-1', 'queued', true]]);
    expect(queue.progressOf('page-1')).toEqual({ sending: false, sentBytes: 0, totalBytes: 100 });

    store.dispatch(connectivityActions.wentOnline());
    await until(() => transport.sends.length === 1, 'the upload starts');
    expect(transport.last().job.file.fileId).toBe('page-1');
    expect(queue.unreservedBytes()).toBe(100);
    transport.last().events.created();
    transport.last().events.progress(40, 100);
    expect(queue.progressOf('page-1')).toEqual({ sending: true, sentBytes: 40, totalBytes: 100 });
    await until(() => queue.unreservedBytes() === 0, 'the server counts it now');

    // Verified by the server: the entry waits for the record, the bytes with it (they become
    // the offline copy then).
    transport.last().settle({ kind: 'uploaded' });
    await until(() => queue.entryOf('page-1')?.phase === 'sent', 'sent');
    expect((await stored('page-1'))?.blob).not.toBeNull();
    expect(queue.progressOf('page-1')).toEqual({ sending: false, sentBytes: 100, totalBytes: 100 });

    await replicateRecord('page-1', 'uploaded');
    await until(() => queue.files().length === 0, 'the entry goes once the record replicated');
    expect(await stored('page-1')).toBeUndefined();
  });

  it('the bytes a patient uploaded from this device become the offline copy: the file opens with no network', async () => {
    await setUp(true);
    const offline = TestBed.inject(OfflineFiles);
    offline.start();
    await until(() => offline.active(), 'the patient\'s device keeps files');
    const photo = { ...file('photo-1'), blob: new Blob([Uint8Array.from({ length: 100 }, (_, i) => i)], { type: 'image/jpeg' }) };
    const sha256 = await sha256Of(photo.blob);
    await queue.add([{ ...photo, sha256 }]);
    await until(() => transport.sends.length === 1, 'the upload starts');
    transport.last().settle({ kind: 'uploaded' });
    await until(() => queue.entryOf('photo-1')?.phase === 'sent', 'sent');
    await replicateRecord('photo-1', 'uploaded', sha256);
    await until(() => queue.files().length === 0, 'the entry goes once the record replicated');
    expect(offline.isOnDevice(user.id, 'photo-1')).toBeTrue();

    store.dispatch(connectivityActions.wentOffline());
    const bytes = new Uint8Array(await (await offline.read(user.id, { fileId: 'photo-1', name: 'photo-1.jpg', size: 100, mime: 'image/jpeg', sha256 })).arrayBuffer());
    expect(bytes[99]).toBe(99);
    await caches.delete(offlineCacheName(user.id));
  });

  it('stops when the connection drops mid-upload and resumes when it is back', async () => {
    await setUp(true);
    await queue.add([file('scan')]);
    await until(() => transport.sends.length === 1, 'the upload starts');

    store.dispatch(connectivityActions.wentOffline());
    await until(() => transport.sends[0]!.stop.aborted, 'the upload is stopped');
    await until(() => queue.progressOf('scan')?.sending === false, 'no longer sending');
    expect((await stored('scan'))?.phase).toBe('queued');
    expect((await stored('scan'))?.blob).not.toBeNull();

    store.dispatch(connectivityActions.wentOnline());
    await until(() => transport.sends.length === 2, 'the upload starts again');
    transport.last().settle({ kind: 'uploaded' });
    await until(() => queue.entryOf('scan')?.phase === 'sent', 'sent');
  });

  it('sends one file after another, oldest first', async () => {
    await setUp(true);
    const first = { ...file('first'), addedAt: secondsAgo(2) };
    const second = { ...file('second'), addedAt: secondsAgo(1) };
    await queue.add([second, first]);
    await until(() => transport.sends.length === 1, 'one upload at a time');
    expect(transport.last().job.file.fileId).toBe('first');
    transport.last().settle({ kind: 'uploaded' });
    await until(() => transport.sends.length === 2, 'then the next');
    expect(transport.last().job.file.fileId).toBe('second');
    transport.last().settle({ kind: 'uploaded' });
    await until(() => queue.files().every((f) => f.phase === 'sent'), 'both sent');
  });

  it('a refusal shows its reason; the bytes stay only when sending again can help (over quota)', async () => {
    await setUp(true);
    await queue.add([{ ...file('duplicate'), addedAt: secondsAgo(2) }, { ...file('too-much'), addedAt: secondsAgo(1) }]);
    await until(() => transport.sends.length === 1, 'first upload');
    transport.last().settle({ kind: 'refused', code: 'file_duplicate' });
    await until(() => transport.sends.length === 2, 'second upload');
    transport.last().settle({ kind: 'refused', code: 'quota_exceeded' });
    await until(() => queue.entryOf('too-much')?.phase === 'failed', 'failed');
    expect(queue.entryOf('duplicate')).toEqual(jasmine.objectContaining({ phase: 'failed', code: 'file_duplicate', hasBytes: false }));
    expect(queue.entryOf('too-much')).toEqual(jasmine.objectContaining({ phase: 'failed', code: 'quota_exceeded', hasBytes: true }));

    // The patient freed space: send it again.
    await queue.retry('too-much');
    await until(() => transport.sends.length === 3, 'sent again');
    expect(transport.last().job.file.fileId).toBe('too-much');
    transport.last().settle({ kind: 'uploaded' });
    await until(() => queue.entryOf('too-much')?.phase === 'sent', 'sent');
  });

  it('re-sends a file the server found damaged once, then reports it', async () => {
    await setUp(true);
    await queue.add([file('damaged')]);
    await until(() => transport.sends.length === 1, 'first attempt');
    transport.last().settle({ kind: 'refused', code: 'file_checksum_mismatch' });
    await until(() => transport.sends.length === 2, 'automatic re-send');
    transport.last().settle({ kind: 'refused', code: 'file_checksum_mismatch' });
    await until(() => queue.entryOf('damaged')?.phase === 'failed', 'reported');
    expect(queue.entryOf('damaged')?.hasBytes).toBeTrue();
  });

  it('a file waiting for consent is not sent again and again', async () => {
    await setUp(true);
    await queue.add([file('needs-consent')]);
    await until(() => transport.sends.length === 1, 'first attempt');
    transport.last().settle({ kind: 'held', code: 'consent_required' });
    await until(() => queue.entryOf('needs-consent')?.code === 'consent_required', 'held');
    await queue.run();
    expect(transport.sends.length).toBe(1);
    expect(queue.entryOf('needs-consent')?.phase).toBe('queued');
  });

  it('on sign-out an emptied queue is deleted from the device; one with unsent files stays for the next sign-in', async () => {
    await setUp(false);
    await queue.add([file('unsent')]);
    store.dispatch(sessionActions.signedOut());
    await until(() => queue.files().length === 0, 'closed');
    expect((await stored('unsent'))?.blob).not.toBeNull();

    store.dispatch(sessionActions.restored({ user }));
    await until(() => queue.files().length === 1, 'back after signing in again');
    await queue.forgetDocument(`${user.id}:doc-1`);
    store.dispatch(sessionActions.signedOut());
    await until(async () => !(await Dexie.exists(uploadStoreName(user.id))), 'the empty queue is deleted');
  });

  it('deleting a document forgets its files and frees the server’s unfinished upload', async () => {
    await setUp(false);
    await queue.add([file('a', 'doc-1'), file('b', 'doc-1'), file('c', 'doc-2')]);
    await queue.forgetDocument(`${user.id}:doc-1`);
    expect(queue.files().map((f) => f.fileId)).toEqual(['c']);
    expect(transport.discarded.sort()).toEqual(['a', 'b']);
    expect(await stored('a')).toBeUndefined();
  });
});
