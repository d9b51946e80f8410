import type { CollectionDefinition, ModuleDefinition, SessionResponse, SessionUser } from '@oblako/domain';
import { FIRST_PAGES_AHEAD_OFF_KEY, FirstPagesAhead, deviceHoldsDatabase } from '../replication/first-pages-ahead';
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
 * the first page of each collection (FirstPagesAhead: the server's answer is the longer wait) and
 * the opening of the person's database (openAtSignIn). The pages are for a first sync from `0`:
 * on a device that already holds this person's database (changes kept unsent at a sign-out) its
 * sync starts from where it was, and they are dropped. Asked before the opening creates the
 * database; were the two to cross, the pages would only be dropped, or left unused.
 */
export function startAtSignIn(session: SessionResponse, modules: readonly ModuleDefinition[]): { database: Promise<UserDatabase>; firstPages: Promise<FirstPagesAhead | null> } {
  const { user } = session;
  if (globalThis.localStorage?.getItem(FIRST_PAGES_AHEAD_OFF_KEY) === 'yes') return { database: openAtSignIn(user, modules), firstPages: Promise.resolve(null) };
  const holds = deviceHoldsDatabase(databaseName(user.id)).catch(() => true);
  const pages = new FirstPagesAhead(collectionsOf(modules), user.role, session.accessToken);
  const database = openAtSignIn(user, modules);
  const firstPages = holds.then((yes) => {
    if (!yes) return pages;
    pages.drop();
    return null;
  });
  return { database, firstPages };
}

export function collectionsOf(modules: readonly ModuleDefinition[]): CollectionDefinition[] {
  return modules.flatMap((m) => m.collections ?? []);
}

/** A database opened at sign-in that nobody adopts, and the pages asked for with it. */
export async function closeUnadopted(opened: Omit<DatabaseOpenedAtSignIn, 'userId'>): Promise<void> {
  (await opened.firstPages)?.drop();
  await (await opened.database)?.db.close();
}
