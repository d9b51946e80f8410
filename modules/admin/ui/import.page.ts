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
import { ApiCallError, TranslatePipe, TranslationService } from '@oblako/shell-kit';
import { askToConfirm } from '@oblako/shell-kit/confirm';
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
  templateUrl: './import.page.html',
  styleUrl: './import.page.css',
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
