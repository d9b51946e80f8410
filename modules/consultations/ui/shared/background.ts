import { DestroyRef, Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { DataService, NavBadges, selectUser } from '@oblako/shell-kit';
import { catchError, distinctUntilChanged, map, of, switchMap, type Subscription } from 'rxjs';
import { NOTIFICATIONS_COLLECTION, type ConsultationNotification } from '../../schema';

/** The key the shell's navigation shows the unread count under (NavEntry.badge). */
export const UNREAD_BADGE = 'consultations.unread';

/** Keeps the «Уведомления» counter in the navigation live: own notifications without readAt. */
@Injectable({ providedIn: 'root' })
export class UnreadBadge {
  private readonly data = inject(DataService);
  private readonly badges = inject(NavBadges);
  private readonly store = inject(Store);
  private subscription: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.subscription?.unsubscribe());
  }

  start(): void {
    if (this.subscription) return;
    this.subscription = this.store
      .select(selectUser)
      .pipe(
        map((user) => user?.id ?? null),
        distinctUntilChanged(),
        switchMap((userId) =>
          userId === null
            ? of(0)
            : this.data.find$<ConsultationNotification>(NOTIFICATIONS_COLLECTION, { recipientId: userId }).pipe(
                map((notifications) => notifications.filter((notification) => !notification.readAt).length),
                catchError(() => of(0)),
              ),
        ),
      )
      .subscribe((count) => this.badges.set(UNREAD_BADGE, count));
  }
}

/** What the consultations module does whichever page is open (ModuleUi.loadBackground). */
export function startConsultationsBackground(): void {
  inject(UnreadBadge).start();
}
