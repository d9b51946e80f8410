import { InjectionToken } from '@angular/core';
import type { FirstPagesAhead } from '../replication/first-pages-ahead';
import type { UserDatabase } from './user-database';

/**
 * The signed-in person's database, which the light sign-in application began to open the moment
 * the server accepted the password — before the full app's code, bootstrap, router and shell
 * (bench/README.md, bench:browser, session 8). The full app's DataLayer adopts it instead of
 * opening the same database a second time; it closes it when it is for someone else, or when
 * the data layer closes before adopting it (a sign-out), so no database stays open for a person
 * who is no longer signed in. `database` resolves to null when the early open could not start
 * (its code did not download): the data layer then opens the database itself, as always.
 * `firstPages`: the first page of each collection, asked for while the database opens (on a
 * device holding nothing of this person); handed to the replication, dropped with the database.
 *
 * Only a type import of the data layer here: the full app's start bundle provides this token
 * without pulling RxDB in.
 */
export interface DatabaseOpenedAtSignIn {
  userId: string;
  database: Promise<UserDatabase | null>;
  firstPages?: Promise<FirstPagesAhead | null>;
}

export const DATABASE_OPENED_AT_SIGN_IN = new InjectionToken<DatabaseOpenedAtSignIn>('DATABASE_OPENED_AT_SIGN_IN');
