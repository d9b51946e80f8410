/**
 * The baseline server: a plain PouchDB database (pouchdb-node, LevelDB in a temp dir) served
 * over HTTP by express-pouchdb — what a "PouchDB-to-PouchDB replication" deployment runs.
 * Runs as a child process so it never shares an event loop with the measured client.
 *
 * express-pouchdb runs in its `minimumForPouchDB` mode without its gzip middleware: on loopback
 * compression only costs CPU, and our server does not compress either.
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';
import { createRequire } from 'node:module';
import PouchDB from 'pouchdb-node';
import { pullRecords, PULL_COLLECTION, PUSH_COLLECTION } from '../records';
import { LOOPBACK, onStopRequest, send, startCpuProfile } from './protocol';

const require = createRequire(import.meta.url);
type RequestHandler = (req: unknown, res: unknown) => void;
type ExpressPouchDB = (pouch: PouchDB.Static, options: object) => RequestHandler;
const expressPouchDB = require('express-pouchdb') as ExpressPouchDB;

async function main(): Promise<void> {
  const dir = process.env['BENCH_DIR']!;
  const patientId = process.env['BENCH_PATIENT_ID']!;
  const docs = Number(process.env['BENCH_PULL_DOCS']);
  const docBytes = Number(process.env['BENCH_DOC_BYTES']);

  const storeDir = join(dir, 'baseline');
  mkdirSync(storeDir, { recursive: true });
  const ServerPouchDB = PouchDB.defaults({ prefix: `${storeDir}${sep}` });
  const pouchApp = expressPouchDB(ServerPouchDB as unknown as PouchDB.Static, {
    mode: 'minimumForPouchDB',
    overrideMode: { exclude: ['compression'] },
  });
  const server = createServer((req, res) => {
    // Like our replication endpoints in the bench: nothing may be answered from a cache.
    res.setHeader('Cache-Control', 'no-store');
    pouchApp(req, res);
  });
  server.keepAliveTimeout = 60_000;

  const started = performance.now();
  const pullDb = new ServerPouchDB(PULL_COLLECTION);
  await pullDb.bulkDocs(pullRecords(patientId, docs, docBytes));
  const info = await pullDb.info();
  await new ServerPouchDB(PUSH_COLLECTION).info();
  const seedMs = performance.now() - started;

  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://${LOOPBACK}:${port}`;

  const writeProfile = await startCpuProfile('baseline-server');
  onStopRequest(async () => {
    await writeProfile();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  send({
    type: 'ready',
    pullUrl: `${base}/${PULL_COLLECTION}/`,
    pushUrl: `${base}/${PUSH_COLLECTION}/`,
    patientId,
    seededDocs: info.doc_count,
    seedMs,
  });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
