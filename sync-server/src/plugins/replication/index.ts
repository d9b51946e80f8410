import fp from 'fastify-plugin';
import { ChangeNotifier } from './change-notifier';
import { replicationRoutes } from './routes';
import { compileSchemaCheck } from './schema-check';
import { createReplicationGuards, type ReplicationGuards } from './guards';
import type { WakeUp } from './longpoll';
import { ReplicationWaits } from './waits';
import { createAccessSnapshots } from './access-snapshots';
import { storeEpoch } from './epoch';
import type { ReplicatedCollection } from './viewer';

export { encodeCheckpoint, decodeCheckpoint, type Checkpoint } from './checkpoint';
export type { ReplicationWaits } from './waits';
export type { ReplicationGuards, ReplicationGuard, GuardWriter, GuardedWrite, GuardVerdict, GuardResult } from './guards';

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-collection write guards for /sync/<name>/_bulk_docs (see guards.ts). */
    replicationGuards: ReplicationGuards;
    /** How many longpolls are held waiting, and when a change reached them (signals for tests). */
    replicationWaits: ReplicationWaits;
  }
}

/**
 * Authorised replication: one virtual CouchDB database per module collection under
 * /sync/<name>/, backed by the store database of the same name. The server is the authority:
 * rows are filtered and writes checked by the pure core in @oblako/domain.
 */
export default fp(
  async (app) => {
    const collections = new Map<string, ReplicatedCollection>();
    for (const module of app.modules) {
      for (const definition of module.collections ?? []) {
        if (collections.has(definition.name)) throw new Error(`Collection "${definition.name}" is defined twice`);
        app.store.dbName(definition.name); // throws on a name the store cannot hold
        collections.set(definition.name, { definition, schemaCheck: compileSchemaCheck(definition.schema) });
      }
    }

    // What a doctor could see of a patient, recorded when the access ends: tombstones go only for that.
    const snapshots = createAccessSnapshots(app.store, collections);
    app.access.onRevoked(({ doctorId, patientId }) => snapshots.record(doctorId, patientId));

    const guards = createReplicationGuards();
    app.decorate('replicationGuards', guards);

    const notifier = new ChangeNotifier(app.log);
    const waiters = new Set<WakeUp>();
    const waits = new ReplicationWaits(notifier);
    app.decorate('replicationWaits', waits);
    // Feeds start before the server listens, so a longpoll never misses a change made after start-up.
    app.addHook('onReady', async () => {
      await Promise.all([...collections.keys()].map((name) => notifier.follow(name, app.store.db(name))));
    });
    // preClose, not onClose: the HTTP server waits for open requests before onClose hooks run,
    // so waiting longpolls must be answered first or shutdown would hang for up to a minute.
    app.addHook('preClose', async () => {
      for (const wake of waiters) wake.signal('shutdown');
      notifier.stop();
    });

    // Kept beside the accounts: `_local` documents are never backed up, so a restored store gets a new one.
    const epoch = await storeEpoch(app.store.db('users'));
    await app.register(async (scope) => replicationRoutes(scope, { collections, notifier, waiters, waits, guards, snapshots, epoch }));
  },
  { name: 'replication', dependencies: ['store', 'auth', 'access', 'errors', 'modules-registry'] },
);
