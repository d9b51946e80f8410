import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { noticeText, supersededNotices, timeZoneName, type Notice } from '@oblako/domain';
import { DataService, TranslatePipe, TranslationService, selectUser } from '@oblako/shell-kit';
import { catchError, map, of, switchMap } from 'rxjs';
import { NOTIFICATIONS_COLLECTION, type ConsultationNotification } from '../../schema';
import { specialtyLabel } from '../../specialties';
import { ConsultationTimePipe } from './consultation-time.pipe';
import { registerConsultationIcons } from './icons';
import { ViewerZone } from './viewer-zone.service';

export interface NotificationView {
  notification: ConsultationNotification;
  text: string;
  unread: boolean;
  /** A later change about the same consultation's time made this one wrong. */
  superseded: boolean;
  link: string;
  /** `?c=<id>` for the patient: «Консультации» outlines and scrolls to that consultation. */
  query: Record<string, string> | null;
  about: string;
}

/** The notification as the domain's Notice, for noticeText (the text is made on the device, in the reader's zone). */
export function noticeOf(notification: ConsultationNotification): Notice {
  const notice: Notice = {
    kind: notification.kind,
    recipient: 'patient',
    userId: notification.recipientId,
    consultationId: notification.consultationId,
    patientId: notification.patientId,
    delivery: 'server',
  };
  if (notification.transition) notice.transition = notification.transition;
  if (notification.slot) notice.slot = notification.slot;
  if (notification.previousSlot) notice.previousSlot = notification.previousSlot;
  if (notification.text) notice.text = notification.text;
  return notice;
}

/**
 * «Уведомления» for patients, doctors and managers: newest first, unread ones highlighted, each
 * in the reader's language and time zone, with a link to the consultation. Reads the device's
 * data (works offline); «Отметить все как прочитанные» sets readAt on the person's own notifications.
 */
