import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { deployDesignDoc } from '../store/index';

/**
 * The module host: deploys each module's design docs into its databases and registers its
 * server plugin (imported from the URL the definition names, so the browser bundle never sees
 * server code). A module's plugin is encapsulated: it gets the core decorations (store, auth,
 * access) and cannot change the core.
 */
export default fp(
  async (app) => {
    for (const module of app.modules) {
      for (const { db, doc } of module.designDocs ?? []) {
        const result = await deployDesignDoc(app.store.db(db), doc);
        if (result !== 'unchanged') app.log.info({ module: module.id, db, id: doc._id, result }, 'design document deployed');
      }
      if (module.serverPlugin) {
        const imported = (await import(module.serverPlugin.href)) as { default?: unknown };
        if (typeof imported.default !== 'function') {
          throw new Error(`Module "${module.id}": ${module.serverPlugin.href} has no default-exported Fastify plugin`);
        }
        await app.register(imported.default as FastifyPluginAsync);
      }
    }
  },
  { name: 'modules', dependencies: ['modules-registry', 'store', 'auth'] },
);
