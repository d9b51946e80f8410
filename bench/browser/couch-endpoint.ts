/**
 * Bench only: a plain CouchDB-protocol endpoint (express-pouchdb 4.2.0 over pouchdb-node 9,
 * LevelDB under the server's data dir) mounted at `/couchdb/` inside the real server process,
 * so the PouchDB baseline replicates from the same server and origin as the app. Our own
 * `/sync/<c>/` endpoint answers only what RxDB's protocol needs (`_changes?include_docs`,
 * `_all_docs`, `_bulk_docs`); `PouchDB.replicate` also needs `_bulk_get`, `_revs_diff` and
 * `_local` checkpoints, which a client of ours never uses. No authentication: loopback bench data.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import PouchDB from 'pouchdb-node';

const require = createRequire(import.meta.url);
type RequestHandler = (req: unknown, res: unknown) => void;
const expressPouchDB = require('express-pouchdb') as (pouch: PouchDB.Static, options: object) => RequestHandler;

export const COUCH_PREFIX = '/couchdb';

export default async function benchCouchEndpoint(app: FastifyInstance): Promise<void> {
  const dir = join(app.config.dataDir, 'bench-couch');
  mkdirSync(dir, { recursive: true });
  const ServerPouchDB = PouchDB.defaults({ prefix: `${dir}${sep}` });
  const handler = expressPouchDB(ServerPouchDB as unknown as PouchDB.Static, { mode: 'minimumForPouchDB', overrideMode: { exclude: ['compression'] } });
  // express-pouchdb reads the request body itself.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  app.all(`${COUCH_PREFIX}/*`, (request, reply) => {
    reply.hijack();
    request.raw.url = request.raw.url!.slice(COUCH_PREFIX.length);
    // Like our /sync/ replies: nothing may be answered from the HTTP cache on a later run.
    reply.raw.setHeader('cache-control', 'no-store');
    handler(request.raw, reply.raw);
  });
}
