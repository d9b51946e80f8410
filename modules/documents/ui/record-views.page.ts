import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { AUDIT_API, type RecordView, type RecordViewsPage as RecordViewsAnswer } from '@oblako/domain';
import { ApiCallError, ApiClient, selectOnline } from '@oblako/shell-kit';
import { DocumentsText, DocumentsTextPipe } from './text';

/** Entries per request; «Показать ещё» fetches the next (older) page. */
export const RECORD_VIEWS_PAGE_SIZE = 30;

interface RecordViewRow {
  key: string;
  at: string;
  who: string;
  role: string;
  what: string;
  when: string;
}

/**
 * «Кто просматривал мои данные» (152-FZ): every read of the patient's records by staff, newest
 * first, as the server's audit log has it. The log lives on the server only, so the page needs
 * the network; what was already loaded stays on screen if the connection drops.
 */
@Component({
  selector: 'ob-record-views',
  imports: [MatButton, MatIcon, MatProgressBar, RouterLink, DocumentsTextPipe],
  template: `
    <a mat-button routerLink="/documents" class="back"><mat-icon svgIcon="arrow_back" />{{ 'documents.views.back' | t }}</a>
    <h1 class="page-title">{{ 'documents.views.title' | t }}</h1>
    <p class="explanation" data-testid="record-views-explanation">{{ 'documents.views.explanation' | t }}</p>

    @if (loading()) {
      <mat-progress-bar mode="indeterminate" data-testid="record-views-progress" [attr.aria-label]="'documents.views.loading' | t" />
    }
    @if (!online()) {
      <div class="offline" role="status" data-testid="record-views-offline">
        <mat-icon svgIcon="cloud_off" />
        <div>
          <strong>{{ 'documents.views.offline' | t }}</strong>
          <p>{{ 'documents.views.offlineHint' | t }}</p>
        </div>
      </div>
    }
    @if (error(); as text) {
      <p class="error" role="alert" data-testid="record-views-error">{{ text }}</p>
    }

    @if (rows(); as rows) {
      @if (rows.length === 0) {
        <p class="empty" data-testid="record-views-empty">{{ 'documents.views.empty' | t }}</p>
      } @else {
        <ol class="list">
          @for (row of rows; track row.key) {
            <li class="entry" data-testid="record-view">
              <div class="who" data-testid="record-view-who"><span class="name">{{ row.who }}</span>, {{ row.role }}</div>
              <div class="what" data-testid="record-view-what">{{ row.what }}</div>
              <time class="when" [attr.datetime]="row.at" data-testid="record-view-when">{{ row.when }}</time>
            </li>
          }
        </ol>
        @if (next()) {
          <button mat-stroked-button type="button" class="more" (click)="more()" [disabled]="!online() || loading()" data-testid="record-views-more">
            {{ 'documents.views.more' | t }}
          </button>
        }
      }
    }
  `,
  styles: `
    :host { display: grid; gap: 12px; max-width: 720px; }
    .back { justify-self: start; }
    .page-title { margin: 0; }
    .explanation, .empty { margin: 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-medium); }
    .offline { display: flex; gap: 12px; align-items: flex-start; padding: 12px 16px; border-radius: 12px;
      background: var(--mat-sys-surface-container-low); }
    .offline mat-icon { flex: none; color: var(--mat-sys-on-surface-variant); }
    .offline p { margin: 4px 0 0; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .error { margin: 0; color: var(--mat-sys-error); }
    .list { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
    .entry { display: grid; gap: 2px; padding: 12px 16px; border-radius: 12px; background: var(--mat-sys-surface-container-low);
      overflow-wrap: anywhere; }
    .who { font: var(--mat-sys-body-large); }
    .who .name { font-weight: 500; }
    .what { font: var(--mat-sys-body-medium); }
    .when { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .more { justify-self: center; min-height: 48px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecordViewsPage {
  private readonly api = inject(ApiClient);
  private readonly text = inject(DocumentsText);
  readonly online = inject(Store).selectSignal(selectOnline);

  /** null until the first page arrives. */
  private readonly entries = signal<RecordView[] | null>(null);
  readonly next = signal<string | undefined>(undefined);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);

  readonly rows = computed<RecordViewRow[] | null>(() => {
    const entries = this.entries();
    if (entries === null) return null;
    const language = this.text.language();
    const format = new Intl.DateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' });
    return entries.map((entry, index) => this.rowOf(entry, index, format));
  });

  constructor() {
    // The first page on opening, or as soon as the connection comes back.
    effect(() => {
      if (this.online() && untracked(this.entries) === null) untracked(() => void this.load());
    });
  }

  /** The next (older) page, appended below. */
  more(): Promise<void> {
    return this.load(this.next());
  }

  private async load(before?: string): Promise<void> {
    if (this.loading()) return;
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await this.api.get<RecordViewsAnswer>(AUDIT_API.myRecordViews, { limit: RECORD_VIEWS_PAGE_SIZE, before });
      this.entries.update((shown) => (before && shown ? [...shown, ...page.entries] : page.entries));
      this.next.set(page.next);
    } catch (error) {
      // With no network the offline state already says it.
      if (!(error instanceof ApiCallError && error.code === 'network' && !this.online())) {
        this.error.set(error instanceof ApiCallError ? error.message : this.text.t('documents.views.loadFailed'));
      }
    } finally {
      this.loading.set(false);
    }
  }

  private rowOf(entry: RecordView, index: number, format: Intl.DateTimeFormat): RecordViewRow {
    const date = new Date(entry.at);
    return {
      key: `${index}:${entry.at}:${entry.actor.id}:${entry.action}:${entry.subject.id}`,
      at: entry.at,
      who: entry.actor.name || this.text.t('documents.views.unnamed'),
      role: this.text.t(`documents.views.role.${entry.actor.role}`),
      what: this.actionText(entry),
      when: Number.isNaN(date.getTime()) ? entry.at : format.format(date),
    };
  }

  private actionText(entry: RecordView): string {
    switch (entry.action) {
      case 'file.read':
        return entry.subject.name
          ? this.text.t('documents.views.action.fileRead', { name: entry.subject.name })
          : this.text.t('documents.views.action.fileReadUnnamed');
      case 'queue.read':
        return this.text.t('documents.views.action.queueRead');
      default:
        // An action a newer server records and this build does not name yet.
        return this.text.t('documents.views.action.other');
    }
  }
}
