import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatProgressBar } from '@angular/material/progress-bar';
import { formatPhone } from '@oblako/domain';
import { ApiCallError, TranslatePipe, TranslationService } from '@oblako/shell-kit';
import type { SmsList, SmsMessageView, SmsProviderName, SmsState } from '../api';
import { AdminApi } from './admin-api';
import { formatDateTime } from './files';

const PAGE = 50;
const STATES: readonly SmsState[] = ['queued', 'sending', 'sent', 'failed', 'cancelled'];

/**
 * «SMS»: the queue of messages, newest first, with delivery state. With the `outbox` provider
 * (demo, or no SMS contract yet) nothing leaves the server and the manager reads the texts here.
 */
@Component({
  selector: 'ob-sms-outbox-page',
  imports: [MatButton, MatIcon, MatFormField, MatLabel, MatSelect, MatOption, MatProgressBar, TranslatePipe],
  template: `
    <div class="head">
      <h1 class="page-title">{{ 'admin.sms.title' | t }}</h1>
      <button mat-stroked-button type="button" (click)="reload()" [disabled]="loading()"><mat-icon svgIcon="refresh" />{{ 'admin.sms.refresh' | t }}</button>
    </div>
    @if (provider(); as name) {
      <p class="provider" [class.provider--outbox]="name === 'outbox'" data-testid="sms-provider">
        {{ 'admin.sms.provider' | t: { provider: ('admin.sms.provider.' + name | t) } }}
      </p>
    }
    @if (progress(); as queue) {
      @if (queue.waitingTotal + queue.sending > 0) {
        <p class="queue" data-testid="sms-queue-progress">
          {{ 'admin.sms.queue.waiting' | t: { count: queue.waitingTotal + queue.sending } }}
          ({{ 'admin.sms.queue.byPurpose' | t: { codes: queue.waiting.registration_code + queue.waiting.restore_code, consultation: queue.waiting.consultation, credentials: queue.waiting.credentials } }})
          @if (queue.estimatedEndAt) {
            · {{ 'admin.sms.queue.rate' | t: { rate: queue.ratePerSecond } }} · {{ 'admin.sms.queue.end' | t: { time: time(queue.estimatedEndAt) } }}
          }
        </p>
      }
    }
    <mat-form-field appearance="outline" class="state-filter">
      <mat-label>{{ 'admin.sms.stateFilter' | t }}</mat-label>
      <mat-select [value]="state()" (valueChange)="setState($event)">
        <mat-option [value]="null">{{ 'admin.sms.filter.all' | t }}</mat-option>
        @for (option of states; track option) {
          <mat-option [value]="option">{{ 'admin.sms.state.' + option | t }}</mat-option>
        }
      </mat-select>
    </mat-form-field>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" />
    }
    @if (error(); as message) {
      <p class="problem" role="alert">{{ message }}</p>
    }
    <ul class="messages">
      @for (message of messages(); track message.messageId) {
        <li class="message" data-testid="sms-message">
          <div class="line">
            <span [class]="'state state--' + message.state">{{ 'admin.sms.state.' + message.state | t }}</span>
            <span class="to">{{ phone(message.to) }}</span>
            <span class="purpose">{{ 'admin.sms.purpose.' + message.purpose | t }}</span>
            <span class="time">{{ time(message.sentAt ?? message.queuedAt) }}</span>
          </div>
          @if (message.text) {
            <p class="text" data-testid="sms-text">{{ message.text }}</p>
          } @else {
            <p class="hidden-text" data-testid="sms-hidden-text">{{ (message.state === 'sent' ? 'admin.sms.hiddenText' : message.state === 'queued' || message.state === 'sending' ? 'admin.sms.hiddenTextPending' : 'admin.sms.hiddenTextNotSent') | t }}</p>
          }
          <div class="meta">
            {{ 'admin.sms.attempts' | t: { attempts: message.attempts } }}
            @if (message.lastError) { · <span class="bad">{{ message.lastError }}</span> }
            @if (message.state === 'queued' && message.nextAttemptAt && message.attempts > 0) { · {{ 'admin.sms.nextAttempt' | t: { time: time(message.nextAttemptAt) } }} }
          </div>
        </li>
      } @empty {
        @if (!loading()) { <li class="empty">{{ 'admin.sms.none' | t }}</li> }
      }
    </ul>
    @if (nextBefore()) {
      <button mat-stroked-button type="button" class="more" [disabled]="loading()" (click)="more()">{{ 'admin.sms.more' | t }}</button>
    }
  `,
  styles: `
    :host { display: grid; gap: 12px; }
    .head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 8px; }
    .head .page-title { margin: 4px 0; }
    .head button, .more { min-height: 44px; }
    .provider { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-surface-container); font: var(--mat-sys-body-medium); }
    .provider--outbox { background: #fff3d6; color: #5c3b00; }
    .queue { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); font: var(--mat-sys-body-medium); }
    .state-filter { width: 100%; max-width: 280px; }
    .messages { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
    .message { padding: 12px 16px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; background: var(--mat-sys-surface-container-lowest); }
    .line { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: baseline; }
    .to { font: var(--mat-sys-title-small); }
    .purpose, .time, .meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .text { margin: 8px 0; padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-surface-container); font: var(--mat-sys-body-medium); white-space: pre-wrap; word-break: break-word; }
    .hidden-text { margin: 8px 0; font: var(--mat-sys-body-small); font-style: italic; color: var(--mat-sys-on-surface-variant); }
    .state { display: inline-block; padding: 2px 8px; border-radius: 8px; font: var(--mat-sys-label-medium); background: var(--mat-sys-surface-container-highest); }
    .state--sent { background: #d7f3dc; color: #0b5120; }
    .state--queued, .state--sending { background: #ffe7b8; color: #5c3b00; }
    .state--failed { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .bad { color: var(--mat-sys-error); }
    .problem { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .empty { padding: 16px; color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SmsOutboxPage {
  private readonly api = inject(AdminApi);
  private readonly i18n = inject(TranslationService);

  readonly states = STATES;
  readonly state = signal<SmsState | null>(null);
  readonly pages = signal<SmsList[]>([]);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly messages = computed<SmsMessageView[]>(() => this.pages().flatMap((page) => page.messages));
  readonly provider = computed<SmsProviderName | null>(() => this.pages()[0]?.provider ?? null);
  /** Where the queue stands (codes first, bulk credentials last) and when it should be empty. */
  readonly progress = computed(() => this.pages()[0]?.progress ?? null);
  readonly nextBefore = computed(() => this.pages().at(-1)?.nextBefore);

  constructor() {
    void this.reload();
  }

  phone(value: string): string {
    return value.startsWith('+') ? formatPhone(value) : value;
  }

  time(iso: string): string {
    return formatDateTime(iso, this.i18n.language());
  }

  setState(state: SmsState | null): void {
    this.state.set(state);
    void this.reload();
  }

  reload(): Promise<void> {
    this.pages.set([]);
    return this.fetch(undefined);
  }

  more(): Promise<void> {
    return this.fetch(this.nextBefore());
  }

  private async fetch(before: string | undefined): Promise<void> {
    this.loading.set(true);
    try {
      const page = await this.api.sms({ state: this.state() ?? undefined, limit: PAGE, before });
      this.pages.update((pages) => [...pages, page]);
      this.error.set(null);
    } catch (error) {
      this.error.set(error instanceof ApiCallError ? error.message : this.i18n.t('error.internal'));
    } finally {
      this.loading.set(false);
    }
  }
}
