import { IndexedDbUrlStorage, UploadStore, resumeFingerprint, uploadStoreName, type QueuedFile } from './upload-store';

/** The queue is real IndexedDB in the test browser: what is written must come back after a reopen. */
describe('UploadStore (the upload queue in IndexedDB)', () => {
  let userId: string;
  const stores: UploadStore[] = [];
  const open = (id: string) => {
    const store = new UploadStore(id);
    stores.push(store);
    return store;
  };

  beforeEach(() => (userId = `test-${crypto.randomUUID()}`));
  afterEach(async () => {
    for (const store of stores.splice(0)) {
      store.close();
      await store.delete();
    }
  });

  function queued(fileId: string, bytes: Uint8Array<ArrayBuffer>): QueuedFile {
    return {
      fileId,
      documentId: `${userId}:doc-1`,
      patientId: userId,
      name: `${fileId}.jpg`,
      mime: 'image/jpeg',
      size: bytes.length,
      sha256: '0'.repeat(64),
      blob: new Blob([bytes], { type: 'image/jpeg' }),
      phase: 'queued',
      addedAt: new Date().toISOString(),
      resends: 0,
    };
  }

  it('keeps the picked bytes across a close and reopen (a reload, a restarted app)', async () => {
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 13) & 0xff);
    const first = open(userId);
    await first.files.put(queued('photo-page-1', bytes));
    first.close();

    const reopened = open(userId);
    const stored = await reopened.files.get('photo-page-1');
    expect(stored?.phase).toBe('queued');
    expect(stored?.blob).toBeInstanceOf(Blob);
    expect(new Uint8Array(await stored!.blob!.arrayBuffer())).toEqual(bytes);
    expect(await reopened.files.where('documentId').equals(`${userId}:doc-1`).count()).toBe(1);
  });

  it('one database per person: another user on the same device sees nothing', async () => {
    await open(userId).files.put(queued('mine', new Uint8Array([1, 2, 3])));
    const other = open(`test-${crypto.randomUUID()}`);
    expect(await other.files.count()).toBe(0);
    expect(uploadStoreName(userId)).toBe(`oblako-uploads-${userId}`);
  });

  it('keeps tus upload URLs by fingerprint, so an upload resumes after a reload', async () => {
    const store = open(userId);
    const urls = new IndexedDbUrlStorage(store.resumes);
    const fingerprint = resumeFingerprint(userId, 'file-1');
    const key = await urls.addUpload(fingerprint, {
      size: 10,
      metadata: { fileId: 'file-1' },
      creationTime: new Date().toISOString(),
      uploadUrl: 'http://localhost/api/documents/uploads/abc',
      parallelUploadUrls: null,
      urlStorageKey: '',
    });
    await urls.addUpload(resumeFingerprint(userId, 'file-2'), {
      size: 5,
      metadata: {},
      creationTime: new Date().toISOString(),
      uploadUrl: 'http://localhost/api/documents/uploads/def',
      parallelUploadUrls: null,
      urlStorageKey: '',
    });
    store.close();

    const again = new IndexedDbUrlStorage(open(userId).resumes);
    const found = await again.findUploadsByFingerprint(fingerprint);
    expect(found.map((u) => [u.uploadUrl, u.urlStorageKey])).toEqual([['http://localhost/api/documents/uploads/abc', key]]);
    expect((await again.findAllUploads()).length).toBe(2);
    await again.removeUpload(key);
    expect(await again.findUploadsByFingerprint(fingerprint)).toEqual([]);
    await again.forget(resumeFingerprint(userId, 'file-2'));
    expect(await again.findAllUploads()).toEqual([]);
  });
});
