import type { ModuleDefinition, SessionResponse, SessionUser } from '@oblako/domain';
import { collectionsOf } from '../modules/collections-of';
import type { FirstPagesAhead } from '../replication/first-pages-ahead';
import type { DatabaseOpenedAtSignIn } from './opened-at-sign-in';
import { databaseName, openUserDatabase, type UserDatabase } from './user-database';

/** User Timing marks: the person's database is asked to open, and is open (bench:page reads them). */
export const DATA_OPEN_START_MARK = 'oblako:data-open-start';
export const DATA_OPEN_MARK = 'oblako:data-open';

/**
 * Opens `user`'s database for the light sign-in application, which hands it to the full app
 * (DATABASE_OPENED_AT_SIGN_IN): the same database, collections and marks as DataLayer.open.
 */
export function openAtSignIn(user: SessionUser, modules: readonly ModuleDefinition[]): Promise<UserDatabase> {
  performance.mark(DATA_OPEN_START_MARK);
  return openUserDatabase(databaseName(user.id), collectionsOf(modules)).then((database) => {
    performance.mark(DATA_OPEN_MARK);
    return database;
  });
}

/**
 * What the light sign-in application starts when the server accepts the password, side by side:
 * the pages of each collection, asked for by the sign-in on the answer before this code may have
 * arrived (first-pages-ahead.ts askFirstPagesAhead: the server's answers are the longer wait),
 * and the opening of the person's database (openAtSignIn).
 */
export function startAtSignIn(
  session: SessionResponse,
  modules: readonly ModuleDefinition[],
  firstPages: Promise<FirstPagesAhead | null>,
): { database: Promise<UserDatabase>; firstPages: Promise<FirstPagesAhead | null> } {
  return { database: openAtSignIn(session.user, modules), firstPages };
}

/** A database opened at sign-in that nobody adopts, and the pages asked for with it. */
export async function closeUnadopted(opened: Omit<DatabaseOpenedAtSignIn, 'userId'>): Promise<void> {
  (await opened.firstPages)?.drop();
  await (await opened.database)?.db.close();
}
