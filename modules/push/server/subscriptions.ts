import { createHash } from 'node:crypto';
import { getOrNull, readMany, type FastifyInstance } from '@oblako/server-kit';
import type { PushDevice, SubscribeRequest } from '../api';
import { PUSH_DB } from './jobs';

export interface SubscriptionDoc {
  _id: string;
  _rev?: string;
  type: 'push_subscription';
  accountId: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  deviceName: string;
  language: 'ru' | 'en';
  createdAt: string;
  lastSuccessAt?: string;
}

/** Which account a device (endpoint) belongs to now: one browser profile, one person. */
interface EndpointOwnerDoc {
  _id: string;
  _rev?: string;
  accountId: string;
}

export function endpointHash(endpoint: string): string {
  return createHash('sha256').update(endpoint).digest('hex').slice(0, 32);
}

const subscriptionId = (accountId: string, hash: string) => `sub:${accountId}:${hash}`;
const ownerId = (hash: string) => `endpoint:${hash}`;

export function deviceOf(doc: SubscriptionDoc): PushDevice {
  return {
    id: doc._id.slice(doc._id.lastIndexOf(':') + 1),
    deviceName: doc.deviceName,
    createdAt: doc.createdAt,
    ...(doc.lastSuccessAt ? { lastSuccessAt: doc.lastSuccessAt } : {}),
  };
}

export class Subscriptions {
  constructor(private readonly app: FastifyInstance) {}

  private get db(): PouchDB.Database {
    return this.app.store.db(PUSH_DB.subscriptions);
  }

  /**
   * Stores this device for the account. A device that belonged to someone else (a shared
   * phone: the previous person signed out without turning notifications off) stops getting
   * that person's notifications: nobody reads another patient's news on their lock screen.
   */
  async subscribe(accountId: string, request: SubscribeRequest): Promise<PushDevice> {
    const hash = endpointHash(request.endpoint);
    const owner = await getOrNull<EndpointOwnerDoc>(this.db, ownerId(hash));
    if (owner && owner.accountId !== accountId) await this.removeDoc(subscriptionId(owner.accountId, hash));
    await this.upsert<EndpointOwnerDoc>(ownerId(hash), () => ({ _id: ownerId(hash), accountId }));
    const now = new Date().toISOString();
    const doc = await this.upsert<SubscriptionDoc>(subscriptionId(accountId, hash), (existing) => ({
      _id: subscriptionId(accountId, hash),
      type: 'push_subscription',
      accountId,
      endpoint: request.endpoint,
      keys: { p256dh: request.keys.p256dh, auth: request.keys.auth },
      deviceName: request.deviceName?.trim() || existing?.deviceName || 'Устройство',
      language: request.language ?? existing?.language ?? 'ru',
      createdAt: existing?.createdAt ?? now,
      ...(existing?.lastSuccessAt ? { lastSuccessAt: existing.lastSuccessAt } : {}),
    }));
    return deviceOf(doc);
  }

  async list(accountId: string): Promise<SubscriptionDoc[]> {
    const result = await this.db.allDocs({ include_docs: true, startkey: `sub:${accountId}:`, endkey: `sub:${accountId}:\ufff0` });
    return result.rows.flatMap((row) => (row.doc ? [row.doc as unknown as SubscriptionDoc] : []));
  }

  /** The devices of many accounts (a batch of jobs): one range read per account, in parallel. */
  async listMany(accountIds: readonly string[]): Promise<Map<string, SubscriptionDoc[]>> {
    const lists = await Promise.all(accountIds.map((accountId) => this.list(accountId)));
    return new Map(accountIds.map((accountId, position) => [accountId, lists[position]!]));
  }

  /** false when the account has no such device. */
  async remove(accountId: string, deviceId: string): Promise<boolean> {
    return this.removeDoc(subscriptionId(accountId, deviceId));
  }

  /** The push service said the subscription is gone (404/410): forget it. */
  async forget(doc: SubscriptionDoc): Promise<void> {
    await this.removeDoc(doc._id);
  }

  /** Devices marked in this process lately: 10 reminders to one phone in a minute are one write. */
  private readonly markedAt = new Map<string, number>();

  async markSuccess(docs: readonly SubscriptionDoc[]): Promise<void> {
    // At most one write a minute per device: the success time is for the person's list.
    const now = new Date();
    for (const [id, at] of this.markedAt) if (now.getTime() - at > 60_000) this.markedAt.delete(id);
    const stale = [...new Map(docs.map((doc) => [doc._id, doc])).values()]
      .filter((doc) => !this.markedAt.has(doc._id) && (!doc.lastSuccessAt || now.getTime() - Date.parse(doc.lastSuccessAt) > 60_000));
    for (const doc of stale) this.markedAt.set(doc._id, now.getTime());
    if (stale.length === 0) return;
    const current = await readMany<SubscriptionDoc>(this.db, stale.map((doc) => doc._id));
    await this.db.bulkDocs([...current.values()].map((doc) => ({ ...doc, lastSuccessAt: now.toISOString() })));
  }

  private async removeDoc(id: string): Promise<boolean> {
    for (;;) {
      const doc = await getOrNull<SubscriptionDoc>(this.db, id);
      if (!doc) return false;
      try {
        await this.db.remove(doc._id, doc._rev);
        return true;
      } catch (error) {
        if ((error as { status?: number }).status !== 409) throw error;
      }
    }
  }

  private async upsert<T extends { _id: string; _rev?: string }>(id: string, make: (existing: T | null) => T): Promise<T> {
    for (;;) {
      const existing = await getOrNull<T>(this.db, id);
      const next = { ...make(existing), ...(existing ? { _rev: existing._rev } : {}) } as T;
      try {
        const result = await this.db.put(next as unknown as PouchDB.Core.PutDocument<object>);
        return { ...next, _rev: result.rev };
      } catch (error) {
        if ((error as { status?: number }).status !== 409) throw error;
      }
    }
  }
}