@Component({
  selector: 'ob-consultation-notifications',
  imports: [MatButton, MatIcon, RouterLink, TranslatePipe, ConsultationTimePipe],
  template: `
    <div class="head">
      <h1 class="page-title">{{ 'consultations.notifications.title' | t }}</h1>
      @if (unreadCount() > 0) {
        <button mat-stroked-button type="button" data-testid="mark-all-read" [disabled]="marking()" (click)="markAllRead()">
          <mat-icon svgIcon="done_all" />{{ 'consultations.notifications.markAll' | t }}
        </button>
      }
    </div>
    <p class="zone" data-testid="viewer-zone">{{ 'consultations.notifications.zone' | t: { zone: zoneName() } }}</p>
    <!-- Web push (modules/push): turned on here, by the person, never as a prompt on first load. -->
    <a mat-stroked-button class="phone" routerLink="/push" data-testid="push-settings-link"><mat-icon svgIcon="notifications" />{{ 'push.link' | t }}</a>

    @if (views() === undefined) {
      <p>{{ 'consultations.loading' | t }}</p>
    } @else if (views()!.length === 0) {
      <p class="empty" data-testid="no-notifications">{{ 'consultations.notifications.empty' | t }}</p>
    } @else {
      <ul class="list" role="list">
        @for (view of views(); track view.notification.id) {
          <li class="item" [class.item--unread]="view.unread" [class.item--superseded]="view.superseded" data-testid="notification"
            [attr.data-kind]="view.notification.kind" [attr.data-unread]="view.unread" [attr.data-superseded]="view.superseded || null">
            <div class="item__meta">
              @if (view.unread) {
                <span class="dot" aria-hidden="true"></span><span class="badge">{{ 'consultations.notifications.unread' | t }}</span>
              }
              <time [attr.datetime]="view.notification.createdAt">{{ view.notification.createdAt | consultationTime }}</time>
              @if (view.superseded) {
                <span class="replaced" data-testid="notification-superseded" [title]="'consultations.notifications.supersededHint' | t">{{ 'consultations.notifications.superseded' | t }}</span>
              }
            </div>
            <p class="item__text" data-testid="notification-text">{{ view.text }}</p>
            @if (view.about) {
              <p class="item__about">{{ view.about }}</p>
            }
            <a mat-button [routerLink]="view.link" [queryParams]="view.query" (click)="markRead(view)" data-testid="notification-link">{{ 'consultations.notifications.open' | t }}</a>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    .head { display: flex; align-items: center; justify-content: space-between; gap: 12px; flex-wrap: wrap; }
    .head .page-title { margin: 0; }
    .head button { min-height: 48px; }
    .phone { min-height: 48px; margin: 0 0 12px; }
    .zone { margin: 4px 0 12px; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .empty { color: var(--mat-sys-on-surface-variant); }
    .list { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
    .item { border-radius: 12px; padding: 12px 16px 4px; background: var(--mat-sys-surface-container-low); }
    .item--unread { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .item__meta { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-label-medium); color: inherit; opacity: .85; }
    .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--mat-sys-error); }
    .badge { font: var(--mat-sys-label-medium); }
    .item__text { margin: 6px 0 2px; font: var(--mat-sys-body-large); overflow-wrap: anywhere; }
    .item__about { margin: 0; font: var(--mat-sys-body-small); opacity: .85; }
    .item--superseded .item__text { text-decoration: line-through; text-decoration-thickness: 1px; opacity: .75; }
    .replaced { padding: 0 8px; border-radius: 8px; background: var(--mat-sys-surface-container-highest); color: var(--mat-sys-on-surface); font: var(--mat-sys-label-medium); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationsPage {
  private readonly data = inject(DataService);
  private readonly i18n = inject(TranslationService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly zone = inject(ViewerZone).zone;
  private readonly user = inject(Store).selectSignal(selectUser);
  readonly marking = signal(false);

  private readonly notifications = toSignal(
    toObservable(this.user).pipe(
      switchMap((user) =>
        user
          ? this.data.find$<ConsultationNotification>(NOTIFICATIONS_COLLECTION, { recipientId: user.id }).pipe(catchError(() => of([])))
          : of([] as ConsultationNotification[]),
      ),
      map((items) => [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))),
    ),
  );

  readonly zoneName = computed(() => timeZoneName(this.zone(), this.i18n.language()));

  readonly views = computed((): NotificationView[] | undefined => {
    const items = this.notifications();
    if (items === undefined) return undefined;
    const language = this.i18n.language();
    const timeZone = this.zone();
    const role = this.user()?.role;
    const superseded = supersededNotices(items);
    return items.map((notification) => {
      const specialty = notification.specialty ? specialtyLabel(notification.specialty, language) : '';
      // The patient reads who will hold the consultation; staff read whom it is about.
      const about = (role === 'patient' ? [specialty, notification.doctorName ?? ''] : [notification.patientName ?? '', specialty])
        .filter((part) => part !== '')
        .join(' · ');
      const patient = role === 'patient';
      // The manager has no consultation page: the stages list, searched for the patient.
      const manager = role === 'manager';
      return {
        notification,
        text: noticeText(noticeOf(notification), { language, timeZone }),
        unread: !notification.readAt,
        superseded: superseded.has(notification.id),
        link: patient ? '/consultations' : manager ? '/consultations/stages' : `/consultations/c/${encodeURIComponent(notification.consultationId)}`,
        query: (patient ? { c: notification.consultationId } : manager && notification.patientName ? { q: notification.patientName } : null) as Record<string, string> | null,
        about,
      };
    });
  });

  readonly unreadCount = computed(() => (this.views() ?? []).filter((view) => view.unread).length);

  constructor() {
    registerConsultationIcons();
  }

  async markAllRead(): Promise<void> {
    const unread = (this.views() ?? []).filter((view) => view.unread);
    if (unread.length === 0) return;
    this.marking.set(true);
    try {
      const readAt = new Date().toISOString();
      for (const view of unread) await this.data.patch(NOTIFICATIONS_COLLECTION, view.notification.id, { readAt });
      this.snackBar.open(this.i18n.t('consultations.notifications.marked'), undefined, { duration: 3000 });
    } finally {
      this.marking.set(false);
    }
  }

  /** Opening one marks it read. */
  markRead(view: NotificationView): void {
    if (!view.unread) return;
    void this.data.patch(NOTIFICATIONS_COLLECTION, view.notification.id, { readAt: new Date().toISOString() }).catch(() => undefined);
  }
}
