import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { VIDEO_API } from '../../modules/video/index';
import { precompress } from '../../scripts/precompress.mjs';
import { COMPRESSION_THRESHOLD_BYTES } from '../src/plugins/compression/index';
import { startTestServer, type TestServer } from './helpers/test-server';
import { editOf, SyncClient } from './helpers/sync-client';

/**
 * A request as a browser sends it, read byte for byte: fetch() would negotiate and decode the
 * encoding itself and hide what travelled.
 */
function rawGet(url: string, headers: Record<string, string>, options: { method?: string; body?: string } = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'GET', headers }, (response) => {
      const chunks: Uint8Array[] = [];
      response.on('data', (chunk: Uint8Array) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

function decoded(response: { headers: IncomingHttpHeaders; body: Buffer }): string {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(new Uint8Array(response.body)).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(new Uint8Array(response.body)).toString('utf8');
  assert.equal(encoding, undefined, `unexpected encoding ${encoding}`);
  return response.body.toString('utf8');
}

const BROWSER = 'gzip, deflate, br, zstd';
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
/** Looks like a real bundle: long enough and repetitive enough to compress well. */
const MAIN_JS = `${'export function signIn(phone, password) { return fetch("/api/auth/sign-in", { method: "POST" }); }\n'.repeat(200)}`;
const INDEX = `<!doctype html><html lang="ru"><head><title>Облако здоровья</title>${'<link rel="modulepreload" href="chunk-7QWERTY2.js">'.repeat(40)}</head><body><ob-root></ob-root><script src="main-HBGS4U4S.js" type="module"></script></body></html>`;

describe('the built app travels compressed (precompressed at build time)', () => {
  let server: TestServer;
  let pwaDir: string;
  before(async () => {
    pwaDir = await mkdtemp(join(tmpdir(), 'oblako-pwa-'));
    await writeFile(join(pwaDir, 'index.html'), INDEX);
    await writeFile(join(pwaDir, 'main-HBGS4U4S.js'), MAIN_JS);
    await writeFile(join(pwaDir, 'ngsw.json'), JSON.stringify({ configVersion: 1, hashTable: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`/chunk-${i}.js`, 'a'.repeat(40)])) }));
    await writeFile(join(pwaDir, 'chunk-TINY0001.js'), 'export {}');
    await precompress(pwaDir); // the build's own script
    server = await startTestServer({ pwaDir });
  });
  after(async () => {
    await server.close();
    await rm(pwaDir, { recursive: true, force: true });
  });

  test('the build writes .br and .gz next to text files, not next to tiny ones', async () => {
    const files = await readdir(pwaDir);
    for (const name of ['main-HBGS4U4S.js', 'index.html', 'ngsw.json']) {
      assert.ok(files.includes(`${name}.br`) && files.includes(`${name}.gz`), name);
    }
    assert.ok(!files.includes('chunk-TINY0001.js.br'), 'a 9-byte file is sent as it is');
  });

  test('brotli to a browser that accepts it, gzip to one that only accepts gzip, the file itself otherwise', async () => {
    const url = `${server.baseUrl}/main-HBGS4U4S.js`;
    const br = await rawGet(url, { 'accept-encoding': BROWSER });
    assert.equal(br.status, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(br.headers['vary'] ?? '', /accept-encoding/i);
    assert.match(br.headers['content-type'] ?? '', /javascript/);
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable', 'the hashed file keeps its long cache');
    assert.equal(decoded(br), MAIN_JS);
    assert.ok(br.body.length < MAIN_JS.length / 10, `${br.body.length} bytes travelled for ${MAIN_JS.length}`);

    const gzip = await rawGet(url, { 'accept-encoding': 'gzip, deflate' });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.match(gzip.headers['vary'] ?? '', /accept-encoding/i);
    assert.equal(decoded(gzip), MAIN_JS);

    const plain = await rawGet(url, {});
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(plain.headers['vary'] ?? '', /accept-encoding/i, 'a shared cache must not hand this copy to a browser that accepts brotli');
    assert.equal(plain.body.toString('utf8'), MAIN_JS);

    // No variant on disk (too small to gain): served whole, whatever the encoding it travels in.
    const tiny = await rawGet(`${server.baseUrl}/chunk-TINY0001.js`, { 'accept-encoding': BROWSER });
    assert.equal(tiny.status, 200);
    assert.equal(decoded(tiny), 'export {}');
  });

  test('index.html and ngsw.json travel compressed and are still revalidated on every load', async () => {
    for (const path of ['/', '/index.html', '/ngsw.json']) {
      const response = await rawGet(`${server.baseUrl}${path}`, { 'accept-encoding': BROWSER, accept: HTML });
      assert.equal(response.status, 200, path);
      assert.equal(response.headers['content-encoding'], 'br', path);
      assert.equal(response.headers['cache-control'], 'no-cache', path);
    }
    const ngsw = await rawGet(`${server.baseUrl}/ngsw.json`, { 'accept-encoding': 'gzip' });
    assert.equal(JSON.parse(decoded(ngsw)).configVersion, 1, 'the service worker reads the decoded manifest');
    const page = await rawGet(`${server.baseUrl}/`, { 'accept-encoding': BROWSER, accept: HTML });
    assert.equal(decoded(page), INDEX);
  });

  test('an app URL opened in the browser gets index.html, compressed', async () => {
    const response = await rawGet(`${server.baseUrl}/consultations`, { 'accept-encoding': BROWSER, accept: HTML });
    assert.equal(response.status, 200);
    assert.equal(response.headers['cache-control'], 'no-cache');
    assert.match(response.headers['content-type'] ?? '', /text\/html/);
    assert.equal(decoded(response), INDEX);
  });
});

