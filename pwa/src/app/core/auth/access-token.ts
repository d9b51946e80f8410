import { Injectable, inject } from '@angular/core';
import { AuthService } from './auth.service';

/**
 * The access token for requests a module sends with its own HTTP client (tus uploads go by
 * XMLHttpRequest). Nothing else of the session is exposed; the token stays in memory.
 */
@Injectable({ providedIn: 'root' })
export class AccessToken {
  private readonly auth = inject(AuthService);

  /** A usable token, renewed first when it is about to run out. */
  current(): Promise<string> {
    return this.auth.accessToken();
  }

  /** A new token after the server refused the current one (401); throws when the session is over. */
  renewed(): Promise<string> {
    return this.auth.refresh();
  }
}
