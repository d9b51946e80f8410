import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { HttpError, requestLanguage } from '../errors/index';
import { currentUser } from '../auth/index';
import type { ReplicationGuards } from './guards';
import { encodeCheckpoint } from './checkpoint';
import { readByKeys } from './all-docs';
import { writeDocs } from './bulk-docs';
import { serveChanges, serveMultiChanges, type ChangesQuery, type LongpollDeps, type MultiChangesRequest } from './changes-route';
import { assignmentLogFor, loadPolicy, type ReplicatedCollection } from './viewer';
import {
  allDocsBody,
  allDocsQuery,
  bulkDocsBody,
  changesQuery,
  dbParams,
  MAX_KEYS,
  multiChangesBody,
} from './schemas';

export interface ReplicationDeps extends LongpollDeps {
  collections: ReadonlyMap<string, ReplicatedCollection>;
  guards: ReplicationGuards;
}

interface DbParams {
  db: string;
}

const BULK_BODY_LIMIT = 4 * 1024 * 1024;
const MULTI_BODY_LIMIT = 256 * 1024;

const badRequest = (reason: string) => new HttpError(400, 'validation', { reason });

/**
 * The virtual CouchDB databases under /sync/<collection>/: exactly what RxDB's
 * replicateCouchDB calls, each row filtered and each write checked by the authorisation core.
 * Registered in its own context, so its hooks (authentication, no-store) cover only /sync.
 */
