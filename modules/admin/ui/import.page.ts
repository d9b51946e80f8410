import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import type { Language } from '@oblako/domain';
import { ApiCallError, TranslatePipe, TranslationService, askToConfirm } from '@oblako/shell-kit';
import { map } from 'rxjs';
import { IMPORT_LIMITS, type ImportPreview, type ImportSummary } from '../api';
import { AdminApi } from './admin-api';
import { FileDropComponent } from './file-drop.component';
import { formatDateTime, formatSize, saveFile, toUploadedFiles, tooLarge } from './files';
import { PreviewFilesComponent } from './preview-files.component';
import { assessSelection, countSelection, filterRows, rowLabeler, type RowFilter } from './preview-selection';
import { PreviewTableComponent, type ExclusionChange } from './preview-table.component';

type Stage = 'reading' | 'uploading' | 'processing' | 'committing';

/**
 * «Импорт направлений»: the manager drops the regional doctors' tables, sees what was
 * recognised and every row's status with the reason, leaves out rows, and imports the rest in
 * one step. Nothing is fixed in Excel: every decision is made here.
 */
@Component({
  selector: 'ob-import-page',
  imports: [
    MatButton, MatIconButton, MatIcon, MatProgressBar, MatButtonToggleGroup, MatButtonToggle, RouterLink, TranslatePipe,
    FileDropComponent, PreviewFilesComponent, PreviewTableComponent,
  ],
  template: `
    <div class="head">
      <h1 class="page-title">{{ 'admin.import.title' | t }}</h1>
      <button mat-stroked-button type="button" (click)="downloadTemplate()" data-testid="download-template">
        <mat-icon svgIcon="download" />{{ 'admin.import.template' | t }}
      </button>
    </div>

    <ob-file-drop [disabled]="stage() !== null" (filesChosen)="addFiles($event)" />

    @if (chosen().length > 0) {
      <ul class="chosen" [attr.aria-label]="'admin.import.chosenFiles' | t">
        @for (file of chosen(); track file.name + file.size; let index = $index) {
          <li class="chosen__file">
            <mat-icon svgIcon="description" />
            <span class="chosen__name">{{ file.name }}</span>
            <span class="chosen__size">{{ size(file.size) }}</span>
            <button mat-icon-button type="button" [disabled]="stage() !== null" (click)="removeFile(index)"
              [attr.aria-label]="'admin.import.removeFile' | t: { name: file.name }">
              <mat-icon svgIcon="close" />
            </button>
          </li>
        }
      </ul>
    }

    @if (stage(); as current) {
      <div class="progress" role="status" data-testid="import-progress">
        @switch (current) {
          @case ('reading') { <span>{{ 'admin.import.readingFiles' | t }}</span> <mat-progress-bar mode="indeterminate" /> }
          @case ('uploading') { <span>{{ 'admin.import.uploading' | t: { percent: percent() } }}</span> <mat-progress-bar mode="determinate" [value]="percent()" /> }
          @case ('processing') { <span>{{ 'admin.import.reading' | t }}</span> <mat-progress-bar mode="indeterminate" /> }
          @case ('committing') { <span>{{ 'admin.import.committing' | t }}</span> <mat-progress-bar mode="indeterminate" /> }
        }
      </div>
    }

    @for (message of problems(); track $index) {
      <p class="problem" role="alert" data-testid="import-error">{{ message }}</p>
    }
    @if (canRetry()) {
      <button mat-stroked-button type="button" (click)="runPreview()"><mat-icon svgIcon="refresh" />{{ 'admin.import.retry' | t }}</button>
    }

    @if (preview(); as current) {
      <section class="preview" data-testid="preview">
        <div class="section-head">
          <h2>{{ 'admin.import.preview' | t }}</h2>
          <span class="expires">{{ 'admin.import.expiresAt' | t: { time: time(current.expiresAt) } }}</span>
        </div>
        <ob-preview-files [files]="current.files" />

        @if (counts().rows > 0) {
          <mat-button-toggle-group class="filters" [value]="filter()" (change)="filter.set($event.value)" [hideSingleSelectionIndicator]="true"
            [attr.aria-label]="'admin.import.status' | t">
            <mat-button-toggle value="all">{{ 'admin.import.filter.all' | t }} · {{ counts().rows }}</mat-button-toggle>
            <mat-button-toggle value="errors" data-testid="filter-errors">{{ 'admin.import.filter.errors' | t }} · {{ counts().error }}</mat-button-toggle>
            <mat-button-toggle value="warnings">{{ 'admin.import.filter.warnings' | t }} · {{ counts().warning }}</mat-button-toggle>
            <mat-button-toggle value="excluded">{{ 'admin.import.filter.excluded' | t }} · {{ counts().excluded }}</mat-button-toggle>
          </mat-button-toggle-group>
          <div class="counters" role="status">
            <div data-testid="counters">{{ 'admin.import.summary' | t: counts() }}@if (counts().excluded > 0) { · {{ 'admin.import.counts.excluded' | t: counts() }} }</div>
            <div class="accounts" data-testid="accounts">{{ 'admin.import.summary.accounts' | t: counts() }}</div>
          </div>
          <ob-preview-table [views]="shown()" [filter]="filter()" [narrow]="handset()" (toggle)="onToggle($event)" />
        }
      </section>

      @if (counts().rows > 0) {
      <div class="commit-bar" data-testid="commit-bar">
        <div class="ready">
          @if (counts().referrals === 0) {
            <span class="nothing">{{ 'admin.import.nothingToImport' | t }}</span>
          } @else {
            {{ 'admin.import.ready' | t: counts() }}
          }
        </div>
        <button mat-flat-button type="button" class="commit" [disabled]="counts().referrals === 0 || stage() !== null" (click)="commit()" data-testid="commit">
          {{ 'admin.import.commit' | t }}
        </button>
      </div>
      }
    }

    @if (history().length > 0) {
      <section class="history">
        <h2>{{ 'admin.report.history' | t }}</h2>
        <ul>
          @for (item of history(); track item.importId) {
            <li>
              <a [routerLink]="['/admin/import/reports', item.importId]">{{ time(item.committedAt) }} · {{ item.fileNames.join(', ') }}</a>
              <span class="history__counts">{{ 'admin.report.historyCounts' | t: countsOf(item) }}</span>
            </li>
          }
        </ul>
      </section>
    }
  `,
  styles: `
    :host { display: grid; gap: 16px; }
    .head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; }
    .head .page-title { margin: 4px 0; }
    .head button { min-height: 44px; }
    .chosen { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 8px; }
    .chosen__file { display: inline-flex; align-items: center; gap: 6px; padding: 0 0 0 12px; border-radius: 12px; background: var(--mat-sys-surface-container); max-width: 100%; }
    .chosen__name { font: var(--mat-sys-body-medium); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .chosen__size { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); white-space: nowrap; }
    .progress { display: grid; gap: 8px; font: var(--mat-sys-body-medium); }
    .problem { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); font: var(--mat-sys-body-medium); }
    .preview { display: grid; gap: 12px; min-width: 0; }
    .section-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 8px; }
    h2 { font: var(--mat-sys-title-large); margin: 8px 0 0; }
    .expires { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .filters { flex-wrap: wrap; width: fit-content; max-width: 100%; }
    .counters { padding: 12px 16px; border-radius: 12px; background: var(--mat-sys-surface-container); font: var(--mat-sys-body-medium); }
    .accounts { margin-top: 4px; font: var(--mat-sys-title-small); }
    .commit-bar { position: sticky; bottom: 0; z-index: 1; display: flex; align-items: center; gap: 12px; padding: 8px 8px 8px 16px; border-radius: 16px;
      background: var(--mat-sys-surface-container-high); box-shadow: 0 -2px 8px rgb(0 0 0 / 12%); }
    .ready { flex: 1; font: var(--mat-sys-title-small); }
    .nothing { color: var(--mat-sys-error); font: var(--mat-sys-body-medium); }
    .commit { min-height: 48px; min-width: 160px; }
    .history ul { margin: 8px 0 0; padding-left: 20px; display: grid; gap: 6px; }
    .history a { color: var(--mat-sys-primary); }
    .history__counts { display: block; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    @media (max-width: 719.98px) { .commit { min-width: 0; } .ready { font: var(--mat-sys-body-medium); } .commit-bar { border-radius: 12px; } }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportPage {
  private readonly api = inject(AdminApi);
  private readonly i18n = inject(TranslationService);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);

  readonly handset = toSignal(inject(BreakpointObserver).observe('(max-width: 719.98px)').pipe(map((state) => state.matches)), { initialValue: false });
  readonly chosen = signal<File[]>([]);
  readonly stage = signal<Stage | null>(null);
  readonly percent = signal(0);
  readonly problems = signal<string[]>([]);
  readonly canRetry = signal(false);
  readonly preview = signal<ImportPreview | null>(null);
  readonly excluded = signal<ReadonlySet<string>>(new Set());
  readonly filter = signal<RowFilter>('all');
  readonly history = signal<ImportSummary[]>([]);
  private generation = 0;

  readonly views = computed(() => {
    const preview = this.preview();
    if (!preview) return [];
    const language = this.i18n.language() as Language;
    const labelOf = rowLabeler(preview, (row, fileName) =>
      fileName
        ? this.i18n.t('admin.import.rowLabelFile', { row: row.rowNumber, sheet: row.sheet, file: fileName })
        : this.i18n.t('admin.import.rowLabel', { row: row.rowNumber, sheet: row.sheet }),
    );
    return assessSelection(preview, this.excluded(), language, labelOf);
  });
  readonly counts = computed(() => countSelection(this.views()));
  readonly shown = computed(() => filterRows(this.views(), this.filter()));

  constructor() {
    void this.loadHistory();
  }

  size(bytes: number): string {
    return formatSize(bytes, this.i18n.language());
  }

  time(iso: string): string {
    return formatDateTime(iso, this.i18n.language());
  }

  countsOf(item: ImportSummary): Record<string, number> {
    return { ...item.counts };
  }

  addFiles(files: readonly File[]): void {
    const problems: string[] = [];
    const kept = [...this.chosen()];
    for (const file of files) {
      if (tooLarge(file)) problems.push(this.i18n.t('admin.import.tooLarge', { name: file.name }));
      else if (!kept.some((other) => other.name === file.name && other.size === file.size)) kept.push(file);
    }
    if (kept.length > IMPORT_LIMITS.maxFiles) problems.push(this.i18n.t('admin.import.tooManyFiles', { max: IMPORT_LIMITS.maxFiles }));
    this.chosen.set(kept.slice(0, IMPORT_LIMITS.maxFiles));
    void this.runPreview(problems);
  }

  removeFile(index: number): void {
    this.chosen.update((files) => files.filter((_file, i) => i !== index));
    void this.runPreview();
  }

  /** Every change of the chosen files makes a new preview of all of them. */
  async runPreview(problems: string[] = []): Promise<void> {
    const generation = ++this.generation;
    const files = this.chosen();
    this.preview.set(null);
    this.excluded.set(new Set());
    this.filter.set('all');
    this.problems.set(problems);
    this.canRetry.set(false);
    if (files.length === 0) return;
    try {
      this.stage.set('reading');
      const uploaded = await toUploadedFiles(files, () => undefined);
      if (generation !== this.generation) return;
      this.percent.set(0);
      this.stage.set('uploading');
      const preview = await this.api.preview(uploaded, (sent) => {
        if (generation !== this.generation) return;
        this.percent.set(Math.round(sent * 100));
        if (sent >= 1) this.stage.set('processing');
      });
      if (generation !== this.generation) return;
      this.preview.set(preview);
    } catch (error) {
      if (generation !== this.generation) return;
      this.problems.update((list) => [...list, messageOf(error, this.i18n)]);
      this.canRetry.set(error instanceof ApiCallError && (error.code === 'network' || error.status >= 500));
    } finally {
      if (generation === this.generation) this.stage.set(null);
    }
  }

  onToggle(change: ExclusionChange): void {
    this.excluded.update((excluded) => {
      const next = new Set(excluded);
      if (change.excluded) next.add(change.rowId);
      else next.delete(change.rowId);
      return next;
    });
  }

  async commit(): Promise<void> {
    const preview = this.preview();
    const counts = this.counts();
    if (!preview || counts.referrals === 0 || this.stage() !== null) return;
    const confirmed = await askToConfirm(this.dialog, {
      title: this.i18n.t('admin.import.commitTitle'),
      text: this.i18n.t('admin.import.commitConfirm', counts),
      confirmLabel: this.i18n.t('admin.import.commit'),
      cancelLabel: this.i18n.t('admin.import.cancel'),
    });
    if (!confirmed) return;
    this.stage.set('committing');
    this.problems.set([]);
    try {
      const report = await this.api.commit({ previewId: preview.previewId, excludedRows: [...this.excluded()] });
      await this.router.navigate(['/admin/import/reports', report.importId]);
    } catch (error) {
      this.problems.set([messageOf(error, this.i18n)]);
      // An expired or outdated preview: the same files, checked again, give a fresh one.
      this.canRetry.set(error instanceof ApiCallError && ['import_preview_expired', 'import_conflict', 'network'].includes(error.code));
    } finally {
      this.stage.set(null);
    }
  }

  async downloadTemplate(): Promise<void> {
    try {
      saveFile(await this.api.template());
    } catch (error) {
      this.problems.set([messageOf(error, this.i18n)]);
    }
  }

  private async loadHistory(): Promise<void> {
    try {
      this.history.set((await this.api.imports()).slice(0, 10));
    } catch {
      // The history is a convenience; the import works without it.
    }
  }
}

function messageOf(error: unknown, i18n: TranslationService): string {
  return error instanceof ApiCallError ? error.message : i18n.t('error.internal');
}
