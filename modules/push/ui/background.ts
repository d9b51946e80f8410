import { Injectable, inject } from '@angular/core';
import { NavigationEnd, Router } from '@angular/router';
import { SwPush } from '@angular/service-worker';
import { Store } from '@ngrx/store';
import { DataService, selectUser } from '@oblako/shell-kit';
import { filter, first, map, pairwise, timeout } from 'rxjs';

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

/**
 * Signing out ends this device's subscription: the push service then answers 410 and the
 * server forgets the device, so the next person on a shared phone never sees the previous
 * person's notifications on the lock screen.
 */
@Injectable({ providedIn: 'root' })
export class UnsubscribeOnSignOut {
  private readonly store = inject(Store);
  private readonly swPush = inject(SwPush);
  private started = false;

  start(): void {
    if (this.started || !this.swPush.isEnabled) return;
    this.started = true;
    this.store
      .select(selectUser)
      .pipe(map((user) => user?.id ?? null), pairwise(), filter(([before, after]) => before !== null && after === null))
      .subscribe(() => void this.swPush.unsubscribe().catch(() => undefined));
  }
}

/** What the push module does whichever page is open (ModuleUi.loadBackground). */
export function startPushBackground(): void {
  inject(NoticeFromPush).start();
  inject(UnsubscribeOnSignOut).start();
}