describe('API answers are compressed above a size; live answers are never held back', () => {
  let server: TestServer;
  let client: SyncClient;
  let patientId: string;
  before(async () => {
    server = await startTestServer();
    const patient = await server.createAccount('patient');
    patientId = patient.user.id;
    client = new SyncClient(server.baseUrl, 'profiles', (await server.signIn(patient.phone, patient.password)).accessToken);
  });
  after(() => server.close());

  /** `_all_docs` with `count` unknown ids: a JSON answer of ~45 bytes per id, as RxDB's push asks it. */
  const allDocs = (count: number, acceptEncoding: string) =>
    rawGet(
      `${client.dbUrl}_all_docs`,
      { ...client.headers, 'content-type': 'application/json', 'accept-encoding': acceptEncoding },
      { method: 'POST', body: JSON.stringify({ keys: Array.from({ length: count }, (_, i) => `${patientId}:none-${i}`), include_docs: true }) },
    );

  test('JSON above the threshold travels compressed (brotli, or gzip), below it as it is', async () => {
    const large = await allDocs(100, BROWSER);
    assert.equal(large.status, 200);
    assert.equal(large.headers['content-encoding'], 'br');
    assert.match(large.headers['vary'] ?? '', /accept-encoding/i);
    const rows = JSON.parse(decoded(large)).rows as unknown[];
    assert.equal(rows.length, 100);
    assert.ok(decoded(large).length > COMPRESSION_THRESHOLD_BYTES);
    assert.ok(large.body.length < decoded(large).length / 3, `${large.body.length} bytes travelled for ${decoded(large).length}`);

    const gzip = await allDocs(100, 'gzip');
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal((JSON.parse(decoded(gzip)).rows as unknown[]).length, 100);

    const small = await allDocs(1, BROWSER);
    assert.equal(small.status, 200);
    assert.ok(small.body.length < COMPRESSION_THRESHOLD_BYTES, `${small.body.length} bytes`);
    assert.equal(small.headers['content-encoding'], undefined, 'a small answer is not worth compressing');
    assert.equal((JSON.parse(small.body.toString('utf8')).rows as unknown[]).length, 1);

    const identity = await allDocs(100, 'identity');
    assert.equal(identity.headers['content-encoding'], undefined);
    assert.equal((JSON.parse(identity.body.toString('utf8')).rows as unknown[]).length, 100);
  });

  test('a longpoll is not buffered: headers at once, the change delivered as soon as it is written', async () => {
    const now = (await client.changes({ since: 'now' })).body.last_seq;
    let headersArrived = false;
    const query = new URLSearchParams({ style: 'all_docs', include_docs: 'true', feed: 'longpoll', since: now, timeout: '60000', heartbeat: '30000' });
    const waiting = new Promise<{ headers: IncomingHttpHeaders; text: string; deliveredAt: number }>((resolve, reject) => {
      const request = httpRequest(`${client.dbUrl}_changes?${query}`, { headers: { ...client.headers, 'accept-encoding': BROWSER } }, (response) => {
        headersArrived = true;
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => resolve({ headers: response.headers, text, deliveredAt: Date.now() }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end();
    });
    await server.app.replicationWaits.until(1);
    const current = (await client.read(`${patientId}:profile`))!;
    const writtenAt = Date.now();
    const { body } = await client.bulkDocs([editOf(current, { region: 'Томская область' })]);
    assert.equal(body[0]!.ok, true, JSON.stringify(body));
    const result = await waiting;
    assert.ok(headersArrived);
    assert.equal(result.headers['content-encoding'], undefined, 'a held answer is never compressed (it would wait for the end)');
    assert.match(result.text, /Томская область/);
    // Far below the 60 s the wait would last if compression held the answer back.
    const latency = result.deliveredAt - writtenAt;
    console.log(`# longpoll with Accept-Encoding: br: write → answer ${latency} ms`);
    assert.ok(latency < 30_000, `delivered after ${latency} ms`);
  });

  test("the doctor's live presence stream (server-sent events) is not compressed: the first event arrives by itself", async () => {
    const doctor = await server.createAccount('doctor');
    const { accessToken } = await server.signIn(doctor.phone, doctor.password);
    const first = await new Promise<{ headers: IncomingHttpHeaders; chunk: string }>((resolve, reject) => {
      const request = httpRequest(`${server.baseUrl}${VIDEO_API.presenceStream}`, { headers: { authorization: `Bearer ${accessToken}`, 'accept-encoding': BROWSER } }, (response) => {
        // The stream never ends: what arrives before the end proves nothing holds it back.
        response.once('data', (chunk: Buffer) => {
          resolve({ headers: response.headers, chunk: chunk.toString('utf8') });
          request.destroy();
        });
        response.on('error', () => undefined);
      });
      request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
      request.end();
    });
    assert.match(first.headers['content-type'] ?? '', /text\/event-stream/);
    assert.equal(first.headers['content-encoding'], undefined);
    assert.match(first.chunk, /: ready|event: presence/);
  });
});
