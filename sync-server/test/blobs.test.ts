import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from '@tus/utils';
import { createDiskBlobStore, type BlobStore } from '../src/plugins/blobs/index';

/** The local-disk blob store on a real directory: whole-or-nothing files, ranges, expiry. */
let dir: string;
let blobs: BlobStore;
const owner = 'aaaaaaaa-0000-4000-8000-000000000001';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oblako-blobs-'));
  blobs = await createDiskBlobStore({ directory: dir, uploadExpiryMs: 60_000 });
});
after(() => rm(dir, { recursive: true, force: true }));

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
}

async function upload(id: string, content: string): Promise<void> {
  await blobs.uploads.create(new Upload({ id, size: content.length, offset: 0, metadata: {}, creation_date: new Date().toISOString() }));
  const { Readable } = await import('node:stream');
  await blobs.uploads.write(Readable.from([Buffer.from(content)]), id, 0);
}

test('an upload becomes a stored file in one step, and the upload is gone afterwards', async () => {
  const id = '0123456789abcdef0123456789abcdef';
  await upload(id, 'hello, document');
  assert.equal(await text(await blobs.readUpload(id)), 'hello, document');
  assert.equal(await blobs.size(`${owner}/file-1`), null);
  await blobs.promote(id, `${owner}/file-1`);
  assert.equal(await blobs.size(`${owner}/file-1`), 15);
  assert.equal(existsSync(join(dir, 'uploads', id)), false);
  assert.equal(existsSync(join(dir, 'uploads', `${id}.json`)), false);
  await assert.rejects(blobs.uploads.getUpload(id));
});

test('reads the whole file or one inclusive range; a missing file fails before any byte', async () => {
  assert.equal(await text(await blobs.read(`${owner}/file-1`)), 'hello, document');
  assert.equal(await text(await blobs.read(`${owner}/file-1`, { start: 7, end: 14 })), 'document');
  await assert.rejects(blobs.read(`${owner}/missing`), { code: 'ENOENT' });
});

test('keys that could leave the directory are refused', async () => {
  for (const key of ['../etc/passwd', `${owner}/../../x`, `${owner}/.hidden`, `${owner}`, 'UPPER/file', `${owner}/a/b`]) {
    await assert.rejects(blobs.size(key), /Invalid blob key/, key);
  }
  await assert.rejects(blobs.readUpload('../../etc/passwd'), /Invalid upload id/);
});

test('delete and discard are idempotent', async () => {
  await blobs.delete(`${owner}/file-1`);
  await blobs.delete(`${owner}/file-1`);
  assert.equal(await blobs.size(`${owner}/file-1`), null);
  const id = 'fedcba9876543210fedcba9876543210';
  await upload(id, 'partial');
  await blobs.discardUpload(id);
  await blobs.discardUpload(id);
  assert.equal(existsSync(join(dir, 'uploads', id)), false);
});

test('unfinished uploads older than the expiry are deleted; recent and complete ones stay', async () => {
  const old = '11111111111111111111111111111111';
  const recent = '22222222222222222222222222222222';
  await blobs.uploads.create(new Upload({ id: old, size: 100, offset: 0, metadata: {}, creation_date: new Date(Date.now() - 120_000).toISOString() }));
  await blobs.uploads.create(new Upload({ id: recent, size: 100, offset: 0, metadata: {}, creation_date: new Date().toISOString() }));
  await writeFile(join(dir, 'uploads', old), 'x');
  await utimes(join(dir, 'uploads', old), new Date(), new Date());
  assert.equal(await blobs.deleteExpiredUploads(), 1);
  assert.equal(existsSync(join(dir, 'uploads', old)), false);
  assert.equal(existsSync(join(dir, 'uploads', recent)), true);
});

test('BLOB_STORE=s3 builds the S3 store (no bucket here: construction only, no request is made)', async () => {
  const { createS3BlobStore } = await import('../src/plugins/blobs/index');
  const { S3Store } = await import('@tus/s3-store');
  const s3 = createS3BlobStore({ bucket: 'oblako-files', region: 'ru-central1', endpoint: 'http://127.0.0.1:9', forcePathStyle: true, uploadExpiryMs: 1000 });
  assert.equal(s3.kind, 's3');
  assert.ok(s3.uploads instanceof S3Store);
  await assert.rejects(s3.size('../escape'), /Invalid blob key/);
});
