/**
 * @oblako/server-kit — everything a module's server plugin may use from the core. A module
 * imports only this (and @oblako/domain); the core's internals stay free to change.
 *
 * A module's server plugin: `export default (async (app) => { ... }) satisfies ModuleServerPlugin;`
 * It runs encapsulated after the core, with `app.store`, `app.accounts`, `app.authenticate`,
 * `app.requireRole`, `app.access`, `app.consent`, `app.sms` (the SMS queue), `app.sessions`, `app.blobs` (file bytes), `app.audit` (who read
 * what) and `app.config` available.
 */
import type { FastifyPluginAsync } from 'fastify';

export type ModuleServerPlugin = FastifyPluginAsync;
export type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
export type { Config } from '../config/index';
export type { Store } from '../plugins/store/index';
export {
  deployDesignDoc, readMany, writeMany, assertWritten, createWriteBatcher, type StoredDocument, type WriteOutcome, type WriteBatcher,
} from '../plugins/store/index';
export type {
  Account, AccountDetails, Accounts, AccountListener, AuthUser, NewAccount, PendingAccount, PendingResult, Sessions,
} from '../plugins/auth/index';
export { currentUser, purgeExpired, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from '../plugins/auth/index';
export { expiryDesignDoc } from '../../../couch-design/expiry';
export { HttpError, requestLanguage, preferredLanguage } from '../plugins/errors/index';
export type { Access } from '../plugins/access/index';
export type { Consents } from '../plugins/consent/index';
export type { Sms, SmsView, SmsState, SmsPurpose, SmsProviderName, NewSms, SmsPreparer, PreparedText } from '../plugins/sms/index';
export type { BlobStore, ByteRange } from '../plugins/blobs/index';
export { BLOB_KEY_PATTERN, UPLOAD_ID_PATTERN } from '../plugins/blobs/index';
export type { AuditLog, AuditEntryInput, RecordOptions } from '../plugins/audit/index';
