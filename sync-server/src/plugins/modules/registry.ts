import fp from 'fastify-plugin';
import type { ModuleDefinition } from '@oblako/domain';

declare module 'fastify' {
  interface FastifyInstance {
    /** The feature modules this server runs (the registry unless buildApp was given a list). */
    modules: readonly ModuleDefinition[];
  }
}

/**
 * Decorates `app.modules` early, so core plugins (replication builds one /sync/<collection>/
 * per module collection) see the same list the module host loads later.
 */
export default fp<{ modules: readonly ModuleDefinition[] }>(
  async (app, { modules }) => {
    const ids = new Set<string>();
    for (const module of modules) {
      if (ids.has(module.id)) throw new Error(`Module "${module.id}" is registered twice`);
      ids.add(module.id);
    }
    app.decorate('modules', modules);
  },
  { name: 'modules-registry' },
);