export async function replicationRoutes(app: FastifyInstance, deps: ReplicationDeps): Promise<void> {
  const { collections, notifier, waiters, waits, guards, snapshots, epoch } = deps;

  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  const collectionOf = (request: FastifyRequest<{ Params: DbParams }>): ReplicatedCollection => {
    const collection = collections.get(request.params.db);
    if (!collection) throw new HttpError(404, 'not_found', { reason: 'Database does not exist.' });
    return collection;
  };
  const dbOf = (collection: ReplicatedCollection) => app.store.db(collection.definition.name);

  // Authentication first, before the body is even parsed: a stranger cannot make us read 4 MB.
  const authenticated = { onRequest: app.authenticate as onRequestAsyncHookHandler };

  app.get<{ Params: DbParams }>('/sync/:db/', { ...authenticated, schema: { params: dbParams } }, async (request) => {
    const collection = collectionOf(request);
    const assignments = assignmentLogFor(app, request, collection, snapshots);
    const a = assignments ? await assignments.position() : undefined;
    const c = (await dbOf(collection).info()).update_seq;
    return {
      db_name: collection.definition.name,
      update_seq: encodeCheckpoint({ c, ...(a !== undefined ? { a } : {}), e: epoch }),
      instance_start_time: '0',
    };
  });

  app.get<{ Params: DbParams; Querystring: ChangesQuery }>(
    '/sync/:db/_changes',
    { ...authenticated, schema: { params: dbParams, querystring: changesQuery } },
    async (request, reply) => serveChanges(app, request, reply, collectionOf(request), { notifier, waiters, waits, snapshots, epoch }),
  );

  // One longpoll for several collections (the PWA's only waiting connection). Static, so it
  // wins over the `/sync/:db` catch-all below.
  app.post<{ Body: MultiChangesRequest }>(
    '/sync/_changes',
    { ...authenticated, bodyLimit: MULTI_BODY_LIMIT, preValidation: requireJson, schema: { body: multiChangesBody } },
    async (request, reply) => serveMultiChanges(app, request, reply, collections, { notifier, waiters, waits, snapshots, epoch }),
  );
  app.route({
    method: ['GET', 'PUT', 'DELETE', 'PATCH'],
    url: '/sync/_changes',
    onRequest: app.authenticate as onRequestAsyncHookHandler,
    handler: async (request) => {
      throw new HttpError(405, 'method_not_allowed', { reason: `${request.method} is not allowed on /sync/_changes: POST {feeds}.` });
    },
  });

  const allDocs = async (request: FastifyRequest<{ Params: DbParams }>, keys: unknown, includeDocs: boolean, deletedBodies: boolean) => {
    const collection = collectionOf(request);
    if (!Array.isArray(keys) || !keys.every((key): key is string => typeof key === 'string')) {
      throw badRequest('"keys" must be an array of document ids.');
    }
    if (keys.length > MAX_KEYS) throw badRequest(`At most ${MAX_KEYS} keys per request.`);
    const policy = await loadPolicy(app, request, collection);
    return readByKeys(dbOf(collection), policy, keys, { includeDocs, deletedBodies });
  };

  app.get<{ Params: DbParams; Querystring: { keys?: string; include_docs?: boolean } }>(
    '/sync/:db/_all_docs',
    { ...authenticated, schema: { params: dbParams, querystring: allDocsQuery } },
    async (request) => {
      collectionOf(request);
      if (request.query.keys === undefined) throw badRequest('"keys" is required: this database lists only documents asked for by id.');
      let keys: unknown;
      try {
        keys = JSON.parse(request.query.keys);
      } catch {
        throw badRequest('"keys" must be a JSON array of document ids.');
      }
      return allDocs(request, keys, request.query.include_docs ?? false, false);
    },
  );

  app.post<{ Params: DbParams; Body: { keys: string[]; include_docs?: boolean; deleted?: 'ok' } }>(
    '/sync/:db/_all_docs',
    { ...authenticated, preValidation: [requireJson, requireKeysArray], schema: { params: dbParams, body: allDocsBody } },
    async (request) => allDocs(request, request.body.keys, request.body.include_docs ?? false, request.body.deleted === 'ok'),
  );

  app.post<{ Params: DbParams; Body: { docs: unknown[]; new_edits?: boolean } }>(
    '/sync/:db/_bulk_docs',
    { ...authenticated, bodyLimit: BULK_BODY_LIMIT, preValidation: requireJson, schema: { params: dbParams, body: bulkDocsBody } },
    async (request, reply) => {
      const collection = collectionOf(request);
      if (request.body.new_edits === false) {
        throw new HttpError(403, 'forbidden', { reason: 'new_edits=false is not supported: the server assigns revisions.' });
      }
      const policy = await loadPolicy(app, request, collection);
      const name = collection.definition.name;
      const guard = guards.get(name);
      const user = currentUser(request);
      const guarded = guard
        ? {
            guard,
            writer: { id: user.id, role: user.role, name: user.name, language: requestLanguage(request) },
            withLock: <T>(task: () => Promise<T>) => guards.withLock(name, task),
          }
        : undefined;
      const rows = await writeDocs(dbOf(collection), policy, request.body.docs, request.log, guarded);
      return reply.code(201).send(rows);
    },
  );

  // Everything else under /sync answers like CouchDB would to a client without rights: the
  // store behind it (design docs, local docs, single documents, database admin) stays hidden.
  app.all<{ Params: DbParams & { '*': string } }>('/sync/:db/*', authenticated, async (request) => {
    collectionOf(request);
    const rest = request.params['*'];
    if (rest === '') throw new HttpError(403, 'forbidden', { reason: 'Databases are managed by the server.' });
    if (rest === '_changes' || rest === '_all_docs' || rest === '_bulk_docs') {
      throw new HttpError(405, 'method_not_allowed', { reason: `${request.method} is not allowed on ${rest}.` });
    }
    if (rest.startsWith('_design/') || rest.startsWith('_local/')) {
      throw new HttpError(403, 'forbidden', { reason: 'Reserved documents are not accessible.' });
    }
    throw new HttpError(404, 'not_found', { reason: 'Only _changes, _all_docs and _bulk_docs are served here.' });
  });
  app.all<{ Params: DbParams }>('/sync/:db', authenticated, async (request) => {
    collectionOf(request);
    if (request.method === 'GET') throw new HttpError(404, 'not_found', { reason: 'The database URL ends with "/".' });
    throw new HttpError(403, 'forbidden', { reason: 'Databases are managed by the server.' });
  });
  app.all('/sync', authenticated, async () => {
    throw new HttpError(404, 'not_found', { reason: 'Database does not exist.' });
  });
  app.all('/sync/', authenticated, async () => {
    throw new HttpError(404, 'not_found', { reason: 'Database does not exist.' });
  });
}


/**
 * `keys` must be an array, as CouchDB says (400). Checked before the schema: Fastify's ajv
 * coerces a lone string into a one-element array, which would answer a malformed request as if
 * it were a good one.
 */
async function requireKeysArray(request: FastifyRequest): Promise<void> {
  const body = request.body as { keys?: unknown } | null;
  if (body && typeof body === 'object' && 'keys' in body && !Array.isArray(body.keys)) {
    throw new HttpError(400, 'validation', { reason: '"keys" must be an array of document ids.' });
  }
}

/** CouchDB answers a body of another type with 415; so do we, before parsing it as something else. */
async function requireJson(request: FastifyRequest): Promise<void> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', { reason: 'Content-Type must be application/json.' });
  }
}
