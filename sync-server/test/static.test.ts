import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from './helpers/test-server';
import { requestJson } from './helpers/http';

const INDEX = '<!doctype html><html><head><title>Облако здоровья</title></head><body><ob-root></ob-root></body></html>';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** A tiny stand-in for `dist/pwa/browser` with the file names Angular's build produces. */
async function fakePwa(dir: string): Promise<void> {
  await mkdir(join(dir, 'media'), { recursive: true });
  const files: Record<string, string> = {
    'index.html': INDEX,
    'ngsw.json': '{"configVersion":1}',
    'ngsw-worker.js': '/* worker */',
    'oblako-worker.js': "importScripts('./ngsw-worker.js');",
    'safety-worker.js': '/* safety */',
    'manifest.webmanifest': '{"name":"Облако здоровья"}',
    'main-HBGS4U4S.js': 'console.log("main")',
    'chunk-7QWERTY2.js': 'export {}',
    'styles-5INURTSO.css': 'body{}',
    'media/material-symbols-ABCDEF12.woff2': 'font',
    'favicon.ico': 'ico',
  };
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
}

describe('serving the built PWA', () => {
  let server: TestServer;
  let pwaDir: string;
  before(async () => {
    pwaDir = await mkdtemp(join(tmpdir(), 'oblako-pwa-'));
    await fakePwa(pwaDir);
    server = await startTestServer({ pwaDir });
  });
  after(async () => {
    await server.close();
    await rm(pwaDir, { recursive: true, force: true });
  });
  const get = (path: string, headers: Record<string, string> = {}) => requestJson(`${server.baseUrl}${path}`, { headers });

  test('hashed files are cached for a year, immutable', async () => {
    for (const path of ['/main-HBGS4U4S.js', '/chunk-7QWERTY2.js', '/styles-5INURTSO.css', '/media/material-symbols-ABCDEF12.woff2']) {
      const { status, headers } = await get(path);
      assert.equal(status, 200, path);
      assert.equal(headers.get('cache-control'), IMMUTABLE, path);
    }
    assert.match((await get('/main-HBGS4U4S.js')).headers.get('content-type') ?? '', /javascript/);
  });

  test('index.html, the service worker files and the manifest are always revalidated', async () => {
    for (const path of ['/', '/index.html', '/ngsw.json', '/oblako-worker.js', '/ngsw-worker.js', '/safety-worker.js', '/manifest.webmanifest', '/favicon.ico']) {
      const { status, headers } = await get(path);
      assert.equal(status, 200, path);
      assert.equal(headers.get('cache-control'), 'no-cache', path);
    }
    const root = await get('/', HTML);
    assert.equal(root.body, INDEX);
    assert.ok(root.headers.get('content-security-policy'), 'the page gets the CSP');
  });

  test('app URLs opened in the browser get index.html (client-side routes)', async () => {
    for (const path of ['/profile', '/profile/patients', '/sign-in?next=%2Fprofile']) {
      const { status, body, headers } = await get(path, HTML);
      assert.equal(status, 200, path);
      assert.equal(body, INDEX);
      assert.equal(headers.get('cache-control'), 'no-cache');
      assert.match(headers.get('content-type') ?? '', /text\/html/);
    }
  });

  test('no fallback for the API, replication, health, non-HTML requests or missing assets', async () => {
    const api = await get('/api/nowhere', HTML);
    assert.equal(api.status, 404);
    assert.equal((api.body as { code: string }).code, 'not_found');
    const sync = await get('/sync', HTML);
    assert.notEqual(sync.status, 200);
    assert.equal((await get('/chunk-OLDOLD12.js')).status, 404, 'an asset of an old build is a real 404');
    assert.equal((await get('/profile')).status, 404, 'no Accept: text/html → not a navigation');
    const post = await requestJson(`${server.baseUrl}/profile`, { method: 'POST', headers: { ...HTML, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(post.status, 404);
  });

  test('a hashed file answers a revalidation with 304, a cache-busting query and HEAD as itself; an old build\'s asset that appears later is served then', async () => {
    const first = await get('/main-HBGS4U4S.js');
    const etag = first.headers.get('etag');
    assert.ok(etag, 'an ETag');
    const again = await requestJson(`${server.baseUrl}/main-HBGS4U4S.js`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    // The service worker's cache-busting query (ngsw-cache-bust) asks for the same file.
    const busted = await requestJson(`${server.baseUrl}/main-HBGS4U4S.js?ngsw-cache-bust=0.42`, { headers: {} });
    assert.equal(busted.status, 200);
    assert.equal(busted.body, 'console.log("main")');
    const head = await requestJson(`${server.baseUrl}/chunk-7QWERTY2.js`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('cache-control'), IMMUTABLE);
    // Missing, then written by a build while the server runs: not remembered as missing.
    assert.equal((await get('/chunk-LATER123.js')).status, 404);
    await writeFile(join(pwaDir, 'chunk-LATER123.js'), 'export const later = 1');
    const later = await get('/chunk-LATER123.js');
    assert.equal(later.status, 200);
    assert.equal(later.body, 'export const later = 1');
    assert.equal(later.headers.get('cache-control'), IMMUTABLE);
  });

  test('no escaping the PWA directory, no dot files', async () => {
    await writeFile(join(pwaDir, '.env-ABCDEFGH.js'), 'SECRET=1');
    assert.notEqual((await get('/.env-ABCDEFGH.js')).status, 200, 'a dot file with a hashed-looking name');
    await writeFile(join(pwaDir, '.env'), 'SECRET=1');
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/.env', '/media/..%2f..%2fetc%2fpasswd']) {
      const { status, body } = await get(path);
      assert.notEqual(status, 200, path);
      assert.doesNotMatch(String(JSON.stringify(body)), /SECRET|root:/);
    }
  });
});

describe('before the PWA is built', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ pwaDir: join(tmpdir(), 'oblako-no-such-pwa') });
  });
  after(() => server.close());

  test('a browser gets a clear notice; the API still works', async () => {
    const page = await requestJson(`${server.baseUrl}/`, { headers: HTML });
    assert.equal(page.status, 503);
    assert.match(String(page.body), /npm run build/);
    assert.match(String(page.body), /Приложение ещё не собрано/);
    assert.equal((await requestJson(`${server.baseUrl}/health`)).status, 200);
    assert.equal((await requestJson(`${server.baseUrl}/api/nowhere`, { headers: HTML })).status, 404);
  });
});
