import { TestBed } from '@angular/core/testing';
import { Store } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import { AccessToken } from '@oblako/shell-kit';
import { Dexie } from 'dexie';
import { DataLayer } from '../../../pwa/src/app/core/db/data-layer.service';
import { databaseName, removeUserDatabase } from '../../../pwa/src/app/core/db/user-database';
import { sessionActions } from '../../../pwa/src/app/core/session/session.actions';
import { DOCUMENTS_API } from '../index';
import { documentsTestProviders, until } from './testing';
import { UploadQueue } from './upload-queue.service';
import { IndexedDbUrlStorage, UploadStore, resumeFingerprint, uploadStoreName, type QueuedFile } from './upload-store';

interface SeenRequest {
  method: string;
  url: string;
}

type Answer = { status: number; body?: object; headers?: Record<string, string> };

/**
 * The server's side of the wire for tus-js-client (which speaks XMLHttpRequest in the browser):
 * each request is answered by `answer`, as the sync server answers it. Everything above the wire
 * — tus-js-client, the app's TusTransport and UploadQueue, IndexedDB — is what ships.
 */
function fakeServer(answer: (request: SeenRequest) => Answer): { seen: SeenRequest[]; restore(): void } {
  const seen: SeenRequest[] = [];
  const original = window.XMLHttpRequest;
  class ServerXhr {
    status = 0;
    responseText = '';
    onload: (() => void) | null = null;
    onerror: ((error: unknown) => void) | null = null;
    readonly upload = { onprogress: null as unknown };
    private method = '';
    private url = '';
    private headers: Record<string, string> = {};
    open(method: string, url: string): void {
      this.method = method;
      this.url = new URL(url, location.origin).pathname;
    }
    setRequestHeader(): void {}
    getResponseHeader(name: string): string | null {
      return this.headers[name.toLowerCase()] ?? null;
    }
    send(): void {
      const request = { method: this.method, url: this.url };
      seen.push(request);
      const { status, body, headers = {} } = answer(request);
      this.status = status;
      this.responseText = body ? JSON.stringify(body) : '';
      this.headers = { 'tus-resumable': '1.0.0', ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])) };
      setTimeout(() => this.onload?.(), 0);
    }
    abort(): void {}
  }
  window.XMLHttpRequest = ServerXhr as unknown as typeof XMLHttpRequest;
  return { seen, restore: () => (window.XMLHttpRequest = original) };
}

/**
 * Crash edges of the real transport: the server finished a file's last PATCH and crashed before
 * the device heard the answer. After the restart the device's stored upload URL is unknown (the
 * upload became the file: HEAD 404) and creating it again is refused with 409
 * `file_already_uploaded` (sync-server/test/transfers-shutdown.test.ts shows the server answers so).
 */
describe('TusTransport + UploadQueue: an upload the server completed before it crashed', () => {
  let user: SessionUser;
  let layer: DataLayer;
  let server: ReturnType<typeof fakeServer> | null = null;
  const oldUpload = `${DOCUMENTS_API.uploads}0123456789abcdef0123456789abcdef`;

  beforeEach(async () => {
    user = { id: `test-${crypto.randomUUID()}`, role: 'patient', phone: '+79000000001', name: 'Иванова Мария' };
  });

  afterEach(async () => {
    server?.restore();
    server = null;
    TestBed.inject(Store).dispatch(sessionActions.signedOut());
    await until(async () => TestBed.inject(UploadQueue).files().length === 0, 'the queue is closed');
    await layer.close();
    await removeUserDatabase(databaseName(user.id));
    await Dexie.delete(uploadStoreName(user.id));
  });

  /** A file this device had been sending (the server created its upload; the URL is stored). */
  async function fileBeingSent(fileId: string): Promise<QueuedFile> {
    const file: QueuedFile = {
      fileId,
      documentId: `${user.id}:doc-1`,
      patientId: user.id,
      name: 'УЗИ.pdf',
      mime: 'application/pdf',
      size: 2048,
      sha256: 'b'.repeat(64),
      blob: new Blob([new Uint8Array(2048)]),
      phase: 'queued',
      addedAt: new Date().toISOString(),
      resends: 0,
      created: true,
    };
    const store = new UploadStore(user.id);
    try {
      await new IndexedDbUrlStorage(store.resumes).addUpload(resumeFingerprint(user.id, fileId), {
        size: file.size,
        metadata: { documentId: file.documentId, fileId },
        creationTime: new Date().toISOString(),
        uploadUrl: new URL(oldUpload, location.origin).href,
        parallelUploadUrls: null,
        urlStorageKey: '',
      });
    } finally {
      store.close();
    }
    return file;
  }

  async function startQueue(file: QueuedFile): Promise<UploadQueue> {
    TestBed.configureTestingModule({
      providers: [
        ...documentsTestProviders(user, true),
        { provide: AccessToken, useValue: { current: async () => 'access-token', renewed: async () => 'access-token' } },
      ],
    });
    layer = TestBed.inject(DataLayer);
    await layer.open(user);
    const queue = TestBed.inject(UploadQueue);
    queue.start();
    await queue.add([file]);
    return queue;
  }

  async function resumes(): Promise<number> {
    const store = new UploadStore(user.id);
    try {
      return await store.resumes.count();
    } finally {
      store.close();
    }
  }

  it('HEAD 404 then 409 file_already_uploaded: the file is done at once — no failure, no retries; the bytes stay as this device\'s copy until the verdict', async () => {
    server = fakeServer(({ method, url }) => {
      if (method === 'HEAD' && url === oldUpload) return { status: 404, body: { code: 'upload_not_found', message: 'Загрузка не найдена' } };
      if (method === 'POST' && url === DOCUMENTS_API.uploads) return { status: 409, body: { code: 'file_already_uploaded', message: 'Этот файл уже загружен' } };
      return { status: 500 };
    });
    const file = await fileBeingSent('scan-crash');
    const queue = await startQueue(file);

    // tus retries a 409 after 0, 1, 3, 5, 10, 20 and 30 s: a retried one would send POST again at once.
    await until(() => queue.entryOf('scan-crash')?.phase === 'sent', 'the file counts as sent', 15_000);
    // Kept until the server's verdict replicates: then they become the offline copy (own documents open offline).
    expect(queue.entryOf('scan-crash')).toEqual(jasmine.objectContaining({ phase: 'sent', hasBytes: true }));
    expect(queue.entryOf('scan-crash')?.code).toBeUndefined();
    expect(queue.progressOf('scan-crash')).toEqual({ sending: false, sentBytes: 2048, totalBytes: 2048 });
    expect(server.seen).toEqual([
      { method: 'HEAD', url: oldUpload },
      { method: 'POST', url: DOCUMENTS_API.uploads },
    ]);
    expect(await resumes()).toBe(0);
  });

  it('a 409 that is a verdict on the bytes (file_duplicate) is reported at once, not retried for a minute', async () => {
    server = fakeServer(({ method }) => {
      if (method === 'HEAD') return { status: 404, body: { code: 'upload_not_found', message: 'Загрузка не найдена' } };
      if (method === 'POST') return { status: 409, body: { code: 'file_duplicate', message: 'Такой файл уже загружен' } };
      return { status: 500 };
    });
    const queue = await startQueue(await fileBeingSent('scan-twice'));
    await until(() => queue.entryOf('scan-twice')?.phase === 'failed', 'reported', 15_000);
    expect(queue.entryOf('scan-twice')).toEqual(jasmine.objectContaining({ phase: 'failed', code: 'file_duplicate' }));
    expect(server.seen.filter((request) => request.method === 'POST').length).toBe(1);
  });
});
