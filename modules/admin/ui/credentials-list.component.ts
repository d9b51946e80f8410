import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { formatPhone } from '@oblako/domain';
import { ApiCallError, TranslatePipe, TranslationService } from '@oblako/shell-kit';
import { askToConfirm } from '@oblako/shell-kit/confirm';
import type { PatientCredentials } from '../api';
import { AdminApi } from './admin-api';
import { formatDateTime } from './files';

/** While an SMS is on its way its state is asked for again this often. */
const POLL_MS = 3_000;
/** Rows per page (the server answers at most 200). */
const PAGE_SIZE = 50;

/** What the rows are filtered by: the import (on its report page) and the search box. */
interface CredentialsQuery {
  importId?: string;
  search: string;
}

/**
 * Patients whose login and one-time password went by SMS: the delivery state of the latest SMS,
 * whether they signed in, and «Отправить пароль повторно» (a new one-time password; the old one
 * stops working) — refused once they have their own password. The server pages the list by name
 * («Показать ещё» adds the next page): after a 5,000-patient import the device holds one page, and
 * the state of the SMS on their way is asked for only for the rows on screen.
 */
@Component({
  selector: 'ob-credentials-list',
  imports: [MatButton, MatIcon, MatProgressBar, TranslatePipe],
  template: `
    @if (loading() && items().length === 0) {
      <mat-progress-bar mode="indeterminate" />
    }
    @if (error(); as message) {
      <p class="problem" role="alert">{{ message }}</p>
    }
    @if (!loading() && items().length === 0 && !error()) {
      <p class="empty">{{ 'admin.credentials.none' | t }}</p>
    }
    <ul class="patients">
      @for (item of items(); track item.patientId) {
        <li class="patient" data-testid="credentials-row">
          <div class="who">
            <div class="name">{{ item.fullName }}</div>
            <div class="meta">{{ phone(item.phone) }}</div>
            <div class="meta" [class.ok]="item.activated">
              {{ (item.activated ? 'admin.credentials.activated' : 'admin.credentials.notActivated') | t }}
              @if (item.issued > 1) { · {{ 'admin.credentials.issued' | t: { issued: item.issued } }} }
            </div>
          </div>
          <div class="sms" data-testid="sms-state">
            @if (item.sms; as sms) {
              <span [class]="'state state--' + sms.state">{{ 'admin.sms.state.' + sms.state | t }}</span>
              <div class="meta">{{ time(sms.sentAt ?? sms.queuedAt) }} · {{ 'admin.sms.attempts' | t: { attempts: sms.attempts } }}</div>
              @if (sms.lastError) { <div class="meta bad">{{ sms.lastError }}</div> }
              @if (sms.state === 'queued' && sms.nextAttemptAt && sms.attempts > 0) {
                <div class="meta">{{ 'admin.sms.nextAttempt' | t: { time: time(sms.nextAttemptAt) } }}</div>
              }
            } @else {
              <span class="meta">{{ 'admin.credentials.noSms' | t }}</span>
            }
          </div>
          <button mat-stroked-button type="button" class="resend" [disabled]="item.activated || busy() === item.patientId" (click)="resend(item)"
            [attr.title]="item.activated ? ('error.credentials_already_activated' | t) : null" data-testid="resend">
            <mat-icon svgIcon="send" />{{ 'admin.credentials.resend' | t }}
          </button>
        </li>
      }
    </ul>
    @if (items().length > 0) {
      <div class="more">
        <span class="meta" data-testid="credentials-count">{{ 'admin.credentials.shown' | t: { shown: items().length, total: total() } }}</span>
        @if (nextCursor()) {
          <button mat-stroked-button type="button" (click)="more()" [disabled]="loading()" data-testid="credentials-more">
            {{ 'admin.credentials.more' | t }}
          </button>
        }
        @if (loading()) {
          <mat-progress-bar mode="indeterminate" class="more-progress" />
        }
      </div>
    }
  `,
  styles: `
    :host { display: block; }
    .patients { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
    .patient { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 12px 16px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; background: var(--mat-sys-surface-container-lowest); }
    .who { flex: 2 1 220px; min-width: 0; }
    .sms { flex: 1 1 180px; }
    .name { font: var(--mat-sys-title-small); }
    .meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .ok { color: #0b5120; }
    .bad { color: var(--mat-sys-error); }
    .state { display: inline-block; padding: 2px 8px; border-radius: 8px; font: var(--mat-sys-label-medium); background: var(--mat-sys-surface-container-highest); }
    .state--sent { background: #d7f3dc; color: #0b5120; }
    .state--queued, .state--sending { background: #ffe7b8; color: #5c3b00; }
    .state--failed { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .resend { min-height: 44px; }
    .problem { margin: 0 0 8px; padding: 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .empty { color: var(--mat-sys-on-surface-variant); }
    .more { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; margin-top: 12px; }
    .more button { min-height: 44px; }
    .more-progress { flex: 1 1 100%; }
    @media (max-width: 719.98px) { .resend { width: 100%; } }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CredentialsListComponent {
  private readonly api = inject(AdminApi);
  private readonly i18n = inject(TranslationService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  /** Only the patients of this import (the report page); all when absent. */
  readonly importId = input<string | undefined>(undefined);
  readonly search = input('');
  readonly items = signal<PatientCredentials[]>([]);
  readonly total = signal(0);
  readonly nextCursor = signal<string | undefined>(undefined);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly busy = signal<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor() {
    effect(() => {
      const query = { importId: this.importId(), search: this.search() };
      untracked(() => void this.load(query));
    });
    inject(DestroyRef).onDestroy(() => {
      this.generation++;
      clearTimeout(this.timer);
    });
  }

  phone(value: string): string {
    return value.startsWith('+') ? formatPhone(value) : value;
  }

  time(iso: string): string {
    return formatDateTime(iso, this.i18n.language());
  }

  async resend(item: PatientCredentials): Promise<void> {
    const confirmed = await askToConfirm(this.dialog, {
      title: this.i18n.t('admin.credentials.resendTitle', { name: item.fullName }),
      text: this.i18n.t('admin.credentials.resendConfirm'),
      confirmLabel: this.i18n.t('admin.credentials.resendAction'),
      cancelLabel: this.i18n.t('admin.import.cancel'),
    });
    if (!confirmed) return;
    this.busy.set(item.patientId);
    try {
      const updated = await this.api.resendCredentials(item.patientId);
      this.items.update((items) => items.map((other) => (other.patientId === updated.patientId ? updated : other)));
      this.snackBar.open(this.i18n.t('admin.credentials.resent'), undefined, { duration: 4000 });
      this.schedulePoll();
    } catch (error) {
      this.snackBar.open(error instanceof ApiCallError ? error.message : this.i18n.t('error.internal'), undefined, { duration: 6000 });
    } finally {
      this.busy.set(null);
    }
  }

  /** The next page, added below the rows shown. */
  async more(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor) return;
    await this.fetchPage({ importId: this.importId(), search: this.search() }, { limit: PAGE_SIZE, cursor }, (page) => {
      const shown = new Set(this.items().map((item) => item.patientId));
      this.items.update((items) => [...items, ...page.filter((item) => !shown.has(item.patientId))]);
    });
  }

  /** The first rows again: as many as are shown (a poll), or one page (a new filter). */
  private load(query: CredentialsQuery, rows = PAGE_SIZE): Promise<void> {
    return this.fetchPage(query, { limit: Math.min(Math.max(rows, PAGE_SIZE), 200) }, (page) => this.items.set(page));
  }

  /**
   * One request for rows; `show` puts them on screen. A newer request (another filter, the next
   * page, a poll) makes an older answer stale: it is dropped, and only the newest one ends the
   * progress bar.
   */
  private async fetchPage(query: CredentialsQuery, paging: { limit: number; cursor?: string }, show: (items: PatientCredentials[]) => void): Promise<void> {
    const generation = ++this.generation;
    clearTimeout(this.timer);
    this.loading.set(true);
    try {
      const page = await this.api.credentials({ importId: query.importId, search: query.search.trim() || undefined, ...paging });
      if (generation !== this.generation) return;
      show(page.items);
      this.total.set(page.total);
      this.nextCursor.set(page.nextCursor);
      this.error.set(null);
      this.schedulePoll();
    } catch (error) {
      if (generation !== this.generation) return;
      this.error.set(error instanceof ApiCallError ? error.message : this.i18n.t('error.internal'));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  /** SMS still on their way: look again shortly (delivery takes seconds). */
  private schedulePoll(): void {
    clearTimeout(this.timer);
    if (!this.items().some((item) => item.sms?.state === 'queued' || item.sms?.state === 'sending')) return;
    const generation = this.generation;
    this.timer = setTimeout(() => {
      if (generation === this.generation) void this.load({ importId: this.importId(), search: this.search() }, this.items().length);
    }, POLL_MS);
  }
}
