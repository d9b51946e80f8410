/**
 * @oblako/server-kit — everything a module's server plugin may use from the core. A module
 * imports only this (and @oblako/domain); the core's internals stay free to change.
 *
 * A module's server plugin: `export default (async (app) => { ... }) satisfies ModuleServerPlugin;`
 * It runs encapsulated after the core, with `app.store`, `app.accounts`, `app.authenticate`,
 * `app.requireRole`, `app.access`, `app.consent`, `app.sms` (the SMS queue), `app.sessions`, `app.blobs` (file bytes), `app.audit` (who read
 * what), `app.replicationGuards` (server-side checks of replicated writes of the module's
 * collections, see plugins/replication/guards.ts) and `app.config` available.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Role } from '@oblako/domain';
import type { Account } from '../plugins/auth/index';
import { createChangeFollower, deployDesignDoc, type ChangeFollower, type ChangeFollowerOptions } from '../plugins/store/index';

export type ModuleServerPlugin = FastifyPluginAsync;
export type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
export type { Config } from '../config/index';
export type { Store } from '../plugins/store/index';
export {
  deployDesignDoc, getOrNull, putUnlessConflict, statusOf, readMany, writeMany, assertWritten, createWriteBatcher, type StoredDocument, type WriteOutcome, type WriteBatcher,
  LeaseWorker, leaseClaim, withoutLease, isLeaseOver, type Leased, FeedMirror,
} from '../plugins/store/index';
export type { ChangeFollower, FollowedChange } from '../plugins/store/index';
export type {
  Account, AccountDetails, Accounts, AccountListener, AuthUser, NewAccount, PendingAccount, PendingResult, Sessions,
} from '../plugins/auth/index';
export { currentUser, purgeExpired, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from '../plugins/auth/index';
export { expiryDesignDoc } from '../../../couch-design/expiry';
export { HttpError, requestLanguage, preferredLanguage } from '../plugins/errors/index';
export type { Access } from '../plugins/access/index';
export type { Consents, WithdrawalListener } from '../plugins/consent/index';
export type { Sms, SmsView, SmsState, SmsPurpose, SmsProviderName, NewSms, SmsPreparer, PreparedText, SmsQueueProgress, StandInDecision, QuietHours } from '../plugins/sms/index';
export { smsNotBefore } from '../plugins/sms/index';
export type { BlobStore, ByteRange } from '../plugins/blobs/index';
export { BLOB_KEY_PATTERN, UPLOAD_ID_PATTERN } from '../plugins/blobs/index';
export type { AuditLog, AuditEntryInput, RecordOptions, ActorDetails } from '../plugins/audit/index';
export type {
  ReplicationGuards, ReplicationGuard, GuardWriter, GuardedWrite, GuardVerdict, GuardResult,
} from '../plugins/replication/index';

/** The accounts store's database and the view that lists accounts by role (deployed on first use). */
const USERS_DB = 'users';
const BY_ROLE_VIEW = 'accounts_by_role/by_role';
const byRoleDesignDoc = {
  _id: '_design/accounts_by_role',
  language: 'javascript',
  views: { by_role: { map: 'function (doc) { if (doc.type === "account") { emit(doc.role, null); } }' } },
} as const;
const deployed = new WeakSet<object>();

/**
 * Every account of a role (managers to notify, doctors to pick from, patients of an overview),
 * disabled ones included (`disabled` says so). Never the password hash.
 */
export async function accountsWithRole(app: FastifyInstance, role: Role): Promise<Account[]> {
  const users = app.store.db(USERS_DB);
  if (!deployed.has(users)) {
    await deployDesignDoc(users, byRoleDesignDoc);
    deployed.add(users);
  }
  const result = await users.query(BY_ROLE_VIEW, { key: role, include_docs: true });
  return result.rows.flatMap((row) => {
    const doc = row.doc as unknown as (Account & { type?: string }) | undefined;
    if (!doc || doc.type !== 'account') return [];
    const account: Account = { id: doc.id, role: doc.role, phone: doc.phone, name: doc.name, disabled: doc.disabled === true, createdAt: doc.createdAt };
    if (doc.mustChangePassword) account.mustChangePassword = true;
    return [account];
  });
}

/**
 * Follows a database's changes on one server instance at a time, from a checkpoint in the store
 * (`_local/<name>`): see plugins/store/change-follower.ts. Start it in `onReady`, stop it in
 * `preClose`. The handler must be idempotent.
 */
export function followStoreChanges(app: FastifyInstance, options: Pick<ChangeFollowerOptions, 'db' | 'name' | 'handle' | 'skip' | 'coalesceKey'>): ChangeFollower {
  return createChangeFollower({
    ...options,
    log: app.log,
    leaseMs: app.config.followerLeaseSeconds * 1000,
    soleInstance: app.config.couchUrl === undefined,
  });
}
