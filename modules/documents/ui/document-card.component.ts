import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { Store } from '@ngrx/store';
import { selectOnline } from '@oblako/shell-kit';
import { isServerDocumentType, type DeclaredFile, type DocumentFileRecord, type MedicalDocument } from '../schema';
import type { OpenableFile } from './file-source';
import { fileView, type FileView } from './file-view';
import { OfflineFiles } from './offline-files.service';
import { DocumentsText, DocumentsTextPipe, formatDocumentDate } from './text';
import { UploadQueue } from './upload-queue.service';
import { FileViewerComponent } from './viewers/file-viewer.component';

interface FileRow {
  file: DeclaredFile;
  view: FileView;
  record: DocumentFileRecord | undefined;
  icon: string;
  onDevice: boolean;
  /** Labels worked out once per change of the row, not on every change detection of the list. */
  stateText: string;
  sizeText: string;
  reasonText: string;
}

/**
 * One medical document: its type, date, note and files, each file with its state (waiting,
 * uploading n %, checking, uploaded, rejected with the reason) and, once verified, an inline
 * viewer. Patients may delete a document no doctor has reviewed; doctors mark it reviewed.
 */
@Component({
  selector: 'ob-document-card',
  imports: [MatButton, MatIconButton, MatIcon, MatProgressBar, DocumentsTextPipe, FileViewerComponent],
  template: `
    <article class="document" data-testid="document" [attr.data-type]="document().type">
      <header>
        <mat-icon class="kind" svgIcon="description" />
        <div class="heading">
          <h2>{{ typeText() }}</h2>
          <span class="meta">{{ date() }} · {{ fileCount() }}</span>
        </div>
        @if (mode() === 'patient' && !document().reviewedAt && !serverDocument()) {
          <button mat-icon-button type="button" (click)="remove.emit()" [attr.aria-label]="'documents.delete' | t" data-testid="delete-document">
            <mat-icon svgIcon="delete" />
          </button>
        }
      </header>
      @if (document().note) {
        <p class="note">{{ document().note }}</p>
      }
      <ul class="files">
        <!-- Rows keyed by position, not by file id: the virtual list hands a scrolled-away card to
             another document, and its file rows then keep their elements (icon, texts) and only
             change their texts, instead of being destroyed and built again on every frame of a fling. -->
        @for (row of rows(); track $index) {
          <li class="file" data-testid="file" [attr.data-state]="row.view.kind" [attr.data-name]="row.file.name">
            <mat-icon class="file-icon" [svgIcon]="row.icon" />
            <div class="file-main">
              <div class="name" [title]="row.file.name">{{ row.file.name }}</div>
              <div class="state-line">
                @if (row.onDevice) {
                  <mat-icon class="on-device" svgIcon="offline_pin" [attr.aria-label]="'documents.file.offline' | t" [title]="'documents.file.offline' | t" data-testid="file-on-device" />
                }
                <span [class]="'state state--' + row.view.kind" data-testid="file-state">{{ row.stateText }}</span>
                <span class="size">· {{ row.sizeText }}</span>
              </div>
              @if (row.view.kind === 'uploading') {
                <mat-progress-bar mode="determinate" [value]="row.view.percent ?? 0" [attr.aria-label]="row.stateText" />
              } @else if (row.view.kind === 'verifying') {
                <mat-progress-bar mode="indeterminate" />
              }
              @if (row.reasonText) {
                <p class="reason" data-testid="file-reason">{{ row.reasonText }}</p>
              }
            </div>
            <div class="file-actions">
              @if (row.view.retry) {
                <button mat-button type="button" (click)="retry(row.file.fileId)">
                  <mat-icon svgIcon="refresh" />{{ 'documents.retry' | t }}
                </button>
              }
              @if (row.view.openable) {
                <button mat-stroked-button type="button" (click)="toggle(row.file.fileId)" [attr.aria-expanded]="opened() === row.file.fileId" data-testid="open-file">
                  {{ (opened() === row.file.fileId ? 'documents.file.close' : 'documents.file.open') | t }}
                </button>
              }
            </div>
          </li>
          @if (opened() === row.file.fileId) {
            <li class="viewer-row">
              <ob-file-viewer [patientId]="document().patientId" [files]="openedFiles()" [startAt]="opened()" />
            </li>
          }
        }
      </ul>
      @if (serverDocument()) {
        <p class="reviewed" data-testid="server-document"><mat-icon svgIcon="done_all" />{{ 'documents.serverDocument' | t }}</p>
      } @else if (reviewedText(); as reviewedText) {
        <p class="reviewed" data-testid="reviewed"><mat-icon svgIcon="done_all" />{{ reviewedText }}</p>
      } @else if (mode() === 'doctor') {
        <div class="review">
          <button mat-stroked-button type="button" (click)="review.emit()" data-testid="mark-reviewed">
            <mat-icon svgIcon="done_all" />{{ 'documents.markReviewed' | t }}
          </button>
        </div>
      }
    </article>
  `,
  styles: `
    .document { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; background: var(--mat-sys-surface-container-lowest); padding: 12px 12px 8px 16px; }
    header { display: flex; align-items: center; gap: 12px; }
    .kind { color: var(--mat-sys-primary); flex: none; }
    .heading { flex: 1; min-width: 0; }
    h2 { margin: 0; font: var(--mat-sys-title-medium); }
    .meta { font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .note { margin: 8px 0 0; font: var(--mat-sys-body-medium); white-space: pre-wrap; overflow-wrap: anywhere; }
    .files { list-style: none; margin: 8px 0 0; padding: 0; display: grid; }
    .file { display: grid; grid-template-columns: 24px minmax(0, 1fr) auto; gap: 4px 12px; align-items: center; padding: 10px 0; border-top: 1px solid var(--mat-sys-outline-variant); }
    .file-icon { color: var(--mat-sys-on-surface-variant); align-self: start; margin-top: 2px; }
    .name { font: var(--mat-sys-body-large); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }
    .state-line { display: flex; align-items: center; gap: 4px; flex-wrap: wrap; margin: 2px 0 4px; }
    .size { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .state { font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    .state--uploaded { color: var(--mat-sys-primary); }
    .state--rejected, .state--failed { color: var(--mat-sys-error); }
    .on-device { width: 18px; height: 18px; color: var(--mat-sys-primary); }
    .reason { margin: 0; font: var(--mat-sys-body-medium); color: var(--mat-sys-error); }
    .file-actions { display: flex; gap: 4px; flex-wrap: wrap; justify-content: flex-end; }
    .viewer-row { padding: 0 0 12px; }
    .reviewed { display: flex; align-items: center; gap: 8px; margin: 8px 0 4px; font: var(--mat-sys-label-large); color: var(--mat-sys-on-secondary-container); }
    .review { display: flex; justify-content: flex-end; padding-top: 8px; border-top: 1px solid var(--mat-sys-outline-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DocumentCardComponent {
  private readonly text = inject(DocumentsText);
  private readonly queue = inject(UploadQueue);
  private readonly offline = inject(OfflineFiles);
  private readonly online = inject(Store).selectSignal(selectOnline);

  readonly document = input.required<MedicalDocument>();
  /** The server's verdicts by file id. */
  readonly records = input.required<ReadonlyMap<string, DocumentFileRecord>>();
  readonly mode = input.required<'patient' | 'doctor' | 'reader'>();
  readonly remove = output<void>();
  readonly review = output<void>();

  readonly opened = signal<string | null>(null);
  readonly date = computed(() => formatDocumentDate(this.document().date));
  /** Written by the server (the consultant's conclusion): never deleted, nothing to review. */
  readonly serverDocument = computed(() => isServerDocumentType(this.document().type));
  readonly fileCount = computed(() => this.text.plural('documents.fileCount', this.document().files.length));
  readonly typeText = computed(() => this.text.t(`documents.type.${this.document().type}`));
  /** «Просмотрено 01.12.2026» in the viewer's zone; '' while not reviewed. */
  readonly reviewedText = computed(() => {
    const reviewedAt = this.document().reviewedAt;
    return reviewedAt ? this.text.t('documents.reviewedOn', { date: this.text.day(reviewedAt) }) : '';
  });

  readonly rows = computed<FileRow[]>(() => {
    const records = this.records();
    const online = this.online();
    const patientId = this.document().patientId;
    // The queue's and the offline cache's signals are read inside: rows follow them live.
    return this.document().files.map((file) => {
      const record = records.get(file.fileId);
      let view = fileView(record, this.queue.entryOf(file.fileId), this.queue.progressOf(file.fileId), online);
      // Staff see a file the patient has not finished sending, not "another device".
      if (view.kind === 'elsewhere' && this.mode() !== 'patient') view = { ...view, label: 'documents.state.notYetUploaded' };
      return {
        file,
        view,
        record,
        icon: iconOf(record?.mime ?? file.mime, file.name),
        onDevice: this.offline.isOnDevice(patientId, file.fileId),
        stateText: this.text.t(view.label, view.params),
        sizeText: this.text.bytes(file.size),
        reasonText: view.reason ? this.text.t(view.reason) : '',
      };
    });
  });

  toggle(fileId: string): void {
    this.opened.update((current) => (current === fileId ? null : fileId));
  }

  retry(fileId: string): void {
    void this.queue.retry(fileId);
  }

  /**
   * The opened file; a DICOM file opens with the document's other verified DICOM files (a
   * series), a photo with the document's other photos (the pages of one paper document).
   */
  readonly openedFiles = computed<OpenableFile[]>(() => {
    const records = this.records();
    const opened = this.opened() === null ? undefined : records.get(this.opened()!);
    if (!isOpenable(opened)) return [];
    if (opened.mime === 'application/pdf') return [opened];
    const sameKind = (record: DocumentFileRecord & OpenableFile) =>
      opened.mime === 'application/dicom' ? record.mime === 'application/dicom' : (record.mime ?? '').startsWith('image/');
    return this.document()
      .files.map((file) => records.get(file.fileId))
      .filter((record): record is DocumentFileRecord & OpenableFile => isOpenable(record) && sameKind(record));
  });
}

function isOpenable(record: DocumentFileRecord | undefined): record is DocumentFileRecord & OpenableFile {
  return record?.status === 'uploaded' && record.mime !== undefined && record.sha256 !== undefined;
}

function iconOf(mime: string, name: string): string {
  if (mime === 'application/pdf' || /\.pdf$/i.test(name)) return 'picture_as_pdf';
  if (mime.startsWith('image/') || mime === 'application/dicom' || /\.dcm$/i.test(name)) return 'image';
  return 'attach_file';
}
