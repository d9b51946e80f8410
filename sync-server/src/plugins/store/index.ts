import fp from 'fastify-plugin';
import { SERVER_DESIGN_DOCS } from '../../../../couch-design/index';
import { createStore, type Store } from './store';
import { deployDesignDoc } from './design-docs';

export { createStore, DB_NAME_PATTERN, type Store } from './store';
export { deployDesignDoc, type DesignDoc, type DeployResult } from './design-docs';
export { getOrNull, putUnlessConflict, statusOf } from './single';
export { createChangeFollower, type ChangeFollower, type ChangeFollowerOptions, type FollowedChange } from './change-follower';
export { LeaseWorker, leaseClaim, withoutLease, isLeaseOver, type Leased, type LeaseWorkerOptions } from './lease-worker';
export { FeedMirror, type FeedMirrorOptions } from './feed-mirror';
export { readMany, readStates, writeMany, assertWritten, createWriteBatcher, type StoredDocument, type StoredState, type WriteOutcome, type WriteBatcher } from './bulk';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}

/** Opens the store (embedded LevelDB or CouchDB per config), deploys the server design docs, closes it last. */
export default fp(
  async (app) => {
    const store = createStore(app.config);
    app.decorate('store', store);
    app.addHook('onClose', async () => store.close());
    for (const { db, doc } of SERVER_DESIGN_DOCS) {
      const result = await deployDesignDoc(store.db(db), doc);
      if (result !== 'unchanged') app.log.info({ db, id: doc._id, result }, 'design document deployed');
    }
  },
  { name: 'store', dependencies: ['config'] },
);
