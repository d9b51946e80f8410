/**
 * @oblako/server-kit — everything a module's server plugin may use from the core. A module
 * imports only this (and @oblako/domain); the core's internals stay free to change.
 *
 * A module's server plugin: `export default (async (app) => { ... }) satisfies ModuleServerPlugin;`
 * It runs encapsulated after the core, with `app.store`, `app.accounts`, `app.authenticate`,
 * `app.requireRole`, `app.access` and `app.config` available.
 */
import type { FastifyPluginAsync } from 'fastify';

export type ModuleServerPlugin = FastifyPluginAsync;
export type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
export type { Config } from '../config/index';
export type { Store } from '../plugins/store/index';
export { deployDesignDoc } from '../plugins/store/index';
export type { Account, Accounts, AccountListener, AuthUser, NewAccount } from '../plugins/auth/index';
export { currentUser } from '../plugins/auth/index';
export { HttpError, requestLanguage } from '../plugins/errors/index';
export type { Access } from '../plugins/access/index';
export type { Consents } from '../plugins/consent/index';
