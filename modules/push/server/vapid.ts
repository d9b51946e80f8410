import webpush from 'web-push';
import { getOrNull, type FastifyInstance } from '@oblako/server-kit';
import { PUSH_DB } from './jobs';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

const DEMO_SUBJECT = 'mailto:admin@oblako.invalid';
const VAPID_DOC_ID = 'vapid';

/**
 * The key pair the server signs pushes with. Production: from the configuration (the same on
 * every instance), or none (push off). Demo: generated at first start and kept in the store,
 * so a restart keeps the devices' subscriptions valid; two instances starting together both
 * write the fixed id and the loser reads the winner's pair.
 */
export async function vapidKeys(app: FastifyInstance): Promise<VapidKeys | null> {
  const { config } = app;
  if (config.vapidPublicKey && config.vapidPrivateKey) {
    return { publicKey: config.vapidPublicKey, privateKey: config.vapidPrivateKey, subject: config.vapidSubject ?? DEMO_SUBJECT };
  }
  if (config.mode === 'production') return null;
  const db = app.store.db(PUSH_DB.settings);
  const stored = await getOrNull<VapidKeys>(db, VAPID_DOC_ID);
  if (stored) return { publicKey: stored.publicKey, privateKey: stored.privateKey, subject: stored.subject };
  const generated = webpush.generateVAPIDKeys();
  const keys: VapidKeys = { ...generated, subject: config.vapidSubject ?? DEMO_SUBJECT };
  try {
    await db.put({ _id: VAPID_DOC_ID, ...keys });
    return keys;
  } catch (error) {
    if ((error as { status?: number }).status !== 409) throw error;
    const winner = (await db.get(VAPID_DOC_ID)) as unknown as VapidKeys;
    return { publicKey: winner.publicKey, privateKey: winner.privateKey, subject: winner.subject };
  }
}
