import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { MANAGE_API } from '../../manage/api';
import { MANAGE_TOKEN_HEADER, newManageToken, removeControlFile, writeControlFile } from '../../manage/control-file';
import { createManager } from '../../manage/create-manager';
import { BackupError, prepareBackup } from '../../manage/backup-writer';
import { HttpError } from '../errors/index';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const managerBody = {
  type: 'object',
  additionalProperties: false,
  required: ['phone', 'name'],
  properties: { phone: { type: 'string', maxLength: 40 }, name: { type: 'string', maxLength: 200 } },
} as const;
const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

/**
 * The local door for `npm run manage` while the server runs (it holds the embedded store's
 * lock): create a manager, take a backup. Only from this machine (loopback, or the server's own
 * address) and only with the token of `<DATA_DIR>/secrets/manage.json`; anyone else gets 404,
 * as if these routes did not exist.
 */
export default fp(
  async (app) => {
    const token = newManageToken();
    const expected = Buffer.from(token);

    const local = async (request: FastifyRequest): Promise<void> => {
      const remote = request.socket.remoteAddress ?? '';
      const sameMachine = LOOPBACK.has(remote) || remote === request.socket.localAddress;
      const presented = Buffer.from(String(request.headers[MANAGE_TOKEN_HEADER] ?? ''));
      const tokenMatches = presented.length === expected.length && timingSafeEqual(presented as Uint8Array, expected as Uint8Array);
      if (!sameMachine || !tokenMatches) throw new HttpError(404, 'not_found');
    };

    app.addHook('onListen', () => {
      const address = app.server.address() as AddressInfo | null;
      if (!address) return;
      const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
      const scheme = app.config.tlsCert ? 'https' : 'http';
      writeControlFile(app.config.dataDir, { url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${address.port}`, token, pid: process.pid });
    });
    app.addHook('onClose', async () => removeControlFile(app.config.dataDir, token));

    app.get(MANAGE_API.ping, { onRequest: local }, async () => ({ ok: true, pid: process.pid }));

    app.post<{ Body: { phone: string; name: string } }>(MANAGE_API.managers, { onRequest: local, schema: { body: managerBody } }, async (request, reply) => {
      const created = await createManager(app, request.body);
      request.log.info({ accountId: created.id }, 'manager created from the command line');
      reply.header('cache-control', 'no-store').code(201);
      return created;
    });

    app.post(MANAGE_API.backup, { onRequest: local, schema: { body: emptyBody } }, async (request, reply) => {
      let backup;
      try {
        backup = await prepareBackup(app.store, app.config);
      } catch (error) {
        if (error instanceof BackupError) {
          reply.code(409);
          return { code: 'backup_refused', message: error.message };
        }
        throw error;
      }
      const stream = backup.stream();
      const dispose = () => void backup.dispose().catch((error: unknown) => request.log.warn({ err: error }, 'removing the backup staging folder failed'));
      stream.once('close', dispose);
      stream.once('error', dispose);
      const { databases, blobs } = backup.manifest;
      request.log.info({ databases: Object.keys(databases).length, files: blobs.files }, 'backup streamed to the command line');
      reply.header('content-type', 'application/gzip').header('x-oblako-backup-summary', JSON.stringify({ databases, blobs }));
      return reply.send(stream);
    });
  },
  { name: 'manage', dependencies: ['config', 'errors', 'store', 'auth'] },
);
