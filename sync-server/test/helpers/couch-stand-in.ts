import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-node';

/**
 * A CouchDB-protocol HTTP endpoint (express-pouchdb) for exercising the store's COUCH_URL path
 * in tests without a CouchDB install. Only the client side is under test: the server code talks
 * to it exactly as to Apache CouchDB 3. Never used outside tests (see ARCHITECTURE.md).
 */
export async function startCouchStandIn(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'oblako-couch-'));
  const LocalPouchDB = PouchDB.defaults({ prefix: `${dir}/` });
  const server: Server = createServer(expressPouchDB(LocalPouchDB, { mode: 'minimumForPouchDB', inMemoryConfig: true }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      // express-pouchdb misses a client's disconnect while a longpoll is still starting: its live
      // listener and heartbeat timer then run until the database is destroyed, and keep the test
      // process from exiting. Destroying every database ends them.
      const names = (await (await fetch(`http://127.0.0.1:${port}/_all_dbs`)).json()) as string[];
      for (const name of names) await fetch(`http://127.0.0.1:${port}/${encodeURIComponent(name)}`, { method: 'DELETE' });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
