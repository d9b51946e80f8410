import { ChangeDetectionStrategy, Component, inject, input, signal, effect } from '@angular/core';
import { formatInZone } from '@oblako/domain';
import { ApiClient, TranslatePipe, TranslationService } from '@oblako/shell-kit';
import { PUSH_API, type DeliveryEntry } from '../api';

/**
 * The manager's delivery log of one person: each notification and reminder, by which channel it
 * went (push to how many devices, SMS, none) and how it ended — newest first. Times in the
 * manager's zone, named.
 */
@Component({
  selector: 'ob-push-deliveries',
  imports: [TranslatePipe],
  template: `
    <h1 class="page-title">{{ 'push.log.title' | t }}</h1>
    @if (error()) {
      <p class="error" role="alert">{{ error() }}</p>
    } @else if (entries() === undefined) {
      <p>{{ 'push.loading' | t }}</p>
    } @else if (entries()!.length === 0) {
      <p class="muted" data-testid="deliveries-empty">{{ 'push.log.empty' | t }}</p>
    } @else {
      <ul class="log" role="list">
        @for (entry of entries(); track entry.id) {
          <li class="entry" data-testid="delivery" [attr.data-state]="entry.state" [attr.data-channel]="entry.channel">
            <div class="entry__head">
              <strong>{{ kindLabel(entry.kind) }}</strong>
              <span class="state state--{{ entry.state }}">{{ 'push.log.state.' + entry.state | t }}</span>
            </div>
            <div class="muted">{{ when(entry.sentAt ?? entry.dueAt) }}</div>
            <div>
              {{ 'push.log.channel.' + entry.channel | t }}
              @if (entry.channel === 'push') {
                · {{ 'push.log.devices' | t: { delivered: entry.devices.delivered } }}
              }
              @if (entry.devices.removed > 0) {
                · {{ 'push.log.removed' | t: { count: entry.devices.removed } }}
              }
            </div>
            @if (entry.lastError && entry.state !== 'sent') {
              <div class="muted">{{ entry.lastError }}</div>
            }
          </li>
        }
      </ul>
    }
  `,
  styles: `
    :host { display: block; max-width: 760px; }
    .log { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
    .entry { border-radius: 12px; padding: 12px 16px; background: var(--mat-sys-surface-container-low); display: grid; gap: 4px; }
    .entry__head { display: flex; justify-content: space-between; gap: 8px; flex-wrap: wrap; }
    .state { font: var(--mat-sys-label-medium); padding: 2px 8px; border-radius: 8px; background: var(--mat-sys-surface-container-highest); }
    .state--sent { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .state--fell_back { background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
    .state--failed { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .muted { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-medium); overflow-wrap: anywhere; }
    .error { color: var(--mat-sys-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeliveriesPage {
  private readonly api = inject(ApiClient);
  private readonly i18n = inject(TranslationService);
  private readonly zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  /** Route parameter (withComponentInputBinding). */
  readonly accountId = input.required<string>();
  readonly entries = signal<DeliveryEntry[] | undefined>(undefined);
  readonly error = signal('');

  constructor() {
    effect(() => {
      const accountId = this.accountId();
      this.entries.set(undefined);
      this.api.get<DeliveryEntry[]>(PUSH_API.deliveries.replace(':accountId', encodeURIComponent(accountId))).then(
        (entries) => this.entries.set(entries),
        (error: unknown) => this.error.set(error instanceof Error ? error.message : String(error)),
      );
    });
  }

  kindLabel(kind: string): string {
    const key = `push.log.kind.${kind}`;
    return this.i18n.has(key) ? this.i18n.t(key) : this.i18n.t('push.log.kind.other');
  }

  when(instant: string): string {
    return formatInZone(instant, this.zone, this.i18n.language() === 'en' ? 'en' : 'ru');
  }
}
