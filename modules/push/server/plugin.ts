import type { ModuleServerPlugin } from '@oblako/server-kit';
import { JobIndex } from './job-index';
import { PUSH_DB } from './jobs';
import { registerPushRoutes } from './routes';
import { followConsultations, followNotifications } from './scheduler';
import { Subscriptions } from './subscriptions';
import { PushTransport } from './transport';
import { vapidKeys } from './vapid';
import { PushWorker } from './worker';

export interface PushChannel {
  worker: PushWorker;
  /** Resolves when both followers have handled every change seen so far. */
  idle(): Promise<void>;
}

const channels = new WeakMap<object, PushChannel>();

/** The channel of a running server (keyed by its HTTP server): tests and the bench wait on it. */
export function pushChannelOf(app: { server: object }): PushChannel | undefined {
  return channels.get(app.server);
}

/**
 * Web push as a delivery channel of the cabinet's notifications, plus the durable reminders
 * before each consultation. See ../README.md.
 */
const pushServerPlugin: ModuleServerPlugin = async (app) => {
  const log = app.log.child({ module: 'push' });
  const vapid = await vapidKeys(app);
  if (!vapid) log.warn('Web push is off: set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT (SMS and the cabinet still carry notifications)');
  const subscriptions = new Subscriptions(app);
  const index = new JobIndex(app.store.db(PUSH_DB.jobs), log);
  const transport = new PushTransport();
  const worker = new PushWorker(app, index, subscriptions, vapid, transport, {
    retryBaseMs: app.config.pushRetryBaseMs,
    maxAttempts: app.config.pushMaxAttempts,
    pollMs: app.config.pushPollIntervalMs,
    leaseMs: app.config.pushLeaseSeconds * 1000,
  }, log);
  await registerPushRoutes(app, { vapid, subscriptions, index });
  // Push reaches the phone first; the SMS that stand in for notifications wait for its word.
  if (vapid) app.sms.deferStandIns('push', standInHoldMs(app.config.pushRetryBaseMs, app.config.pushMaxAttempts, app.config.pushLeaseSeconds * 1000));

  const followers = [followNotifications(app, index), followConsultations(app, index)];
  const channel: PushChannel = {
    worker,
    async idle() {
      for (const follower of followers) await follower.idle();
    },
  };
  channels.set(app.server, channel);

  app.addHook('onReady', async () => {
    await index.ready();
    for (const follower of followers) await follower.start();
    worker.start();
  });
  app.addHook('preClose', async () => {
    await Promise.all(followers.map((follower) => follower.stop()));
    await worker.stop();
    index.stop();
    transport.close();
  });
};

/**
 * How long a stand-in SMS waits for the push verdict before it goes out anyway: every retry's
 * backoff, a dead sender's lease twice (a restart in between), and five minutes of slack.
 * With the defaults (30 s backoff, 4 attempts, 60 s lease) 10.5 minutes.
 */
export function standInHoldMs(retryBaseMs: number, maxAttempts: number, leaseMs: number): number {
  return retryBaseMs * (2 ** Math.max(0, maxAttempts - 1) - 1) + 2 * leaseMs + 5 * 60_000;
}

export default pushServerPlugin;
