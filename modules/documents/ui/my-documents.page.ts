import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { DataService, selectUser } from '@oblako/shell-kit';
import { askToConfirm } from '@oblako/shell-kit/confirm';
import { debounceTime, filter, map, skip, switchMap } from 'rxjs';
import { checkDocumentChange, type DocumentFileRecord, type DocumentType, type MedicalDocument } from '../index';
import { limitsOrDefaults } from './file-checks';
import { DocumentListComponent } from './lists/document-list.component';
import { DocumentsText, DocumentsTextPipe } from './text';
import { UploadLimitsService } from './upload-limits.service';
import { UploadQueue } from './upload-queue.service';

/** Examination results: at least one is needed for a consultation (DOMAIN.md). */
const EXAMINATIONS: readonly DocumentType[] = ['discharge', 'ultrasound', 'mri', 'ct', 'lab', 'ecg', 'other'];

/**
 * The patient's «Документы»: what the consultation needs, their documents newest first with
 * every file's state, adding and deleting. Everything reads the device's data: works offline.
 */
@Component({
  selector: 'ob-my-documents',
  imports: [MatButton, MatIcon, RouterLink, DocumentsTextPipe, DocumentListComponent],
  template: `
    <div class="head">
      <h1 class="page-title">{{ 'documents.title' | t }}</h1>
      <a mat-flat-button routerLink="new" data-testid="add-document"><mat-icon svgIcon="add" />{{ 'documents.add' | t }}</a>
    </div>
    <a mat-button routerLink="views" class="views-link" data-testid="record-views-link"><mat-icon svgIcon="visibility" />{{ 'documents.views.link' | t }}</a>

    <section class="checklist" data-testid="checklist" [attr.aria-label]="'documents.checklist.title' | t">
      <h2>{{ 'documents.checklist.title' | t }}</h2>
      <ul>
        <li [class.done]="checklist().conclusion" data-testid="checklist-conclusion" [attr.data-done]="checklist().conclusion">
          <mat-icon [svgIcon]="checklist().conclusion ? 'check_circle' : 'radio_button_unchecked'" />{{ 'documents.checklist.conclusion' | t }}
        </li>
        <li [class.done]="checklist().examination" data-testid="checklist-examination" [attr.data-done]="checklist().examination">
          <mat-icon [svgIcon]="checklist().examination ? 'check_circle' : 'radio_button_unchecked'" />{{ 'documents.checklist.examination' | t }}
        </li>
      </ul>
      <p class="limits">{{ limitsLine() }} {{ 'documents.allowedTypes' | t }}</p>
    </section>

    @if (documents() === undefined) {
      <p>{{ 'common.loading' | t }}</p>
    } @else if (documents()!.length === 0) {
      <p class="empty" data-testid="no-documents">{{ 'documents.noDocuments' | t }}</p>
    } @else {
      <ob-document-list [documents]="documents()!" [records]="records()" mode="patient" (remove)="confirmDelete($event)" />
    }
  `,
  styles: `
    .head { display: flex; align-items: center; justify-content: space-between; gap: 12px; flex-wrap: wrap; margin-bottom: 12px; }
    .head .page-title { margin: 0; }
    .head a { min-height: 48px; }
    .views-link { min-height: 48px; margin: -4px 0 8px -12px; }
    .checklist { border-radius: 12px; background: var(--mat-sys-surface-container-low); padding: 12px 16px; margin-bottom: 16px; }
    .checklist h2 { margin: 0 0 4px; font: var(--mat-sys-title-small); }
    .checklist ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
    .checklist li { display: flex; align-items: flex-start; gap: 8px; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .checklist li.done { color: var(--mat-sys-on-surface); }
    .checklist li.done mat-icon { color: var(--mat-sys-primary); }
    .checklist mat-icon { flex: none; width: 20px; height: 20px; }
    .limits { margin: 8px 0 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .empty { color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyDocumentsPage {
  private readonly data = inject(DataService);
  private readonly text = inject(DocumentsText);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly queue = inject(UploadQueue);
  private readonly limits = inject(UploadLimitsService);
  private readonly user = inject(Store).selectSignal(selectUser);

  private readonly mine$ = toObservable(this.user).pipe(filter((user) => user !== null));
  readonly documents = toSignal(
    this.mine$.pipe(
      switchMap((user) => this.data.find$<MedicalDocument>('documents', { patientId: user.id })),
      map((documents) => [...documents].sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt))),
    ),
  );
  readonly records = toSignal(
    this.mine$.pipe(
      switchMap((user) => this.data.find$<DocumentFileRecord>('document_files', { patientId: user.id })),
      map((records) => new Map(records.map((r) => [r.fileId, r]))),
    ),
    { initialValue: new Map<string, DocumentFileRecord>() },
  );

  readonly checklist = computed(() => {
    const types = new Set((this.documents() ?? []).map((d) => d.type));
    return { conclusion: types.has('conclusion'), examination: EXAMINATIONS.some((type) => types.has(type)) };
  });

  readonly limitsLine = computed(() => {
    const limits = limitsOrDefaults(this.limits.limits());
    return this.text.t('documents.limits', {
      maxFile: this.text.bytes(limits.maxFileBytes),
      quota: this.text.bytes(limits.quotaBytes),
      used: this.text.bytes(limits.usedBytes),
    });
  });

  constructor() {
    this.queue.start();
    void this.limits.refresh();
    // A verdict arrived (a file uploaded or rejected): the space used changed.
    toObservable(this.records)
      .pipe(skip(1), debounceTime(1_000), takeUntilDestroyed())
      .subscribe(() => void this.limits.refresh());
  }

  async confirmDelete(document: MedicalDocument): Promise<void> {
    const user = this.user();
    if (!user) return;
    const refusal = checkDocumentChange({ writer: { id: user.id, role: user.role }, before: document as never, after: null });
    if (refusal) {
      this.snackBar.open(this.text.t(`documents.error.${refusal.field}.${refusal.code}`), undefined, { duration: 5000 });
      return;
    }
    const confirmed = await askToConfirm(this.dialog, {
      title: this.text.t('documents.deleteTitle'),
      text: this.text.t('documents.deleteConfirm'),
      confirmLabel: this.text.t('documents.deleteAction'),
      cancelLabel: this.text.t('documents.cancel'),
      danger: true,
    });
    if (!confirmed) return;
    await this.queue.forgetDocument(document.id);
    await this.data.remove('documents', document.id);
    void this.limits.refresh();
    this.snackBar.open(this.text.t('documents.deleted'), undefined, { duration: 4000 });
  }
}
