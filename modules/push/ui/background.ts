import { Injectable, inject } from '@angular/core';
import { NavigationEnd, Router } from '@angular/router';
import { DataService } from '@oblako/shell-kit';
import { filter, first, timeout } from 'rxjs';

/** The cabinet's notifications collection (modules/consultations writes it; the reader may set readAt). */
const NOTIFICATIONS = 'notifications';

/**
 * A tap on a push opens the app at the consultation with `?notice=<notification id>` (ngsw's
 * onActionClick; also when the app was closed): that notification is then read, here, on the
 * device (offline too: the change syncs later).
 */
@Injectable({ providedIn: 'root' })
export class NoticeFromPush {
  private readonly router = inject(Router);
  private readonly data = inject(DataService);
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    const markFrom = (url: string) => {
      const notice = this.router.parseUrl(url).queryParamMap.get('notice');
      if (!notice) return;
      // Opened from a closed app, the notification may still be on its way from the server.
      this.data.doc$<{ readAt?: string }>(NOTIFICATIONS, notice).pipe(filter((doc) => doc !== null), first(), timeout(120_000)).subscribe({
        next: (doc) => {
          if (!doc!.readAt) void this.data.patch(NOTIFICATIONS, notice, { readAt: new Date().toISOString() }).catch(() => undefined);
        },
        error: () => undefined,
      });
    };
    markFrom(this.router.url);
    this.router.events.pipe(filter((event): event is NavigationEnd => event instanceof NavigationEnd)).subscribe((event) => markFrom(event.urlAfterRedirects));
  }
}

/** What the push module does whichever page is open (ModuleUi.loadBackground). */
export function startPushBackground(): void {
  inject(NoticeFromPush).start();
}
