import fp from 'fastify-plugin';
import { expiryDesignDoc } from '../../../../couch-design/expiry';
import { purgeExpired, schedulePurge } from '../auth/purge';
import { deployDesignDoc } from '../store/index';
import { createProvider } from './providers/index';
import { QueueIndex } from './queue-index';
import { getOrNull } from '../store/index';
import { smsNotBefore } from './quiet-hours';
import { docIdOf, insertMessages, listMessages, messageIdOf, newMessageDoc, readViews, SMS_DB, standInIdOf } from './store';
import type { Sms, SmsMessageDoc } from './types';
import { SmsWorker } from './worker';

export type {
  Sms, SmsView, SmsState, SmsPurpose, SmsProviderName, NewSms, SmsPreparer, PreparedText, SmsProvider, SendResult, LookupResult, SmsListQuery, SmsQueueProgress, StandInDecision,
} from './types';
export { afterQuietHours, smsNotBefore, type QuietHours } from './quiet-hours';
export { createSmsRuProvider } from './providers/smsru';
export { createSmscProvider } from './providers/smsc';
export { SMS_DB } from './store';

declare module 'fastify' {
  interface FastifyInstance {
    /** The durable SMS queue (outbox / SMS.ru / SMSC.ru per SMS_PROVIDER). */
    sms: Sms;
  }
}

const PURGE_INTERVAL_MS = 60 * 60 * 1000;
/** The send rate of the estimated end is measured over this window. */
const PROGRESS_WINDOW_MS = 5 * 60 * 1000;

/**
 * SMS as a core capability: `app.sms.enqueue(...)` stores a message and the worker sends it
 * through the configured provider with retries and backoff. Every instance runs a worker; the
 * leases in the store keep them from sending one message twice.
 */
export default fp(
  async (app) => {
    const db = app.store.db(SMS_DB);
    await deployDesignDoc(db, expiryDesignDoc);
    const provider = createProvider(app.config);
    if (provider.name === 'outbox' && app.config.mode === 'production') {
      app.log.warn('SMS_PROVIDER is outbox: no SMS leaves this server (managers see them in «SMS»)');
    }
    const log = app.log.child({ plugin: 'sms' });
    const index = new QueueIndex(db, log);
    const worker = new SmsWorker(db, index, provider, {
      leaseMs: app.config.smsLeaseSeconds * 1000,
      maxAttempts: app.config.smsMaxAttempts,
      pollMs: app.config.smsPollIntervalMs,
    }, log);

    /** Set by a first channel (web push): how long stand-in SMS wait for its decision. */
    let standInHoldMs: number | undefined;
    const sms: Sms = {
      provider: provider.name,
      idOf: messageIdOf,
      async enqueue(message) {
        const doc = newMessageDoc(message, provider.name, new Date(), standInHoldMs);
        for (const written of await insertMessages(db, [doc])) index.note(written);
        void worker.runOnce();
        return doc.id;
      },
      async enqueueMany(messages) {
        const docs = messages.map((message) => newMessageDoc(message, provider.name, new Date(), standInHoldMs));
        for (const written of await insertMessages(db, docs)) index.note(written);
        void worker.runOnce();
        return docs.map((doc) => doc.id);
      },
      definePreparer: (name, preparer) => worker.definePreparer(name, preparer),
      async cancel(id) {
        for (;;) {
          let doc: SmsMessageDoc;
          try {
            doc = (await db.get(docIdOf(id))) as unknown as SmsMessageDoc;
          } catch (error) {
            if ((error as { status?: number }).status === 404) return false;
            throw error;
          }
          if (doc.state !== 'queued') return false;
          try {
            const cancelled = { ...doc, state: 'cancelled' as const, updatedAt: new Date().toISOString() };
            const result = await db.put(cancelled);
            index.note({ ...cancelled, _rev: result.rev });
            return true;
          } catch (error) {
            if ((error as { status?: number }).status !== 409) throw error;
          }
        }
      },
      async get(id) {
        return (await readViews(db, [id])).get(id) ?? null;
      },
      getMany: (ids) => readViews(db, ids),
      list: (query) => listMessages(db, index, query),
      async find(query) {
        await index.ready();
        const ids = index.find(query);
        const views = await readViews(db, ids);
        return ids.flatMap((id) => (views.has(id) ? [views.get(id)!] : []));
      },
      async progress() {
        await index.ready();
        const now = Date.now();
        const { waiting, sending, sentInWindow, failed } = index.progress(now, PROGRESS_WINDOW_MS);
        const waitingTotal = Object.values(waiting).reduce((sum, count) => sum + count, 0) + sending;
        const ratePerSecond = sentInWindow / (PROGRESS_WINDOW_MS / 1000);
        return {
          waiting, waitingTotal: waitingTotal - sending, sending, failed, ratePerSecond: Math.round(ratePerSecond * 100) / 100,
          ...(waitingTotal > 0 && ratePerSecond > 0 ? { estimatedEndAt: new Date(now + (waitingTotal / ratePerSecond) * 1000).toISOString() } : {}),
        };
      },
      runOnce: () => worker.runOnce(),
      deferStandIns(channel, holdMs) {
        standInHoldMs = holdMs;
        log.info({ channel, holdMs }, 'SMS standing in for notifications wait for this channel first');
      },
      async settleStandIn(notificationId, decision) {
        const id = standInIdOf(notificationId);
        for (;;) {
          const doc = await getOrNull<SmsMessageDoc>(db, docIdOf(id));
          if (!doc) return null;
          // Settled already, or the hold ran out and the queue took it: what happened stands.
          if (doc.state !== 'queued' || !doc.standsInFor) return { id, state: doc.state };
          const now = new Date();
          const { standsInFor: _held, ...rest } = doc;
          const next: SmsMessageDoc = decision === 'reached'
            ? { ...rest, state: 'cancelled', lastError: 'Not needed: the notification reached the person by web push', updatedAt: now.toISOString() }
            : { ...rest, nextAttemptAt: (doc.quiet ? smsNotBefore(now, doc.quiet) : now).toISOString(), updatedAt: now.toISOString() };
          try {
            const result = await db.put(next);
            index.note({ ...next, _rev: result.rev });
            if (next.state === 'queued') void worker.runOnce();
            return { id, state: next.state };
          } catch (error) {
            if ((error as { status?: number }).status !== 409) throw error;
          }
        }
      },
    };
    app.decorate('sms', sms);

    // On ready: module plugins have registered their preparers by then.
    app.addHook('onReady', async () => {
      await index.start();
      worker.start();
    });
    // preClose: calls in flight are aborted before the store closes (onClose).
    app.addHook('preClose', async () => {
      await worker.stop();
      index.stop();
    });
    const purge = schedulePurge(async () => {
      try {
        const purged = await purgeExpired(db);
        if (purged > 0) app.log.info({ db: SMS_DB, purged }, 'expired SMS records deleted');
      } catch (error) {
        app.log.warn({ err: error }, 'purging SMS records failed; will retry');
      }
    }, PURGE_INTERVAL_MS);
    app.addHook('onClose', async () => purge.stop());
  },
  { name: 'sms', dependencies: ['config', 'store'] },
);
