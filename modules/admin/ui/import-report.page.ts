import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatIcon } from '@angular/material/icon';
import { MatPaginator, type PageEvent } from '@angular/material/paginator';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { formatPhone } from '@oblako/domain';
import { ApiCallError, TranslatePipe, TranslationService } from '@oblako/shell-kit';
import type { ImportReport, ReportRow } from '../api';
import { AdminApi } from './admin-api';
import { CredentialsListComponent } from './credentials-list.component';
import { formatDateTime, saveFile } from './files';
import { mergedPatients, reportHeadline } from './report-summary';

type ResultFilter = 'all' | 'created' | 'problems';

/** While the server finishes a committed import (profiles, SMS) the report is read again this often. */
const FINISHING_POLL_MS = 2_000;

/**
 * What an import did: accounts created, patients who already had one, rows rejected or left
 * out (downloadable for the regional doctor), and the SMS of each new patient.
 */
@Component({
  selector: 'ob-import-report-page',
  imports: [MatButton, MatIcon, MatProgressBar, MatButtonToggleGroup, MatButtonToggle, MatPaginator, RouterLink, TranslatePipe, CredentialsListComponent],
  template: `
    <a mat-button routerLink="/admin/import" class="back"><mat-icon svgIcon="arrow_back" />{{ 'admin.report.back' | t }}</a>
    <h1 class="page-title">{{ 'admin.report.title' | t }}</h1>
    @if (loading() && !report()) {
      <mat-progress-bar mode="indeterminate" />
    }
    @if (error(); as message) {
      <p class="problem" role="alert">{{ message }}</p>
    }
    @if (report(); as current) {
      <p class="when">{{ 'admin.report.committedAt' | t: { time: time(current.committedAt), files: current.fileNames.join(', ') } }}</p>
      @if (current.state === 'finishing') {
        <p class="finishing" role="status"><mat-progress-bar mode="indeterminate" />{{ 'admin.report.finishing' | t }}</p>
      }
      <p class="headline" data-testid="report-headline">{{ headline() }}</p>
      <dl class="counts" data-testid="report-counts">
        <div class="count count--good"><dt>{{ 'admin.report.created' | t }}</dt><dd data-testid="count-created">{{ current.counts.createdPatients }}</dd></div>
        <div class="count"><dt>{{ 'admin.report.existing' | t }}</dt><dd data-testid="count-existing">{{ current.counts.existingPatients }}</dd></div>
        <div class="count"><dt>{{ 'admin.report.referrals' | t }}</dt><dd>{{ current.counts.referralsCreated }}</dd></div>
        <div class="count"><dt>{{ 'admin.report.referralsExisting' | t }}</dt><dd>{{ current.counts.referralsExisting }}</dd></div>
        <div class="count" [class.count--bad]="current.counts.rejected > 0"><dt>{{ 'admin.report.rejected' | t }}</dt><dd data-testid="count-rejected">{{ current.counts.rejected }}</dd></div>
        <div class="count"><dt>{{ 'admin.report.excluded' | t }}</dt><dd data-testid="count-excluded">{{ current.counts.excluded }}</dd></div>
        <div class="count"><dt>{{ 'admin.report.sms' | t }}</dt><dd>{{ current.counts.smsQueued }}</dd></div>
      </dl>
      <div class="actions">
        <button mat-stroked-button type="button" [disabled]="current.counts.rejected + current.counts.excluded === 0" (click)="downloadRejected()" data-testid="download-rejected">
          <mat-icon svgIcon="download" />{{ 'admin.report.downloadRejected' | t }}
        </button>
        <a mat-flat-button routerLink="/admin/import"><mat-icon svgIcon="upload_file" />{{ 'admin.report.newImport' | t }}</a>
      </div>

      <section>
        <h2>{{ 'admin.report.smsTitle' | t }}</h2>
        <p class="hint">{{ 'admin.report.smsHint' | t }}</p>
        <ob-credentials-list [importId]="current.importId" />
      </section>

      <section>
        <h2>{{ 'admin.report.rows' | t }}</h2>
        <mat-button-toggle-group [value]="filter()" (change)="setFilter($event.value)" [hideSingleSelectionIndicator]="true" class="filters">
          <mat-button-toggle value="all">{{ 'admin.import.filter.all' | t }} · {{ current.rows.length }}</mat-button-toggle>
          <mat-button-toggle value="created">{{ 'admin.report.filter.created' | t }}</mat-button-toggle>
          <mat-button-toggle value="problems">{{ 'admin.report.filter.problems' | t }}</mat-button-toggle>
        </mat-button-toggle-group>
        <ul class="rows">
          @for (row of pageRows(); track row.rowId) {
            <li class="row" data-testid="report-row">
              <span [class]="'result result--' + row.result">{{ 'admin.report.result.' + row.result | t }}</span>
              <span class="person"><b>{{ row.fullName || '—' }}</b> · {{ phone(row.phone) }}</span>
              <span class="where">{{ 'admin.import.rowLabelFile' | t: { row: row.rowNumber, sheet: row.sheet, file: row.fileName } }}</span>
              @if (row.patientId && merged().get(row.patientId); as referrals) {
                <span class="merged" data-testid="report-merged">{{ mergedLabel(referrals) }}</span>
              }
              @if (row.reasons.length > 0) {
                <span class="reasons">{{ row.reasons.join(' ') }}</span>
              }
            </li>
          } @empty {
            <li class="empty">{{ 'admin.import.noRows' | t }}</li>
          }
        </ul>
        <mat-paginator [length]="filtered().length" [pageIndex]="pageIndex()" [pageSize]="pageSize" (page)="onPage($event)" [hidePageSize]="true" />
      </section>
    }
  `,
  styles: `
    :host { display: grid; gap: 12px; }
    .back { justify-self: start; min-height: 44px; }
    .page-title { margin: 0; }
    .when { margin: 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-medium); word-break: break-word; }
    .finishing { display: grid; gap: 8px; margin: 0; font: var(--mat-sys-body-medium); }
    .counts { display: grid; grid-template-columns: repeat(auto-fill, minmax(112px, 1fr)); gap: 8px; margin: 0; }
    .count { padding: 10px 12px; border-radius: 12px; background: var(--mat-sys-surface-container); }
    .count dt { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .count dd { margin: 4px 0 0; font: var(--mat-sys-headline-small); }
    @media (max-width: 719.98px) { .count dd { font: var(--mat-sys-title-large); } .actions > * { flex: 1 1 100%; } }
    .count--good { background: #d7f3dc; }
    .count--bad { background: var(--mat-sys-error-container); }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; }
    .actions > * { min-height: 44px; }
    h2 { font: var(--mat-sys-title-large); margin: 16px 0 4px; }
    .hint { margin: 0 0 8px; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .filters { margin-bottom: 8px; flex-wrap: wrap; }
    .rows { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
    .row { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: baseline; padding: 8px 12px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .result { padding: 2px 8px; border-radius: 8px; font: var(--mat-sys-label-medium); background: var(--mat-sys-surface-container-highest); }
    .result--created { background: #d7f3dc; color: #0b5120; }
    .result--rejected { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .person { font: var(--mat-sys-body-medium); }
    .headline { margin: 0; font: var(--mat-sys-title-medium); }
    .merged { padding: 2px 8px; border-radius: 8px; font: var(--mat-sys-label-medium); background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .where { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .reasons { flex-basis: 100%; font: var(--mat-sys-body-small); color: var(--mat-sys-error); }
    .problem { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .empty { padding: 16px; color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportReportPage {
  private readonly api = inject(AdminApi);
  private readonly i18n = inject(TranslationService);

  /** From the route `reports/:importId`. */
  readonly importId = input.required<string>();
  readonly report = signal<ImportReport | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly filter = signal<ResultFilter>('all');
  readonly pageIndex = signal(0);
  readonly pageSize = 50;
  private timer: ReturnType<typeof setTimeout> | undefined;

  readonly filtered = computed<readonly ReportRow[]>(() => {
    const rows = this.report()?.rows ?? [];
    switch (this.filter()) {
      case 'all':
        return rows;
      case 'created':
        return rows.filter((row) => row.result === 'created' || row.result === 'existing');
      case 'problems':
        return rows.filter((row) => row.result === 'rejected' || row.result === 'excluded' || row.reasons.length > 0);
    }
  });
  /** patientId → referrals, for the patients this import gave more than one. */
  readonly merged = computed(() => mergedPatients(this.report()?.rows ?? []));
  readonly headline = computed(() => {
    const report = this.report();
    if (!report) return '';
    const headline = reportHeadline(report.counts, this.merged().size);
    switch (headline.kind) {
      case 'nothing_new':
        return this.i18n.plural('admin.report.headline.nothingNew', headline.alreadyImported);
      case 'nothing_imported':
        return this.i18n.t('admin.report.headline.nothingImported');
      case 'imported':
        return [
          this.i18n.t('admin.report.headline.imported', { referrals: headline.referrals, patients: headline.patients }),
          headline.alreadyImported > 0 ? this.i18n.t('admin.report.headline.alsoImportedBefore', { count: headline.alreadyImported }) : '',
          headline.merged > 0 ? this.i18n.t('admin.report.headline.merged', { count: headline.merged }) : '',
        ].filter(Boolean).join(' ');
    }
  });
  readonly pageRows = computed(() => this.filtered().slice(this.pageIndex() * this.pageSize, (this.pageIndex() + 1) * this.pageSize));

  constructor() {
    effect(() => {
      const importId = this.importId();
      untracked(() => void this.load(importId));
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  mergedLabel(referrals: number): string {
    return this.i18n.plural('admin.report.mergedRow', referrals);
  }

  time(iso: string): string {
    return formatDateTime(iso, this.i18n.language());
  }

  phone(value: string): string {
    return value.startsWith('+') ? formatPhone(value) : value;
  }

  setFilter(filter: ResultFilter): void {
    this.filter.set(filter);
    this.pageIndex.set(0);
  }

  onPage(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
  }

  async downloadRejected(): Promise<void> {
    const report = this.report();
    if (!report) return;
    try {
      saveFile(await this.api.rejectedCsv(report.importId));
    } catch (error) {
      this.error.set(error instanceof ApiCallError ? error.message : this.i18n.t('error.internal'));
    }
  }

  private async load(importId: string): Promise<void> {
    clearTimeout(this.timer);
    this.loading.set(true);
    try {
      const report = await this.api.report(importId);
      this.report.set(report);
      this.error.set(null);
      if (report.state === 'finishing') this.timer = setTimeout(() => void this.load(importId), FINISHING_POLL_MS);
    } catch (error) {
      this.error.set(error instanceof ApiCallError ? error.message : this.i18n.t('error.internal'));
    } finally {
      this.loading.set(false);
    }
  }
}
