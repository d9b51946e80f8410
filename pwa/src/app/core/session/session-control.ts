import { Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import type { SessionResponse } from '@oblako/domain';
import { AuthService } from '../auth/auth.service';
import { sessionActions } from './session.actions';

/**
 * For module pages whose API calls open a session (self-registration, password restore) or
 * replace it (a changed password ends the old sessions): hands the session to the shell.
 */
@Injectable({ providedIn: 'root' })
export class SessionControl {
  private readonly auth = inject(AuthService);
  private readonly store = inject(Store);

  /** A new sign-in; the shell then opens the person's data and goes home (through the gates). */
  started(session: SessionResponse): void {
    this.auth.adopt(session);
    this.store.dispatch(sessionActions.signedIn({ user: session.user }));
  }

  /** The same person with a fresh session (and, e.g., `mustChangePassword` gone). */
  renewed(session: SessionResponse): void {
    this.auth.adopt(session);
    this.store.dispatch(sessionActions.userUpdated({ user: session.user }));
  }

  /**
   * Sign out on this device, as the menu's «Выйти» does (the data stay only while changes are
   * unsent); for pages whose API call already ended the account's sessions on the server.
   */
  signOut(): void {
    this.store.dispatch(sessionActions.signOutRequested());
  }
}
