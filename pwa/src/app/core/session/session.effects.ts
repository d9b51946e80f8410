import { Injectable, inject } from '@angular/core';
import { Router } from '@angular/router';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { Store } from '@ngrx/store';
import { concatMap, exhaustMap, filter, fromEvent, tap } from 'rxjs';
import { afterSignInUrlOfLocation } from '../auth/after-sign-in';
import { AuthService, SignInFailure } from '../auth/auth.service';
import { SESSION_STORAGE_KEY, SessionStore } from '../auth/session-store';
import { selectPendingTotal } from '../sync/sync.selectors';
import { selectUser } from './session.selectors';
import { LazyDataLayer } from '../db/lazy-data-layer';
import { sessionActions } from './session.actions';

@Injectable()
export class SessionEffects {
  private readonly actions$ = inject(Actions);
  private readonly auth = inject(AuthService);
  private readonly sessionStore = inject(SessionStore);
  private readonly dataLayer = inject(LazyDataLayer);
  private readonly router = inject(Router);
  private readonly pendingTotal = inject(Store).selectSignal(selectPendingTotal);
  private readonly user = inject(Store).selectSignal(selectUser);

  readonly signIn$ = createEffect(() =>
    this.actions$.pipe(
      ofType(sessionActions.signInRequested),
      exhaustMap(async ({ phone, password }) => {
        try {
          const user = await this.auth.signIn(phone, password);
          return sessionActions.signedIn({ user });
        } catch (error) {
          const failure = error instanceof SignInFailure ? error : new SignInFailure('internal');
          return sessionActions.signInFailed(
            failure.retryAfterSeconds === undefined ? { code: failure.code } : { code: failure.code, retryAfterSeconds: failure.retryAfterSeconds },
          );
        }
      }),
    ),
  );

  /**
   * Signed in (now or remembered): remember the user and open their data on this device. With
   * a one-time password the server refuses replication until a new password is set, so the
   * data opens with the update that clears `mustChangePassword` (opening twice is a no-op).
   */
  readonly openData$ = createEffect(
    () =>
      this.actions$.pipe(
        ofType(sessionActions.signedIn, sessionActions.restored),
        tap(({ user }) => this.sessionStore.save(user)),
        filter(({ user }) => !user.mustChangePassword),
        // A remembered session (a reload) has its data on the device: its first screen reads
        // before the replication starts (DataLayer); a sign-in has nothing to read yet.
        // The data layer's code may fail to download (offline before the service worker cached
        // it): the data opens when the code arrives, whoever fetched it, for the person still
        // signed in. Not only on «Повторить»: another part of the app may fetch it first, and a
        // layer that is here but unopened leaves the pages waiting and the sync never started.
        concatMap(async ({ user, type }) => {
          const layer = await this.dataLayer.whenArrived();
          if (this.user()?.id !== user.id) return;
          await layer.open(user, { replicationAfterFirstScreen: type === sessionActions.restored.type });
        }),
      ),
    { dispatch: false },
  );

  readonly rememberUpdatedUser$ = createEffect(
    () =>
      this.actions$.pipe(
        ofType(sessionActions.userUpdated),
        tap(({ user }) => this.sessionStore.save(user)),
        filter(({ user }) => !user.mustChangePassword && this.user()?.id === user.id),
        concatMap(async ({ user }) => (await this.dataLayer.get()).open(user)),
      ),
    { dispatch: false },
  );

  /** Home, or the page the person opened before they were asked to sign in (`/sign-in?next=`). */
  readonly goHomeAfterSignIn$ = createEffect(
    () => this.actions$.pipe(ofType(sessionActions.signedIn), tap(() => void this.router.navigateByUrl(afterSignInUrlOfLocation()))),
    { dispatch: false },
  );

  /**
   * Sign-out forgets the session and, when every change has reached the server, the person's
   * data on this device too (a shared phone must not keep someone's medical data). Unsent
   * changes keep the database: they are sent after the next sign-in instead of being lost.
   */
  readonly signOut$ = createEffect(() =>
    this.actions$.pipe(
      ofType(sessionActions.signOutRequested),
      exhaustMap(async () => {
        const user = this.sessionStore.load();
        const pending = this.pendingTotal();
        await (await this.dataLayer.get()).close();
        await this.auth.signOut();
        this.sessionStore.clear();
        if (user && pending === 0) await (await this.dataLayer.get()).removeLocalData(user.id);
        return sessionActions.signedOut();
      }),
    ),
  );

  /** Another tab signed out (or the session expired there): follow it here. */
  readonly signedOutElsewhere$ = createEffect(() =>
    fromEvent<StorageEvent>(window, 'storage').pipe(
      filter((event) => event.key === SESSION_STORAGE_KEY && event.newValue === null && this.user() !== null),
      exhaustMap(async () => {
        this.auth.forget();
        await (await this.dataLayer.get()).close();
        return sessionActions.signedOut();
      }),
    ),
  );

  /**
   * The server ended the session (refresh refused while online): wipe this user's local
   * databases, since the device may no longer be trusted with their data, and ask to sign in.
   */
  readonly expired$ = createEffect(
    () =>
      this.actions$.pipe(
        ofType(sessionActions.expired),
        concatMap(async () => {
          const stored = this.sessionStore.load();
          this.auth.forget();
          this.sessionStore.clear();
          await (await this.dataLayer.get()).close();
          if (stored) await (await this.dataLayer.get()).removeLocalData(stored.id);
          await this.router.navigateByUrl('/sign-in');
        }),
      ),
    { dispatch: false },
  );

  readonly toSignIn$ = createEffect(
    () => this.actions$.pipe(ofType(sessionActions.signedOut), tap(() => void this.router.navigateByUrl('/sign-in'))),
    { dispatch: false },
  );
}
