import fp from 'fastify-plugin';
import { deployDesignDoc } from '../store/index';
import { ACCESS_DESIGN_DOC, createAccess, parseAssignmentId } from './assignments';
import { LiveFeed } from './live-feed';
import { assignmentRoutes } from './routes';
import type { Access } from './types';

export type { Access, AssignmentChanges, AssignmentDoc, AssignmentEvent, Seq } from './types';
export { assignmentId } from './assignments';
export { LiveFeed } from './live-feed';

declare module 'fastify' {
  interface FastifyInstance {
    /** Which doctor may see which patient, kept in the store (no process state another instance needs). */
    access: Access;
  }
}

/** The server database of doctor ↔ patient assignments. */
export const ACCESS_DB = 'access';

/**
 * Doctor ↔ patient assignments: `app.access`, the admin routes that change them, and a live
 * watch so a waiting doctor's longpoll wakes up the moment an assignment changes.
 */
export default fp(
  async (app) => {
    const db = app.store.db(ACCESS_DB);
    await deployDesignDoc(db, ACCESS_DESIGN_DOC);

    const listeners = new Set<(change: { doctorId: string; patientId: string }) => void>();
    const feed = new LiveFeed(
      db,
      (id) => {
        const pair = parseAssignmentId(id);
        if (!pair) return;
        for (const listener of listeners) listener(pair);
      },
      app.log,
    );
    // Started before the server listens, so no change made after start-up goes unseen.
    app.addHook('onReady', () => feed.start());
    app.addHook('preClose', async () => feed.stop());

    const revokedListeners: ((change: { doctorId: string; patientId: string }) => Promise<void>)[] = [];
    const afterRevoke = async (doctorId: string, patientId: string) => {
      for (const listener of revokedListeners) {
        try {
          await listener({ doctorId, patientId });
        } catch (error) {
          app.log.warn({ err: error, doctorId, patientId }, 'a listener of a revocation failed');
        }
      }
    };
    const access: Access = {
      ...createAccess(db, afterRevoke),
      onRevoked(listener) {
        revokedListeners.push(listener);
      },
      watch(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    app.decorate('access', access);
    await assignmentRoutes(app, access);
  },
  { name: 'access', dependencies: ['store', 'auth', 'errors'] },
);
