/**
 * The baseline client: PouchDB (pouchdb-node, LevelDB in a fresh temp dir per run) with
 * `PouchDB.replicate`, the classic PouchDB-to-CouchDB-protocol replication (what cht-core runs).
 * Only the replication is timed, not creating or filling the local database.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join, sep } from 'node:path';
import PouchDB from 'pouchdb-node';
import type { StoredRecord } from '../records';
import { verifyPushed, withTimeout, type Endpoint, type Measured } from './endpoint';
import type { RunOptions } from './rxdb-client';

async function withFreshLocal<T>(tempRoot: string, work: (local: PouchDB.Database, remote: PouchDB.Database) => Promise<T>, endpoint: Endpoint): Promise<T> {
  const dir = await mkdtemp(join(tempRoot, 'pouch-client-'));
  const local = new (PouchDB.defaults({ prefix: `${dir}${sep}` }))('local');
  const remote = new PouchDB(endpoint.url.replace(/\/$/, ''), { skip_setup: true });
  try {
    return await work(local, remote);
  } finally {
    await Promise.allSettled([local.close(), remote.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

export async function pouchdbPull(tempRoot: string, endpoint: Endpoint, expectedDocs: number, options: RunOptions): Promise<Measured> {
  return withFreshLocal(tempRoot, async (local, remote) => {
    const started = performance.now();
    const result = await withTimeout(Promise.resolve(PouchDB.replicate(remote, local, { batch_size: options.batchSize })), options.timeoutMs, 'PouchDB pull');
    const elapsed = performance.now() - started;
    if (!result.ok || result.docs_written !== expectedDocs) {
      throw new Error(`PouchDB pull wrote ${result.docs_written} documents, expected ${expectedDocs}`);
    }
    return { ms: elapsed };
  }, endpoint);
}

export async function pouchdbPush(tempRoot: string, endpoint: Endpoint, docs: readonly StoredRecord[], options: RunOptions): Promise<Measured> {
  return withFreshLocal(tempRoot, async (local, remote) => {
    await local.bulkDocs(docs.map((doc) => ({ ...doc })));
    const started = performance.now();
    const result = await withTimeout(Promise.resolve(PouchDB.replicate(local, remote, { batch_size: options.batchSize })), options.timeoutMs, 'PouchDB push');
    const elapsed = performance.now() - started;
    if (!result.ok || result.docs_written !== docs.length) {
      throw new Error(`PouchDB push wrote ${result.docs_written} documents, expected ${docs.length}`);
    }
    return { ms: elapsed, verify: verifyPushed(endpoint, docs.map((doc) => doc._id), 'PouchDB push') };
  }, endpoint);
}
