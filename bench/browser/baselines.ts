import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The two baselines, as scripts a bench page runs (same origin as the app, so the same server,
 * the same authorised `/sync/documents/` endpoint and the same browser profile kind):
 *  - PouchDB: `PouchDB.replicate` (pouchdb-browser 9.0.0, IndexedDB adapter) with batch_size 100
 *    from a plain CouchDB endpoint in the same server process (couch-endpoint.ts: express-pouchdb
 *    over the same 5,000 records) — the cht-core stack;
 *  - fetch + Dexie: the `_changes?include_docs=true` pages read with bare `fetch`, then one Dexie
 *    `bulkPut` — the least any client must do to hold the records in IndexedDB.
 * and the floor of the app's own stack (floor/: `rxdbFloor`, `dexieIndexed`, see there).
 * Each exposes `window.runBaseline(token)` → `{ ms, stored, detail? }`.
 */
export interface BaselinePages {
  pouchdb: string;
  fetchDexie: string;
  /** The floor of the app's stack (floor/rxdb-floor.entry.ts). */
  rxdbFloor: string;
  /** fetch + one Dexie bulkPut into a table indexed as RxDB's documents table (floor/dexie-indexed.entry.ts). */
  dexieIndexed: string;
  /** The app's own first sync into the app's own database, documents only (floor/first-sync-loop.entry.ts). */
  appLoop: string;
}

const POUCHDB_ENTRY = `
import PouchDB from 'pouchdb-browser';
window.runBaseline = async (token) => {
  const remote = new PouchDB(location.origin + '/couchdb/bench_records/', { skip_setup: true });
  const local = new PouchDB('bench-records');
  const started = performance.now();
  try {
    await PouchDB.replicate(remote, local, { batch_size: 100 });
  } catch (error) {
    throw new Error('PouchDB.replicate failed: ' + JSON.stringify({ status: error.status, name: error.name, message: error.message, reason: error.reason, result: error.result && { errors: error.result.errors, docs_written: error.result.docs_written } }).slice(0, 1500));
  }
  const ms = performance.now() - started;
  const stored = (await local.info()).doc_count;
  return { ms, stored };
};
`;

const FETCH_DEXIE_ENTRY = `
import Dexie from 'dexie';
window.runBaseline = async (token) => {
  const db = new Dexie('bench-records');
  db.version(1).stores({ docs: '_id' });
  await db.open();
  const started = performance.now();
  const docs = [];
  let since = '0';
  for (;;) {
    const response = await fetch('/sync/documents/_changes?style=all_docs&include_docs=true&limit=1000&since=' + encodeURIComponent(since), {
      headers: { authorization: 'Bearer ' + token },
    });
    if (!response.ok) throw new Error('_changes answered ' + response.status);
    const page = await response.json();
    for (const row of page.results) if (row.doc) docs.push(row.doc);
    since = page.last_seq;
    if (page.results.length < 1000) break;
  }
  await db.docs.bulkPut(docs);
  const ms = performance.now() - started;
  const stored = await db.docs.count();
  return { ms, stored };
};
`;

async function bundle(source: string | { entry: string }, resolveDir: string): Promise<string> {
  const result = await build({
    ...(typeof source === 'string' ? { stdin: { contents: source, resolveDir, loader: 'js' as const } } : { entryPoints: [source.entry] }),
    // The app's path aliases (@oblako/domain) for the floor pages, which import the app's own code.
    tsconfig: join(resolveDir, 'tsconfig.json'),
    target: 'es2022',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    minify: true,
    write: false,
    define: { global: 'globalThis' },
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

function page(script: string): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>bench</title></head><body><script>${script.replace(/<\/script/gi, '<\\/script')}</script></body></html>`;
}

export async function buildBaselinePages(resolveDir: string): Promise<BaselinePages> {
  const floor = (name: string) => ({ entry: join(dirname(fileURLToPath(import.meta.url)), 'floor', name) });
  const [pouchdb, fetchDexie, rxdbFloor, dexieIndexed, appLoop] = await Promise.all([
    bundle(POUCHDB_ENTRY, resolveDir),
    bundle(FETCH_DEXIE_ENTRY, resolveDir),
    bundle(floor('rxdb-floor.entry.ts'), resolveDir),
    bundle(floor('dexie-indexed.entry.ts'), resolveDir),
    bundle(floor('first-sync-loop.entry.ts'), resolveDir),
  ]);
  return { pouchdb: page(pouchdb), fetchDexie: page(fetchDexie), rxdbFloor: page(rxdbFloor), dexieIndexed: page(dexieIndexed), appLoop: page(appLoop) };
}
