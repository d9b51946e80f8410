import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ModuleDefinition } from '@oblako/domain';
import { MODULES } from '@oblako/modules';
import type { Config } from './config/index';
import configPlugin from './config/plugin';
import errorsPlugin from './plugins/errors/index';
import externalPlugin from './plugins/external/index';
import compressionPlugin from './plugins/compression/index';
import storePlugin from './plugins/store/index';
import authPlugin from './plugins/auth/index';
import accessPlugin from './plugins/access/index';
import consentPlugin from './plugins/consent/index';
import smsPlugin from './plugins/sms/index';
import blobsPlugin from './plugins/blobs/index';
import auditPlugin from './plugins/audit/index';
import replicationPlugin from './plugins/replication/index';
import modulesRegistryPlugin from './plugins/modules/registry';
import modulesPlugin from './plugins/modules/index';
import demoPlugin from './plugins/demo/index';
import staticPlugin from './plugins/static/index';
import healthPlugin from './plugins/health/index';
import managePlugin from './plugins/manage/index';

export interface BuildAppOptions {
  /** Feature modules to run; the registry (`@oblako/modules`) when absent. */
  modules?: readonly ModuleDefinition[];
}

/**
 * How long one plugin may take to start before the start fails. Fastify's default (10 s) is
 * meant to catch a plugin that forgot to call `done`; ours are all async, and what takes time is
 * real work: compiling module plugins on import (tsx), opening the store, deploying design
 * documents. On a loaded machine (load average ~20 on 2 cores) that exceeded 10 s and the server
 * refused to start. Five minutes lets a server start however slowly a busy machine runs it, and
 * still ends, with the plugin named, a start that is truly stuck (a store that never answers),
 * so a supervisor can restart it.
 */
export const PLUGIN_TIMEOUT_MS = 5 * 60_000;

/** Secrets never reach the log, whatever a plugin decides to log. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'accessToken',
  '*.accessToken',
];

/**
 * The server as a tree of plugins, in dependency order: nothing reaches into a sibling plugin
 * except through what it decorates. Not listening yet: main.ts (or a test) calls listen().
 */
export async function buildApp(config: Config, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify(serverOptions(config)) as unknown as FastifyInstance;

  try {
    await app.register(configPlugin, { config });
    await app.register(errorsPlugin);
    await app.register(externalPlugin);
    // Before every route: only routes added after it get the compression hook.
    await app.register(compressionPlugin);
    await app.register(storePlugin);
    await app.register(modulesRegistryPlugin, { modules: options.modules ?? MODULES });
    await app.register(authPlugin);
    await app.register(accessPlugin);
    await app.register(consentPlugin);
    await app.register(smsPlugin);
    await app.register(blobsPlugin);
    await app.register(auditPlugin);
    await app.register(replicationPlugin);
    await app.register(modulesPlugin);
    if (config.mode === 'demo') await app.register(demoPlugin);
    await app.register(staticPlugin);
    await app.register(healthPlugin);
    await app.register(managePlugin);
    await app.ready();
  } catch (error) {
    // Release what the plugins that did start hold (the LevelDB lock above all).
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

function serverOptions(config: Config): FastifyServerOptions & { https?: { cert: Buffer; key: Buffer } } {
  return {
    logger: { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    pluginTimeout: PLUGIN_TIMEOUT_MS,
    // Refuse unknown fields instead of silently dropping them (Fastify's default): a client
    // that sends what it should not learns so at once.
    ajv: { customOptions: { removeAdditional: false } },
    // Longpolls are ended by the replication plugin on close; idle keep-alive sockets go at once.
    forceCloseConnections: 'idle',
    ...(config.tlsCert && config.tlsKey
      ? { https: { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } }
      : {}),
  };
}
