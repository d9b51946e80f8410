import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { AUDIT_API, formatInZone, isValidTimeZone, specialistTitle, type RecordView, type RecordViewsPage as RecordViewsAnswer } from '@oblako/domain';
import { ApiCallError, ApiClient, DataService, selectOnline, selectUser } from '@oblako/shell-kit';
import { catchError, map, of, switchMap } from 'rxjs';
import { foldRepeats, genderOf, shortName, type FoldedView } from './record-view-lines';
import { DocumentsText, DocumentsTextPipe } from './text';

/** Entries per request; «Показать ещё» fetches the next (older) page. */
export const RECORD_VIEWS_PAGE_SIZE = 30;

interface RecordViewRow {
  key: string;
  at: string;
  /** «Врач Иванова А. П., кардиолог» */
  who: string;
  /** «открыла «Выписка»» */
  what: string;
  /** The file's name when the title is the document's type; «без сети, с копии на устройстве». */
  details: string;
  /** «5 декабря 2026, 14:02 (Владивосток, UTC+10)» */
  when: string;
  /** «и ещё 2 раза за час», or '' */
  repeated: string;
}

function deviceZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * «Кто просматривал мои данные» (152-FZ): every read of the patient's records a person made,
 * newest first, as the server's audit log has it — also views of a doctor's offline copy, which
 * the doctor's device reports later; never the doctor's device saving files for offline use.
 * Reads of one document by one person within an hour are one line. Times are in the patient's
 * zone (their profile's), named. The log lives on the server only, so the page needs the
 * network; what was already loaded stays on screen if the connection drops.
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
              <div class="who" data-testid="record-view-who">{{ row.who }}</div>
              <div class="what" data-testid="record-view-what">{{ row.what }}</div>
              @if (row.details) {
                <div class="details" data-testid="record-view-details">{{ row.details }}</div>
              }
              <time class="when" [attr.datetime]="row.at" data-testid="record-view-when">{{ row.when }}</time>
              @if (row.repeated) {
                <div class="details" data-testid="record-view-repeated">{{ row.repeated }}</div>
              }
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
    .who { font: var(--mat-sys-title-medium); }
    .what { font: var(--mat-sys-body-large); }
    .details { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .when { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .more { justify-self: center; min-height: 48px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecordViewsPage {
  private readonly api = inject(ApiClient);
  private readonly text = inject(DocumentsText);
  private readonly data = inject(DataService);
  private readonly ngrx = inject(Store);
  readonly online = this.ngrx.selectSignal(selectOnline);
  /** The patient's zone from their profile (on the device, so also offline); the device's until it is read. */
  private readonly zone = toSignal(
    this.ngrx.select(selectUser).pipe(
      switchMap((user) => (user ? this.data.doc$<{ timeZone?: string }>('profiles', `${user.id}:profile`) : of(null))),
      map((profile) => (profile?.timeZone && isValidTimeZone(profile.timeZone) ? profile.timeZone : deviceZone())),
      catchError(() => of(deviceZone())),
    ),
    { initialValue: deviceZone() },
  );

  /** null until the first page arrives. */
  private readonly entries = signal<RecordView[] | null>(null);
  readonly next = signal<string | undefined>(undefined);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);

  readonly rows = computed<RecordViewRow[] | null>(() => {
    const entries = this.entries();
    if (entries === null) return null;
    const zone = this.zone();
    this.text.language();
    return foldRepeats(entries).map((line, index) => this.rowOf(line, index, zone));
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

  private rowOf({ entry, times }: FoldedView, index: number, zone: string): RecordViewRow {
    const language = this.text.language();
    const name = shortName(entry.actor.name) || this.text.t('documents.views.unnamed');
    const role = this.text.t(`documents.views.role.${entry.actor.role}`);
    const specialties = (entry.actor.specialties ?? []).map((code) => specialistTitle(code, language)).join(', ');
    const who = specialties
      ? this.text.t('documents.views.whoWithSpecialty', { role, name, specialty: specialties })
      : this.text.t('documents.views.who', { role, name });
    let when: string;
    try {
      when = formatInZone(entry.at, zone, language);
    } catch {
      when = entry.at;
    }
    return {
      key: `${index}:${entry.at}:${entry.actor.id}:${entry.action}:${entry.subject.id}`,
      at: entry.at,
      who,
      what: this.actionText(entry),
      details: this.details(entry),
      when,
      repeated: times > 1 ? this.repeated(times - 1) : '',
    };
  }

  private verb(kind: 'open' | 'see', entry: RecordView): string {
    return this.text.t(`documents.views.verb.${kind}.${genderOf(entry.actor.name)}`);
  }

  private actionText(entry: RecordView): string {
    switch (entry.action) {
      case 'file.read': {
        const type = entry.subject.documentType ? this.text.t(`documents.type.${entry.subject.documentType}`) : '';
        const title = type && type !== `documents.type.${entry.subject.documentType}` ? type : entry.subject.name;
        return title
          ? this.text.t('documents.views.action.fileRead', { verb: this.verb('open', entry), title })
          : this.text.t('documents.views.action.fileReadUnnamed', { verb: this.verb('open', entry) });
      }
      case 'queue.read':
        return this.text.t('documents.views.action.queueRead', { verb: this.verb('see', entry) });
      case 'deliveries.read':
        return this.text.t('documents.views.action.deliveriesRead', { verb: this.verb('open', entry) });
      case 'patients.read':
        return this.text.t('documents.views.action.patientsRead', { verb: this.verb('see', entry) });
      default:
        // An action a newer server records and this build does not name yet.
        return this.text.t('documents.views.action.other', { verb: this.verb('open', entry) });
    }
  }

  /** The file's own name under its document's type, and whether it was opened from an offline copy. */
  private details(entry: RecordView): string {
    const parts: string[] = [];
    if (entry.action === 'file.read' && entry.subject.documentType && entry.subject.name) parts.push(entry.subject.name);
    if (entry.subject.offline) parts.push(this.text.t('documents.views.offlineCopy'));
    return parts.join(' · ');
  }

  private repeated(more: number): string {
    const category = new Intl.PluralRules(this.text.language()).select(more);
    return this.text.t(`documents.views.repeated.${category}`, { count: more });
  }
}
