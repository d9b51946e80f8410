import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { Store } from '@ngrx/store';
import { selectOnline } from '../core/connectivity/connectivity.selectors';
import { TranslationService } from '../core/i18n/translation.service';
import { LazyDataLayer } from '../core/db/lazy-data-layer';
import { selectOverallSyncStatus, selectPendingKnown, selectPendingTotal } from '../core/sync/sync.selectors';
import { selectUser } from '../core/session/session.selectors';

/**
 * Always on screen: whether the device is online, and how many changes still wait for the
 * server — the two facts a person needs to trust an offline-first app.
 */
@Component({
  selector: 'ob-status-indicator',
  imports: [MatIcon],
  template: `
    <span class="status-chip" [class.status-chip--warn]="!online()" data-testid="connectivity" role="status">
      <mat-icon [svgIcon]="online() ? 'cloud_done' : 'cloud_off'" />
      <span>{{ connectivityText() }}</span>
    </span>
    <span class="status-chip" [class.status-chip--info]="pending() > 0" [class.status-chip--warn]="(syncStatus() === 'error' && pending() === 0) || dataFailed()"
      data-testid="sync-status" role="status" aria-live="polite">
      <mat-icon [svgIcon]="pending() > 0 ? 'cloud_upload' : syncStatus() === 'error' || dataFailed() ? 'warning' : 'sync'" [class.spin]="syncStatus() === 'active'" />
      <span class="sync-text" [attr.data-reserve-a]="reserved()[0]" [attr.data-reserve-b]="reserved()[1]">{{ syncText() }}</span>
    </span>
  `,
  styles: `
    :host { display: inline-flex; gap: 8px; flex-wrap: wrap; align-items: center; }
    .status-chip {
      display: inline-flex; align-items: center; gap: 6px; height: 32px; padding: 0 12px;
      border-radius: 8px; border: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface-container-low); color: var(--mat-sys-on-surface);
      font: var(--mat-sys-label-large); white-space: nowrap;
    }
    .status-chip mat-icon { width: 18px; height: 18px; font-size: 18px; color: var(--mat-sys-primary); }
    .status-chip--warn { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); border-color: transparent; }
    .status-chip--warn mat-icon { color: inherit; }
    .status-chip--info { background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); border-color: transparent; }
    .status-chip--info mat-icon { color: inherit; }
    /*
     * As wide as the longest of the labels that come and go in ordinary use (checking, syncing,
     * all sent): every live change turns «Синхронизация…» on and off, and a chip that changed
     * width moved everything beside it (a layout shift each time). Generated content: not part of
     * the chip's text, and hidden from assistive technology.
     */
    .sync-text { display: inline-block; }
    .sync-text::before, .sync-text::after { display: block; height: 0; overflow: hidden; visibility: hidden; }
    .sync-text::before { content: attr(data-reserve-a); }
    .sync-text::after { content: attr(data-reserve-b); }
    .spin { animation: spin 1.2s linear infinite; }
    @keyframes spin { to { transform: rotate(-360deg); } }
    @media (prefers-reduced-motion: reduce) { .spin { animation: none; } }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusIndicatorComponent {
  private readonly store = inject(Store);
  private readonly i18n = inject(TranslationService);
  readonly online = this.store.selectSignal(selectOnline);
  readonly pending = this.store.selectSignal(selectPendingTotal);
  readonly syncStatus = this.store.selectSignal(selectOverallSyncStatus);
  /** Whether the database has told how many changes wait (see SyncState.pendingKnown). */
  private readonly pendingKnown = this.store.selectSignal(selectPendingKnown);
  readonly dataFailed = inject(LazyDataLayer).failed;
  /** With a one-time password the server refuses replication: the data opens after the change. */
  private readonly user = this.store.selectSignal(selectUser);
  private readonly waitsForPassword = computed(() => this.user()?.mustChangePassword === true);

  /** The two longest labels of ordinary use, whose width the sync chip keeps (see the styles). */
  readonly reserved = computed(() =>
    (['sync.checking', 'sync.syncing', 'sync.allSent'] as const)
      .map((key) => this.i18n.t(key))
      .sort((a, b) => b.length - a.length)
      .slice(0, 2),
  );

  readonly connectivityText = computed(() => this.i18n.t(this.online() ? 'connectivity.online' : 'connectivity.offline'));
  readonly syncText = computed(() => {
    if (this.waitsForPassword()) return this.i18n.t('sync.afterPasswordChange');
    // Never «все отправлены» before the database has answered: there may be changes from last time.
    if (!this.pendingKnown()) return this.i18n.t(this.dataFailed() ? 'sync.dataFailed' : 'sync.checking');
    const pending = this.pending();
    if (pending > 0) return this.i18n.plural('sync.pending', pending);
    if (this.syncStatus() === 'error' && this.online()) return this.i18n.t('sync.error');
    if (this.syncStatus() === 'active') return this.i18n.t('sync.syncing');
    return this.i18n.t('sync.allSent');
  });
}
